/**
 * The legal holidays' names in English. The holiday library (tyme4ts) and the State Council's
 * notices name them in Chinese, and that is what is stored; the English UI shows these. A name
 * an administrator typed (not in this list) is shown as typed.
 */
export const holidayNamesEn: Readonly<Record<string, string>> = {
  元旦: 'New Year’s Day',
  元旦节: 'New Year’s Day',
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  清明: 'Qingming Festival',
  劳动节: 'Labour Day',
  五一: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  端午: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  中秋: 'Mid-Autumn Festival',
  国庆节: 'National Day',
  国庆: 'National Day',
  国庆中秋: 'National Day and Mid-Autumn Festival',
};

/** A holiday's name in the UI's language. */
export function holidayNameIn(name: string, side: 'zh' | 'en'): string {
  return side === 'en' ? (holidayNamesEn[name.trim()] ?? name) : name;
}
