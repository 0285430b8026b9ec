import { useSyncExternalStore } from 'react';

/** antd's `md` breakpoint (its default 768 px): at and above it the app draws its desktop layout. */
const WIDE = '(min-width: 768px)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(WIDE);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/**
 * Whether the screen is wide (antd's `md` and up), from its first render: antd's
 * `Grid.useBreakpoint` answers "no breakpoint" on the first render and re-renders its whole
 * subtree once it knows, in the same task — on a phone's frame and pages that was one long task
 * for nothing. A page the server drew is drawn narrow (it draws only for phones), and a phone
 * hydrating it finds it narrow too: nothing is drawn again.
 */
export function useWide(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(WIDE).matches,
    () => false,
  );
}
