/**
 * The caniemail features of a style sheet and of a `style` attribute.
 * Both are memoised on their text: the sheets and most inline styles come
 * from the templates, so across the issues of a run each distinct one is
 * read once.
 */
import { atRuleFeatures, declarationFeatures, selectorFeatures, type FeatureUse } from './cssFeatures.js';
import { memo } from './memo.js';

/** `a: b; c: d !important` → its declarations, with `;` inside strings and parentheses left alone. */
export function declarations(block: string): { property: string; value: string; important: boolean }[] {
  const out: { property: string; value: string; important: boolean }[] = [];
  for (const part of splitOutside(block, ';')) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const property = part.slice(0, colon).trim();
    let value = part.slice(colon + 1).trim();
    const important = /!\s*important\s*$/i.test(value);
    if (important) value = value.replace(/!\s*important\s*$/i, '').trim();
    if (property) out.push({ property, value, important });
  }
  return out;
}

/** Splits on `sep` where it is not inside quotes or parentheses. */
function splitOutside(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote && s[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === sep && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function declarationUses(block: string): FeatureUse[] {
  return declarations(block).flatMap((d) => declarationFeaturesOf(`${d.important ? 1 : 0}${d.property}:${d.value}`));
}

/**
 * A declaration's features, memoised on its text: an email's inline styles
 * repeat a few declarations in many combinations (the example issue has 843
 * declarations in 88 distinct style attributes, 153 of them distinct), and
 * the first run of the feature tests is most of a cold build's scan.
 */
const declarationFeaturesOf = memo(5000, (key: string): FeatureUse[] => {
  // The key is the !important flag (one digit), then the property, which holds no colon, then the value.
  const colon = key.indexOf(':');
  return declarationFeatures(key.slice(1, colon), key.slice(colon + 1), key[0] === '1');
});

/** The features of a `style="..."` attribute. */
export const scanStyleAttribute = memo(5000, (style: string): FeatureUse[] => unique(declarationUses(style)));

/** The features of a whole style sheet: at-rules, selectors, declarations, comments. */
export const scanStyleSheet = memo(200, (css: string): FeatureUse[] => {
  const out: FeatureUse[] = [];
  if (/\/\*[\s\S]*?\*\//.test(css)) out.push({ slug: 'css-comments', token: '/*' });
  readRules(css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' '), out, false);
  return unique(out);
});

/**
 * Walks rules and at-rules. Block at-rules (`@media`, `@supports`) hold
 * rules; `@font-face` holds declarations; `@keyframes` holds frames whose
 * selectors (`from`, `50%`) are no selectors.
 */
function readRules(css: string, out: FeatureUse[], inKeyframes: boolean): void {
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    const semi = css.indexOf(';', i);
    const head = css.slice(i, open < 0 ? css.length : open).trim();
    // A statement at-rule (`@import url(x);`) ends at its semicolon.
    if (/^@/.test(css.slice(i).trim()) && semi >= 0 && (open < 0 || semi < open)) {
      const at = /^@([\w-]+)\s*([^;]*)/.exec(css.slice(i, semi).trim());
      if (at) out.push(...atRuleFeatures(at[1]!, at[2]!));
      i = semi + 1;
      continue;
    }
    if (open < 0) break;
    const close = matchingBrace(css, open);
    const body = css.slice(open + 1, close);
    const at = /^@([\w-]+)\s*([\s\S]*)$/.exec(head);
    if (at) {
      const name = at[1]!.toLowerCase();
      out.push(...atRuleFeatures(at[1]!, at[2]!));
      if (/(^|-)keyframes$/.test(name)) readRules(body, out, true);
      else if (name === 'font-face' || name === 'page') out.push(...declarationUses(body));
      else readRules(body, out, false);
    } else {
      const selectors = splitOutside(head, ',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (!inKeyframes) {
        if (selectors.length > 1) out.push({ slug: 'css-selector-grouping', token: head });
        for (const s of selectors) out.push(...selectorFeatures(s));
      }
      out.push(...declarationUses(body));
    }
    i = close + 1;
  }
}

function matchingBrace(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  return css.length;
}

function unique(uses: FeatureUse[]): FeatureUse[] {
  const seen = new Set<string>();
  return uses.filter((u) => {
    const k = `${u.slug}\t${u.token}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
