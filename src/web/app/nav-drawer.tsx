import { Drawer } from 'antd';
import type { ReactNode } from 'react';

/** The navigation on a phone, in a drawer from the left; loaded when first opened. */
export function NavDrawer({
  open,
  onClose,
  title,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
}) {
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
      size={260}
      title={title}
      styles={{ body: { padding: 0 } }}
    >
      {children}
    </Drawer>
  );
}
