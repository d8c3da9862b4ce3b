/**
 * Dates without ICU where its answer is known: the first
 * `Intl.DateTimeFormat` of a process costs ~20 ms of a cold `build` that
 * prints one date (sorting them: compareText.ts).
 */

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
