/** The caniemail scan of one email, each unsupported feature placed where it comes from: the author's overrides or letter, or only the default theme. */
import { blockName } from './blocks.js';
import { CANIEMAIL, clientList, featureUrl } from './caniemail/supportData.js';
import { unsupportedFeatures, type UnsupportedFeature } from './caniemail/unsupportedFeatures.js';
import { templatesWriting, tokenPattern } from './featureTemplates.js';
import { configPlace, type Place } from './locate.js';
import { overrideFor, templateName } from './partials.js';
import { bodyLines } from './sourceValues.js';
import type { Hit, LintInput } from './types.js';

/** Where to point for a feature: the author's template that writes it, the letter, or (for the theme and MJML) the config. */
function placeOf(input: LintInput, f: UnsupportedFeature, displays: (string | null)[]): Place {
  for (const d of displays) {
    const o = overrideFor(input, d ?? 'layout.mjml.hbs');
    if (!o) continue;
    const lines = o.source.split('\n');
    const i = lines.findIndex((l) => f.tokens.some((t) => new RegExp(tokenPattern(t).source, 'i').test(l)));
    return { file: o.display, line: i >= 0 ? i + 1 : undefined };
  }
  // The default body template only wraps the letter: what it holds, the author wrote in markdown.
  if (displays.some((d) => d && templateName(d) === 'body.mjml.hbs')) {
    const at = bodyLines(input.issue).find((l) => f.tokens.some((t) => l.text.toLowerCase().includes(t.token.toLowerCase())));
    return { file: input.issue.file, line: at?.line ?? input.issue.bodyLine };
  }
  return configPlace(input, 'theme');
}

/** "your templates/sponsor.mjml.hbs, the letter and the default theme's layout and listen blocks". */
function origin(input: LintInput, displays: (string | null)[]): string {
  const mine: string[] = [];
  const theme: string[] = [];
  let letter = false;
  for (const d of displays) {
    const o = overrideFor(input, d ?? 'layout.mjml.hbs');
    const block = d ? blockName(d) : 'layout';
    if (o) mine.push(`your ${o.display}`);
    else if (block === 'body') letter = true;
    else theme.push(block);
  }
  const parts = [...new Set(mine)];
  if (letter) parts.push('the letter');
  const blocks = [...new Set(theme)];
  if (blocks.length) parts.push(`the default theme's ${andList(blocks)} block${blocks.length > 1 ? 's' : ''}`);
  return andList(parts);
}

function andList(items: string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** An unsupported feature of one email, with the templates that wrote it and whether it is the author's. */
interface PlacedFeature {
  f: UnsupportedFeature;
  displays: (string | null)[];
  authors: boolean;
}

const placed = new WeakMap<LintInput, PlacedFeature[]>();

/**
 * The email's unsupported features, each traced to the templates that wrote
 * it: once per lint input, though two rules (client-support and
 * client-support-theme) ask, one for the author's share and one for the theme's.
 */
function placedFeatures(input: LintInput): PlacedFeature[] {
  const known = placed.get(input);
  if (known) return known;
  const out = unsupportedFeatures(input.rendered.html).flatMap((f): PlacedFeature[] => {
    const displays = templatesWriting(input.rendered.mjml, f.tokens);
    // What no template writes is MJML's own markup (its doctype, resets, table attributes): written knowing these clients, and out of the author's hands.
    if (displays.length === 0) return [];
    // An override's feature is the author's only when the default template it started from does not write it too.
    const authors = displays.some((d) => {
      const o = overrideFor(input, d ?? 'layout.mjml.hbs');
      if (o) return !o.base || !f.tokens.some((t) => new RegExp(tokenPattern(t).source, 'i').test(o.base!));
      return Boolean(d && templateName(d) === 'body.mjml.hbs');
    });
    return [{ f, displays, authors }];
  });
  placed.set(input, out);
  return out;
}

/** The features of this email, each with where it comes from: the author's (overrides, the letter) or only the default theme. */
export function featureHits(input: LintInput, whose: 'author' | 'theme'): Hit[] {
  return placedFeatures(input)
    .filter((p) => (whose === 'author') === p.authors)
    .map(({ f, displays }) => ({
      ...placeOf(input, f, displays),
      message: `"${f.title}" is not supported by ${clientList(f.clients)} (caniemail.com, ${CANIEMAIL.date}). It comes from ${origin(input, displays)}. Check how the email looks there: the feature is dropped, the rest still shows.`,
      hint: featureUrl(f.slug),
    }));
}
