import type { ButtonProps, DropdownProps } from 'antd';
import { cloneElement, lazy, type ReactElement, Suspense, useState } from 'react';

let dropdownModule: Promise<typeof import('./dropdown-part.js')> | undefined;
const loadDropdown = () => {
  dropdownModule ??= import('./dropdown-part.js');
  return dropdownModule;
};
const Dropdown = lazy(loadDropdown);

/**
 * A button that opens a menu (the header's language and account menus). antd's dropdown and
 * menu are fetched when the pointer comes near or the button gets focus, and shown on the first
 * click; until then the button is plain, so a page's first load does not carry them.
 */
export function MenuButton({
  menu,
  placement,
  children,
}: {
  menu: DropdownProps['menu'];
  placement?: DropdownProps['placement'];
  children: ReactElement<ButtonProps>;
}) {
  const [open, setOpen] = useState(false);
  const [used, setUsed] = useState(false);
  const warm = () => void loadDropdown();
  const plain = cloneElement(children, {
    'aria-haspopup': 'menu',
    'aria-expanded': false,
    onPointerEnter: warm,
    onFocus: warm,
    onClick: () => {
      setUsed(true);
      setOpen(true);
    },
  } as ButtonProps);
  if (!used) return plain;
  return (
    <Suspense fallback={plain}>
      <Dropdown menu={menu} trigger={['click']} placement={placement} open={open} onOpenChange={setOpen}>
        {children}
      </Dropdown>
    </Suspense>
  );
}
