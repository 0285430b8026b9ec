import { type ReactNode, Suspense, useState } from 'react';

/**
 * Renders `children` — a drawer or dialog loaded with `React.lazy` — from the first time `open`
 * is true, and keeps it mounted afterwards so it closes with its animation. Until then nothing
 * is rendered, so the drawer's code is fetched when the reader first opens it, not with the page.
 */
export function OnFirstOpen({ open, children }: { open: boolean; children: ReactNode }) {
  const [used, setUsed] = useState(open);
  if (open && !used) setUsed(true);
  return used || open ? <Suspense fallback={null}>{children}</Suspense> : null;
}
