/** Small text helpers for rule messages and comparisons. */
import { excerpt } from '../render/text.js';

let segmenter: Intl.Segmenter | null = null;

/** Characters as a reader counts them: an emoji or an accented letter is one. */
export function graphemes(s: string): number {
  // Printable ASCII is one grapheme per character: no need for ICU, whose first segmenter costs ~20 ms.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...segmenter.segment(s)].length;
}

/** A value quoted for a message, shortened at a word. */
export function quote(s: string, max = 60): string {
  return `"${excerpt(s, max)}"`;
}

export { normalise } from '../util/normalise.js';

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The items whose key was not seen before, in order. */
export function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
