/**
 * The shape of the URLs and image paths authors write in fields. The scheme
 * (https, mailto; never javascript:) is util/links' checkUrl; this is what
 * must hold for the value to stay one URL wherever it goes: an href, a
 * List-Unsubscribe header, a file path. A CR/LF, a space or a `>` in
 * `unsubscribe_url` would otherwise become a different header.
 */

export interface ShapeProblem {
  message: string;
  hint: string;
}

/** Invisible and direction-changing characters: a reader can't see them, and they can make one address look like another. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

/** Why `c` can't be in a URL, or null. */
function badChar(c: string): string | null {
  const code = c.codePointAt(0)!;
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return 'a line break';
  if (c === ' ' || c === '\t' || c === '\u00a0' || c === '\u3000') return 'a space';
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `the control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  if ('<>"`\\'.includes(c)) return `the character ${c}`;
  if (INVISIBLE.test(c)) return `the invisible character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return null;
}

function charProblem(value: string, what: string): ShapeProblem | null {
  for (const c of value) {
    const why = badChar(c);
    if (why) {
      return {
        message: `${what} contains ${why}, which can't be part of an address`,
        hint: why === 'a space' ? 'Write the address with no spaces (a space in a path is %20)' : 'Write the address on one line, as the browser shows it',
      };
    }
  }
  return null;
}

/** A `%` must start an escape (`%20`): a stray one breaks decoding further down the line. */
function escapeProblem(value: string, what: string): ShapeProblem | null {
  if (!/%(?![0-9a-f]{2})/i.test(value)) return null;
  return { message: `${what} has a "%" that is not followed by two hex digits`, hint: 'Write a literal % as %25' };
}

function decodes(value: string): boolean {
  try {
    decodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with the shape of a link URL (the value of a `url:` field),
 * or null. Call it after checking the scheme: it assumes https, http or mailto.
 */
export function linkShapeProblem(value: string, what = 'The address'): ShapeProblem | null {
  const chars = charProblem(value, what) ?? escapeProblem(value, what);
  if (chars) return chars;
  if (/^mailto:/i.test(value)) {
    return /^mailto:[^@?]+@[^@?]+/i.test(value) && decodes(value.slice(7))
      ? null
      : { message: `${what} is not a mailto: address`, hint: 'e.g. mailto:hello@example.com' };
  }
  if (/^https?:/i.test(value)) {
    let host = '';
    try {
      host = new URL(value).hostname;
    } catch {
      // below
    }
    if (!/^https?:\/\/[^/?#]/i.test(value) || host === '' || !decodes(value)) {
      return { message: `${what} is not a valid web address`, hint: 'Write the full address, e.g. https://example.com/page' };
    }
  }
  return null;
}

/** What is wrong with a local image path (`assets/logo.png`), or null. Remote images are links. */
export function localImageProblem(value: string, what = 'The image path'): ShapeProblem | null {
  const chars = charProblem(value.replace(/ /g, '%20'), what) ?? escapeProblem(value, what);
  if (chars) return chars;
  let decoded: string;
  try {
    decoded = decodeURI(value.split(/[?#]/)[0] ?? value);
  } catch {
    return { message: `${what} has a "%" escape that is not valid UTF-8`, hint: 'Write the file name as it is, e.g. assets/logo.png' };
  }
  if (decoded.startsWith('/') || decoded.startsWith('\\') || /^[a-z]:/i.test(decoded) || decoded.split(/[\\/]/).includes('..')) {
    return {
      message: `${what} points outside the workspace`,
      hint: 'Use a path inside the workspace, e.g. assets/logo.png, or an https URL',
    };
  }
  if (decoded.includes('\u0000')) return { message: `${what} holds a NUL character`, hint: 'Write the file name as it is, e.g. assets/logo.png' };
  return null;
}
