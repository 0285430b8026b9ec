/**
 * The geometry of the member's small SVG charts (`features/points/svg-charts.tsx`): pure, so
 * the axis a reader sees is tested without a browser.
 */

/**
 * The score axis of a trend: from 0 to at least 100 (the scale of a score), or the next ten
 * above the highest value, so a 2-point dip looks like one and not like a crash (an axis fitted
 * to the data, 66–68, makes one of it). Values in points (not hundredths).
 */
export function scoreAxis(values: readonly (number | null)[]): { max: number; ticks: number[] } {
  const top = Math.max(0, ...values.filter((v): v is number => v !== null));
  const max = Math.max(100, Math.ceil(top / 10) * 10);
  // About five steps of a round size: 20 for 0–100, 30 for 0–150…
  const step = Math.max(10, Math.ceil(max / 5 / 10) * 10);
  const ticks: number[] = [];
  for (let v = 0; v < max; v += step) ticks.push(v);
  ticks.push(max);
  return { max, ticks };
}

/**
 * The corner of a radar's axis `i` of `n` at `fraction` of its length: the first axis points up,
 * the others follow clockwise.
 */
export function radarCorner(
  i: number,
  n: number,
  fraction: number,
  cx: number,
  cy: number,
  radius: number,
): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = radius * fraction;
  return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
}

/** Breaks a label into lines of at most `width` characters at spaces (CJK text is left whole). */
export function wrapLabel(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
