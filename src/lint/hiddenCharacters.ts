/**
 * Invisible characters that change what a reader sees or what a filter
 * reads: bidi controls (they reorder the text after them, the trick behind
 * spoofed file names and "Trojan Source") and zero-width characters (they
 * split words so that filters and searches miss them). Spam filters score
 * both.
 */

export interface HiddenCharacter {
  char: string;
  /** Offset in the string, in UTF-16 code units. */
  index: number;
  /** `U+202E RIGHT-TO-LEFT OVERRIDE`. */
  name: string;
}

const NAMES: Record<string, string> = {
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\u200b': 'ZERO WIDTH SPACE',
  '\u200c': 'ZERO WIDTH NON-JOINER',
  '\u200d': 'ZERO WIDTH JOINER',
  '\u2060': 'WORD JOINER',
  '\ufeff': 'ZERO WIDTH NO-BREAK SPACE',
};

const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
/** What a joiner legitimately sits between: emoji (👩‍👩‍👧) and the letters of scripts that need joiners (Persian, Hindi...). */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]/u;
const JOINING_SCRIPT = /[\p{L}\p{M}]/u;
const LATIN_LIKE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;

function describe(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} ${NAMES[char] ?? ''}`.trim();
}

function find(s: string, re: RegExp, keep: (s: string, i: number) => boolean = () => true): HiddenCharacter[] {
  const out: HiddenCharacter[] = [];
  for (const m of s.matchAll(re)) if (keep(s, m.index)) out.push({ char: m[0], index: m.index, name: describe(m[0]) });
  return out;
}

/** Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). */
export function findBidiControls(s: string): HiddenCharacter[] {
  return find(s, BIDI);
}

/** Zero-width characters (U+200B–U+200D, U+2060, U+FEFF), except joiners inside emoji and in scripts that need them. */
export function findZeroWidth(s: string): HiddenCharacter[] {
  return find(s, ZERO_WIDTH, (str, i) => {
    const c = str[i]!;
    if (c !== '\u200c' && c !== '\u200d') return true;
    const before = [...str.slice(Math.max(0, i - 2), i)].pop() ?? '';
    const after = [...str.slice(i + 1, i + 3)][0] ?? '';
    if (c === '\u200d' && EMOJI.test(before) && EMOJI.test(after)) return false;
    const needsJoiner = (ch: string): boolean => JOINING_SCRIPT.test(ch) && !LATIN_LIKE.test(ch);
    return !(needsJoiner(before) && needsJoiner(after));
  });
}

/** The 1-based column of a UTF-16 offset, counted in characters as editors do. */
export function columnOf(s: string, index: number): number {
  return [...s.slice(0, index)].length + 1;
}
