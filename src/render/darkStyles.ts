import type { Palette } from './palette.js';

/**
 * The dark palette as CSS rules for the default theme's classes, written
 * once and printed twice by the layout: inside `@media (prefers-color-scheme:
 * dark)` (Apple Mail, iOS, Outlook for Mac, Thunderbird…) and behind the
 * attributes Outlook.com's forced dark mode puts on the elements whose
 * colours it rewrote (`data-ogsc` for text, `data-ogsb` for backgrounds).
 * Every declaration is `!important`: the light colours are inline.
 *
 * A value `$key` is that key of the dark palette; `$light.key` of the light
 * one. Later rules win over earlier ones of the same specificity, so the
 * order below matters: page, card, tint, then the controls inside them.
 */
const RULES: [selectors: string, declarations: string][] = [
  ['body, .nl-page, .nl-pagebg, .nl-pagebg table', 'background:$page'],
  ['.nl-pagebg div, .nl-pagebg td, .nl-pagebg p', 'color:$pageText'],
  ['.nl-pagebg a', 'color:$pageLink'],
  ['.nl-header, .nl-header table', 'background:$band'],
  ['.nl-header div, .nl-header a', 'color:$onBand'],
  // A logo without a dark version stays on the band colour it was drawn for, as a badge.
  ['.nl-header .nl-plate', 'background:$light.band'],
  ['.nl-header .nl-plate-swap', 'background:transparent'],
  ['.nl-header .nl-logo-light-swap', 'display:none'],
  ['.nl-header .nl-logo-dark', 'display:block;max-height:none;overflow:visible'],
  ['.nl-card, .nl-card table', 'background:$surface'],
  ['.nl-card div, .nl-card td, .nl-card p, .nl-card li, .nl-card h1, .nl-card h2, .nl-card h3, .nl-card strong', 'color:$text'],
  ['.nl-tint, .nl-tint table, .nl-tint td', 'background:$tint'],
  ['.nl-card .nl-muted, .nl-card .nl-muted div, .nl-card .nl-muted p', 'color:$muted'],
  ['.nl-card a, .nl-card .nl-time', 'color:$link'],
  ['.nl-card .nl-rule p', 'border-color:$border'],
  ['.nl-card .nl-quote', 'border-color:$accent'],
  ['.nl-card a.nl-pill, .nl-card .nl-button td, .nl-card .nl-button a', 'background:$accent;color:$onAccent'],
  ['.nl-card .nl-button-alt td, .nl-card .nl-button-alt a', 'background:$surface;color:$link;border-color:$link'],
];

/** Outlook.com marks an element it recoloured, not its children: both marks stand for "forced dark is on" above ours. */
export const FORCED_DARK_PREFIXES = ['[data-ogsc] ', '[data-ogsb] '];

/**
 * The rules with colours filled in, one per line. `prefixes` go before every
 * selector (each prefix a copy of it); without them the rules are for the
 * dark-mode media query.
 */
export function darkCss(dark: Palette, light: Palette, prefixes: string[] = ['']): string {
  const value = (v: string): string =>
    v.replace(/\$(light\.)?(\w+)/g, (_, isLight: string | undefined, key: string) => {
      const palette = isLight ? light : dark;
      const colour = (palette as unknown as Record<string, string>)[key];
      if (colour === undefined) throw new Error(`darkCss: no palette colour ${key}`);
      return colour;
    });
  return RULES.map(([selectors, declarations]) => {
    // `body` has no ancestor to carry Outlook.com's marks (and Outlook.com replaces it): it only goes in the media query.
    const list = selectors.split(/,\s*/).flatMap((s) => prefixes.filter((p) => s !== 'body' || p === '').map((p) => p + s));
    const body = declarations
      .split(';')
      .map((d) => `${value(d)} !important`)
      .join('; ');
    return `${list.join(', ')} { ${body}; }`;
  }).join('\n');
}
