/**
 * Which caniemail features a piece of CSS uses: a declaration (property and
 * value), a selector, an at-rule. Each use carries a token, the text to look
 * for in the templates' MJML to find the block that wrote it.
 */
import { featureData } from './supportData.js';

export interface FeatureUse {
  slug: string;
  /** What to look for in the MJML to find which template wrote it. */
  token: string;
  /** How the token is written there: a CSS property (`name:` or an MJML attribute `name="`), an HTML attribute (` name=`), or literally. */
  kind?: 'property' | 'attribute' | undefined;
}

/** Properties caniemail tests under another page's name: logical properties, longhands, families. */
const PROPERTY_PAGES: [RegExp, string][] = [
  [/^border-(start|end)-(start|end)-radius$/, 'css-border-radius-logical'],
  [/^border-(top|bottom)-(left|right)-radius$/, 'css-border-radius'],
  [/^border-(inline|block)-(start|end)-(color|style|width)$/, 'css-border-inline-block-longhand'],
  [/^border-(inline|block)-(start|end|color|style|width)$/, 'css-border-inline-block-individual'],
  [/^border-(inline|block)$/, 'css-border-inline-block'],
  [/^border(-(top|right|bottom|left))?(-(width|style|color))?$/, 'css-border'],
  [/^margin-(top|right|bottom|left)$/, 'css-margin'],
  [/^padding-(top|right|bottom|left)$/, 'css-padding'],
  [/^margin-(inline|block)$/, 'css-margin-inline-block'],
  [/^padding-(inline|block)$/, 'css-padding-inline-block'],
  [/^margin-inline-(start|end)$/, 'css-margin-inline-start-end'],
  [/^margin-block-(start|end)$/, 'css-margin-block-start-end'],
  [/^padding-inline-(start|end)$/, 'css-padding-inline-start-end'],
  [/^padding-block-(start|end)$/, 'css-padding-block-start-end'],
  [/^(left|right|top|bottom)$/, 'css-left-right-top-bottom'],
  [/^inset(-.*)?$/, 'css-inset'],
  [/^(row-gap|column-gap|gap)$/, 'css-gap'],
  [/^(columns|column-(count|fill|gap|rule.*|span|width))$/, 'css-column-layout-properties'],
  [/^grid-template(-.*)?$/, 'css-grid-template'],
  [/^scroll-snap-.*$/, 'css-scroll-snap'],
  [/^(block-size|inline-size)$/, 'css-block-inline-size'],
  [/^--/, 'css-variables'],
];

const FUNCTIONS: [RegExp, string][] = [
  [/\b(repeating-)?linear-gradient\(/i, 'css-linear-gradient'],
  [/\b(repeating-)?radial-gradient\(/i, 'css-radial-gradient'],
  [/\b(repeating-)?conic-gradient\(/i, 'css-conic-gradient'],
  [/\bcalc\(/i, 'css-unit-calc'],
  [/\bclamp\(/i, 'css-function-clamp'],
  [/(?<![\w-])min\(/i, 'css-function-min'],
  [/(?<![\w-])max\(/i, 'css-function-max'],
  [/\blight-dark\(/i, 'css-function-light-dark'],
  [/\bvar\(/i, 'css-variables'],
  [/\brgb\(/i, 'css-rgb'],
  [/\brgba\(/i, 'css-rgba'],
  [/\b(ok)?(lch|lab)\(/i, 'css-modern-color'],
  [/\b(fit|min|max)-content\b/i, 'css-intrinsic-size'],
];

const UNITS = /(?:^|[\s,(/*+-])(?:\d*\.)?\d+(px|em|rem|%|pt|pc|in|cm|mm|ex|ch|vh|vw|vmin|vmax)(?![\w%])/gi;

/** The features one declaration uses: its property (or the family caniemail tests it under), and what its value uses. */
export function declarationFeatures(property: string, value: string, important = false): FeatureUse[] {
  const prop = property.trim().toLowerCase();
  // Outlook's own properties, and vendor prefixes, are no caniemail features.
  if (!prop || prop.startsWith('mso-') || /^-(webkit|moz|ms|o)-/.test(prop)) return [];
  const out: FeatureUse[] = [];
  // Whatever the value uses, it was written in this property's declaration: that is what finds the template.
  const add = (slug: string): void => {
    if (featureData(slug)) out.push({ slug, token: prop, kind: 'property' });
  };
  add(`css-${prop}`);
  for (const [re, slug] of PROPERTY_PAGES) if (re.test(prop)) add(slug);
  // Strings and url()s are not CSS to judge: a file name like "a-10px.png" is not a unit.
  const v = value
    .replace(/url\([^)]*\)/gi, 'url()')
    .replace(/"[^"]*"|'[^']*'/g, '""')
    .toLowerCase();
  if (prop === 'display') {
    const d = v.trim();
    if (/^(inline-)?flex\b/.test(d)) add('css-display-flex');
    if (/^(inline-)?grid\b/.test(d)) add('css-display-grid');
    if (d === 'none') add('css-display-none');
  }
  if (prop === 'font-family' && /\b(system-ui|ui-serif|ui-sans-serif|ui-rounded|ui-monospace)\b/.test(v)) add('css-sytem-ui');
  for (const [re, slug] of FUNCTIONS) if (re.test(v)) add(slug);
  if (v.trim() === 'initial') add('css-unit-initial');
  for (const m of v.matchAll(UNITS)) add(m[1] === '%' ? 'css-unit-percent' : `css-unit-${m[1]!.toLowerCase()}`);
  if (important) add('css-important');
  return out;
}

const PSEUDO_ELEMENTS = new Set(['before', 'after', 'first-letter', 'first-line', 'marker', 'placeholder']);

/** The features one selector (`.nl-card > table`, `a:hover`) uses. */
export function selectorFeatures(selector: string): FeatureUse[] {
  const out: FeatureUse[] = [];
  const token = selector.trim();
  const add = (slug: string): void => {
    if (featureData(slug)) out.push({ slug, token });
  };
  // Attribute values and :not(...) arguments can hold anything; judge them as placeholders.
  const s = token.replace(/\[[^\]]*\]/g, '[a]').replace(/"[^"]*"|'[^']*'/g, '""');
  for (const m of s.matchAll(/(::?)([a-z-]+)/gi)) {
    const name = m[2]!.toLowerCase();
    add(m[1] === '::' || PSEUDO_ELEMENTS.has(name) ? `css-pseudo-element-${name}` : `css-pseudo-class-${name}`);
  }
  const bare = s.replace(/\([^)]*\)/g, '');
  if (bare.includes('&')) add('css-nesting');
  if (bare.includes('[')) add('css-selector-attribute');
  if (/(^|[^\\])\.[a-z_-]/i.test(bare)) add('css-selector-class');
  if (/#[a-z_-]/i.test(bare)) add('css-selector-id');
  if (bare.includes('*')) add('css-selector-universal');
  if (bare.includes('>')) add('css-selector-child');
  if (bare.includes('+')) add('css-selector-adjacent-sibling');
  if (bare.includes('~')) add('css-selector-general-sibling');
  const joined = bare.replace(/\s*([>+~])\s*/g, '$1').trim();
  if (/\s/.test(joined)) add('css-selector-descendant');
  const compounds = joined.split(/[\s>+~]+/).filter(Boolean);
  for (const c of compounds) {
    const simple = c.replace(/::?[a-z-]+/gi, '');
    if (/^[a-z]/i.test(simple)) add('css-selector-type');
    if ((simple.match(/^[a-z][\w-]*|[.#][\w-]+|\[a\]/gi) ?? []).length > 1) add('css-selector-chaining');
  }
  return out;
}

/** The features an at-rule uses: `@media` and the media features it asks about, `@font-face`... */
export function atRuleFeatures(name: string, prelude: string): FeatureUse[] {
  const at = name.toLowerCase().replace(/^-(webkit|moz|ms|o)-/, '');
  const out: FeatureUse[] = [];
  const add = (slug: string, token = `@${name}`): void => {
    if (featureData(slug)) out.push({ slug, token });
  };
  add(`css-at-${at}`);
  if (at === 'media') {
    const p = prelude.toLowerCase();
    for (const f of ['prefers-color-scheme', 'prefers-reduced-motion', 'orientation', 'hover']) if (p.includes(f)) add(`css-at-media-${f}`, f);
    if (/device-pixel-ratio|resolution/.test(p)) add('css-at-media-device-pixel-ratio', 'pixel-ratio');
  }
  return out;
}
