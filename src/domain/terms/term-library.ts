/**
 * The year's 24 term instants from tyme4ts. Kept apart from terms.ts so that only the server
 * loads the library (the web never imports this file; dependency-cruiser checks it).
 */
import { SolarTerm } from 'tyme4ts';
import { beijingJulianDayToIso, type TermStart, termNames } from './terms.js';

/**
 * The terms of calendar year `year` from the library: tyme4ts's index 1–23 of the year (小寒 …
 * 大雪) and index 0 of the next (its 冬至, which falls in December of `year`), each rounded to
 * the nearest minute of the exact instant. `closesAt` is the next year's 小寒, where the last
 * window ends.
 */
export function libraryTermsOfYear(year: number): { starts: TermStart[]; closesAt: string } {
  const starts = termNames.map((name, position) => {
    const term = position < 23 ? SolarTerm.fromIndex(year, position + 1) : SolarTerm.fromIndex(year + 1, 0);
    if (term.getName() !== name)
      throw new Error(`tyme4ts named term ${position} of ${year} ${term.getName()}`);
    return { position, name, startsAt: beijingJulianDayToIso(term.getJulianDay().getDay()) };
  });
  const closesAt = beijingJulianDayToIso(
    SolarTerm.fromIndex(year + 1, 1)
      .getJulianDay()
      .getDay(),
  );
  return { starts, closesAt };
}
