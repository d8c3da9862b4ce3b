/**
 * The features an email uses that one of the clients `check` reports on
 * does not support at all (caniemail's "n"; partial support usually works
 * and is not reported), each with the tokens that find it in the MJML.
 */
import type { FeatureUse } from './cssFeatures.js';
import { memo } from './memo.js';
import { scanHtml } from './scanHtml.js';
import { compareText } from '../../util/compareText.js';
import { featureData, unsupportedBy } from './supportData.js';

export interface UnsupportedFeature {
  slug: string;
  /** caniemail's name for it: `border-radius`, `<video> element`. */
  title: string;
  /** caniemail client ids, in the data's order. */
  clients: string[];
  /** What the HTML used, to find the templates that wrote it. */
  tokens: Pick<FeatureUse, 'token' | 'kind'>[];
}

/** Memoised on the HTML: check, preview and dev may ask about the same email more than once. */
export const unsupportedFeatures = memo(50, (html: string): UnsupportedFeature[] => {
  const uses = scanHtml(html);
  // A client that drops <style> never reads what is in it: "html-style" alone says so.
  const noStyle = new Set(unsupportedBy('html-style'));
  const found = new Map<string, { clients: Set<string>; tokens: Map<string, FeatureUse['kind']> }>();
  for (const u of uses) {
    const clients = unsupportedBy(u.slug).filter((c) => !(u.hiddenFromOutlook && c === 'outlook.windows') && !(u.inStyleSheet && noStyle.has(c)));
    if (clients.length === 0) continue;
    const f = found.get(u.slug) ?? { clients: new Set<string>(), tokens: new Map<string, FeatureUse['kind']>() };
    for (const c of clients) f.clients.add(c);
    f.tokens.set(u.token, u.kind);
    found.set(u.slug, f);
  }
  return [...found]
    .map(([slug, f]) => ({
      slug,
      title: featureData(slug)!.title,
      // In the data's order of clients, whatever order the HTML met them in.
      clients: unsupportedBy(slug).filter((c) => f.clients.has(c)),
      tokens: [...f.tokens].map(([token, kind]) => ({ token, kind })),
    }))
    .sort((a, b) => compareText(a.slug, b.slug));
});
