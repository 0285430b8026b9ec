import { Switch } from 'antd';
import { useId } from 'react';

/** A small switch with its visible text as the label (clicking the text toggles it too). */
export function LabeledSwitch({
  checked,
  onChange,
  label,
}: {
  checked: boolean | undefined;
  onChange: (v: boolean) => void;
  label: string;
}) {
  const id = useId();
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 13 }}>
      <Switch id={id} size="small" checked={checked} onChange={onChange} />
      <label htmlFor={id} style={{ cursor: 'pointer' }}>
        {label}
      </label>
    </span>
  );
}
