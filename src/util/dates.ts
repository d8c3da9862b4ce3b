/**
 * Date helpers that skip ICU where its answer is known: the first
 * `localeCompare` creates a collator and the first `Intl.DateTimeFormat` a
 * formatter, each tens of milliseconds of a cold `build` that sorts a few
 * issues and prints one date.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * a.localeCompare(b) for two dates: for YYYY-MM-DD strings, code-unit order
 * is that order (digits collate in numeric order, and the hyphens line up).
 */
export function compareDates(a: string, b: string): number {
  if (ISO_DATE.test(a) && ISO_DATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * `new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(date)`
 * for English as ICU writes it ("October 28, 2026"), or null for any other
 * language. test/dates.test.ts compares it with Intl over every day of several years.
 */
export function formatLongDateEn(lang: string, date: Date): string | null {
  if (lang !== 'en' && lang !== 'en-US') return null;
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return null;
  return `${EN_MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${year}`;
}
