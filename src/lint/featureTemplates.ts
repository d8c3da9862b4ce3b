/**
 * Which templates wrote a feature of the HTML: the partials whose MJML
 * holds one of the tokens the feature was found by (a CSS property, an
 * attribute, a tag, a selector). A feature no template wrote comes from
 * MJML's own markup.
 */
import type { FeatureUse } from './caniemail/cssFeatures.js';
import { PARTIAL_FENCE } from './partials.js';
import { escapeRegExp } from '../util/escapeRegExp.js';

type Token = Pick<FeatureUse, 'token' | 'kind'>;

/** The template (display name) each offset of the MJML belongs to: the innermost fence around it, null for the layout. */
function fenceSpans(mjml: string): { start: number; end: number; display: string }[] {
  const spans: { start: number; end: number; display: string }[] = [];
  const stack: { start: number; display: string }[] = [];
  for (const m of mjml.matchAll(PARTIAL_FENCE)) {
    if (m[1] !== undefined) stack.push({ start: m.index + m[0].length, display: m[1] });
    else {
      const top = stack.pop();
      if (top) spans.push({ ...top, end: m.index });
    }
  }
  // Innermost first: a nested partial is shorter than the one around it.
  return spans.sort((a, b) => a.end - a.start - (b.end - b.start));
}

let lastSpans: { mjml: string; spans: ReturnType<typeof fenceSpans> } | null = null;

/** A token as a regular expression for the MJML: a property as `name:` or `name="`, an attribute as ` name=`, anything else literally. */
export function tokenPattern(t: Token): RegExp {
  const name = escapeRegExp(t.token);
  if (t.kind === 'property') return new RegExp(`(?<![\\w-])${name}\\s*(?::|=")`, 'gi');
  if (t.kind === 'attribute') return new RegExp(`\\s${name}\\s*=`, 'gi');
  return new RegExp(name, 'gi');
}

/**
 * The templates whose MJML writes any of the tokens, in the order they
 * first do; `null` stands for the layout (outside every partial). Empty
 * when only MJML itself writes the feature.
 */
export function templatesWriting(mjml: string, tokens: Token[]): (string | null)[] {
  // The fences of one email, found once for all its features (asked about one after another).
  if (lastSpans?.mjml !== mjml) lastSpans = { mjml, spans: fenceSpans(mjml) };
  const spans = lastSpans.spans;
  const hits: { at: number; display: string | null }[] = [];
  for (const t of tokens) {
    let n = 0;
    for (const m of mjml.matchAll(tokenPattern(t))) {
      hits.push({ at: m.index, display: spans.find((s) => s.start <= m.index && m.index < s.end)?.display ?? null });
      // Enough to know the templates; a property used on every element needs no more.
      if (++n >= 200) break;
    }
  }
  hits.sort((a, b) => a.at - b.at);
  return [...new Set(hits.map((h) => h.display))];
}
