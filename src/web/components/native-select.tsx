export interface NativeOption<V extends string | number> {
  value: V;
  label: string;
  disabled?: boolean;
  /** Shown on hover (why an option is disabled, say). */
  title?: string;
}

/**
 * A picker over a few known options as the browser's own `<select>`: a phone opens its system
 * picker, the keyboard works as everywhere, and the page does not download antd's select (its
 * virtual list and popup positioning, about 20 kB) for the scheme and quarter pickers of the
 * pages a member opens.
 */
export function NativeSelect<V extends string | number>({
  value,
  options,
  onChange,
  placeholder,
  disabled,
  minWidth,
  ...aria
}: {
  value: V | undefined;
  options: readonly NativeOption<V>[];
  onChange: (value: V) => void;
  placeholder?: string;
  disabled?: boolean;
  minWidth?: number;
  'aria-label': string;
}) {
  const index = options.findIndex((o) => o.value === value);
  return (
    <select
      className="kh-select"
      aria-label={aria['aria-label']}
      value={index < 0 ? '' : String(index)}
      disabled={disabled}
      style={minWidth ? { minWidth } : undefined}
      onChange={(e) => {
        const picked = options[Number(e.target.value)];
        if (picked) onChange(picked.value);
      }}
    >
      {index < 0 ? (
        <option value="" disabled>
          {placeholder ?? ''}
        </option>
      ) : null}
      {options.map((o, i) => (
        <option key={String(o.value)} value={String(i)} disabled={o.disabled} title={o.title}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
