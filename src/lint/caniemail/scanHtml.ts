/**
 * Every caniemail feature an email's HTML uses, in one pass over its tags.
 * Markup inside `<!--[if mso]>` comments is Outlook's own fallback and is
 * not judged; markup inside `<!--[if !mso]><!-->` is hidden from Outlook
 * for Windows, so that client is not asked about it. Style sheets and
 * inline styles are read by scanCss.ts, memoised on their text.
 */
import { parseAttrs } from '../parseHtml.js';
import type { FeatureUse } from './cssFeatures.js';
import { elementFeatures } from './htmlFeatures.js';
import { scanStyleAttribute, scanStyleSheet } from './scanCss.js';

export interface HtmlFeatureUse extends FeatureUse {
  /** Inside `<!--[if !mso]><!-->`: Outlook for Windows never sees it. */
  hiddenFromOutlook: boolean;
  /** In a `<style>` sheet: a client that drops `<style>` drops it too (and html-style says so). */
  inStyleSheet: boolean;
}

const TOKENS =
  /<!--\[if\s+!mso[^\]]*\]><!-->|<!--<!\[endif\]-->|<!--\[if[\s\S]*?<!\[endif\]-->|<!--[\s\S]*?(?:-->|$)|<!doctype[^>]*>|<\/([a-z][\w:-]*)\s*>|<([a-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;

// The same lists every time, so the second comment of an email is skipped like any repeated list.
const COMMENT: readonly FeatureUse[] = [{ slug: 'html-comments', token: '<!--' }];
const DOCTYPE: readonly FeatureUse[] = [{ slug: 'html-doctype', token: '<!doctype' }];

export function scanHtml(html: string): HtmlFeatureUse[] {
  const found: HtmlFeatureUse[] = [];
  let hiddenFromOutlook = false;
  let lower: string | null = null;
  // Most tags repeat the uses of tags before them (memoised, the same arrays): a list already taken in
  // under the same flags is skipped whole. Each flag pair keeps its own set of use keys, so a key is the
  // use's own cached string, not a new one built (and hashed) for every use of every tag.
  const seen = Array.from({ length: 4 }, () => ({ lists: new WeakSet<readonly FeatureUse[]>(), keys: new Set<string>() }));
  const add = (uses: readonly FeatureUse[], inStyleSheet = false): void => {
    if (uses.length === 0) return;
    const under = seen[(hiddenFromOutlook ? 2 : 0) + (inStyleSheet ? 1 : 0)]!;
    if (under.lists.has(uses)) return;
    under.lists.add(uses);
    for (const u of uses) {
      const key = useKey(u);
      if (under.keys.has(key)) continue;
      under.keys.add(key);
      found.push({ ...u, hiddenFromOutlook, inStyleSheet });
    }
  };

  TOKENS.lastIndex = 0;
  for (let m = TOKENS.exec(html); m; m = TOKENS.exec(html)) {
    const t = m[0];
    if (t.startsWith('<!--[if') && /^<!--\[if\s+!mso/i.test(t)) hiddenFromOutlook = true;
    else if (t === '<!--<![endif]-->') hiddenFromOutlook = false;
    else if (t.startsWith('<!--[if')) continue;
    else if (t.startsWith('<!--')) add(COMMENT);
    else if (/^<!doctype/i.test(t)) add(DOCTYPE);
    else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs = parseAttrs(m[3] ?? '');
      add(elementFeatures(tag, attrs));
      const style = attrs.get('style');
      if (style) add(scanStyleAttribute(style));
      if (tag === 'style' || tag === 'script' || tag === 'title' || tag === 'textarea') {
        // Raw text: read up to the closing tag without looking for markup inside.
        lower ??= html.toLowerCase();
        const close = lower.indexOf(`</${tag}`, TOKENS.lastIndex);
        const end = close < 0 ? html.length : close;
        if (tag === 'style') add(scanStyleSheet(html.slice(TOKENS.lastIndex, end)), true);
        TOKENS.lastIndex = end;
      }
    }
  }
  return found;
}

const keys = new WeakMap<FeatureUse, string>();
function useKey(u: FeatureUse): string {
  let k = keys.get(u);
  if (k === undefined) keys.set(u, (k = `${u.slug}\t${u.token}`));
  return k;
}
