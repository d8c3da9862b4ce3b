/** What an author leaves in by mistake: TODO, TBD, FIXME, XX:XX, lorem ipsum, an unfilled {{...}}. */

export const LEFTOVERS: { re: RegExp; what: string }[] = [
  { re: /\bTODO\b/, what: 'a TODO' },
  { re: /\bTBD\b/, what: 'a TBD' },
  { re: /\bFIXME\b/, what: 'a FIXME' },
  { re: /\bXX:XX\b/i, what: 'an XX:XX placeholder' },
  { re: /\blorem ipsum\b/i, what: 'lorem ipsum filler' },
  { re: /\{\{[^{}\n]*\}\}/, what: 'an unfilled {{...}} placeholder' },
];

/** Finds leftovers in a string: the first match of each kind. */
export function findLeftovers(s: string): { match: string; what: string }[] {
  const out: { match: string; what: string }[] = [];
  for (const l of LEFTOVERS) {
    const m = l.re.exec(s);
    if (m) out.push({ match: m[0], what: l.what });
  }
  return out;
}
