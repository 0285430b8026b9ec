import type { ReactNode } from 'react';

/**
 * A titled box that looks like antd's small card. antd's `Card` imports its tabs (about 9 kB
 * brotli) for every card; the member's phone page uses this instead so its first load does not
 * carry them.
 */
export function Panel({
  title,
  className,
  children,
}: {
  title?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={className ? `kh-panel ${className}` : 'kh-panel'}>
      {title ? <div className="kh-panel-head">{title}</div> : null}
      <div className="kh-panel-body">{children}</div>
    </section>
  );
}
