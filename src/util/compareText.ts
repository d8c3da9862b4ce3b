/**
 * a.localeCompare(b), without ICU when the answer is known: the first
 * localeCompare of a process creates a collator, 20-40 ms of a cold build
 * that sorts a few dates, slugs and paths. For strings of lower-case ASCII
 * letters, digits, "-", "." and "/" (ISO dates, slugs, most paths), ICU's
 * root order is code-unit order: that punctuation sorts before digits and
 * digits before letters in both, and there is no case or accent to weigh.
 * test/icu-shortcuts.test.ts checks it against localeCompare.
 */
const PLAIN = /^[a-z0-9./-]*$/;

export function compareText(a: string, b: string): number {
  if (PLAIN.test(a) && PLAIN.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return a.localeCompare(b);
}
