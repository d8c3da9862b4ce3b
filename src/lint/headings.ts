/** The headings of an email, in order, each knowing whether the author, an override or the default theme wrote it. */
import { bodyLines } from './sourceValues.js';
import type { Place } from './locate.js';
import { overrideFor, partialAtOffset } from './partials.js';
import type { LintSource } from './types.js';

export interface Heading {
  level: number;
  text: string;
  /** content: written in markdown by the author; theme: printed by a default-theme template; override: printed by the author's template. */
  origin: 'content' | 'theme' | 'override';
  place: Place;
}

/** The headings of the email in order, read from the generated MJML so each one knows the template it came from. */
export function headingsOf(input: LintSource): Heading[] {
  const { mjml } = input.rendered;
  const out: Heading[] = [];
  const body = bodyLines(input.issue);
  for (const m of mjml.matchAll(/<h([1-6])(\s[^>]*)?>([\s\S]*?)<\/h\1\s*>/gi)) {
    const level = Number(m[1]);
    const text = m[3]!
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const display = partialAtOffset(mjml, m.index);
    const override = overrideFor(input, display);
    // markdown-it writes bare <hN> tags; the theme's own headings carry styles.
    const origin: Heading['origin'] = !m[2]?.trim() ? 'content' : override ? 'override' : 'theme';
    let place: Place = { file: input.issue.file };
    if (origin === 'content') {
      const hashes = '#'.repeat(level);
      const at = body.find((l) => l.text.startsWith(hashes + ' ') && l.text.includes(text.slice(0, 20)));
      place = at ? { file: input.issue.file, line: at.line } : { file: input.issue.file, line: input.issue.bodyLine };
    } else if (override) {
      const i = override.source.split('\n').findIndex((l) => new RegExp(`<h${level}\\b`, 'i').test(l));
      place = { file: override.display, line: i >= 0 ? i + 1 : undefined };
    }
    out.push({ level, text, origin, place });
  }
  return out;
}
