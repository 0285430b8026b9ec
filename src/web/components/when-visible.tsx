import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Renders `children` once its box comes near the screen, and an empty box of `height` until
 * then. Charts sit below the fold on a phone: their code (echarts, ~150 kB) is fetched when the
 * reader scrolls to them, not with the page. Without IntersectionObserver it renders at once.
 */
export function WhenVisible({ height, children }: { height: number; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = box.current;
    if (shown || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setShown(true);
      },
      { rootMargin: '200px 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [shown]);
  if (shown) return <>{children}</>;
  return <div ref={box} style={{ minHeight: height }} />;
}
