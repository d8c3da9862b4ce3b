import { NewsletterError } from '../problems/errors.js';
import { decodeAttr } from '../util/format.js';
import { applyDialect, mergeTokens, newNonce } from './dialect.js';
import type { Dialect } from './types.js';

/**
 * Until the render takes a dialect (see docs/publish.md, "For the render"),
 * this turns an issue rendered for previews into one for the service: the
 * config's static footer links become the service's merge tags after the
 * fact. A link is swapped only where it is the whole href (or, in the text
 * part, a whole URL), so an author's longer link that starts the same way
 * is left alone. The first-name greeting needs the render itself.
 */
export interface StaticLinks {
  unsubscribeUrl: string | null;
  preferencesUrl: string | null;
  /** The web page, the footer's "view in browser". */
  webUrl: string | null;
  address: string | null;
}

export function retagForProvider(
  rendered: { html: string; text: string },
  links: StaticLinks,
  dialect: Dialect,
  service: string,
): { html: string; text: string } {
  const nonce = newNonce();
  const t = mergeTokens(nonce);
  const swaps: [string, string][] = links.unsubscribeUrl ? [[links.unsubscribeUrl, t.unsubscribeUrl]] : [];
  if (links.preferencesUrl && dialect.preferencesUrl) swaps.push([links.preferencesUrl, t.preferencesUrl]);
  if (links.webUrl && dialect.webVersionUrl) swaps.push([links.webUrl, t.webVersionUrl]);

  let html = rendered.html.replace(/\bhref="([^"]*)"/g, (whole, value: string) => {
    const hit = swaps.find(([url]) => decodeAttr(value) === url);
    return hit ? `href="${hit[1]}"` : whole;
  });
  if (!html.includes(`href="${t.unsubscribeUrl}"`)) {
    throw new NewsletterError(
      'PUBLISH_CONFIG',
      `The issue renders without an unsubscribe link, so there is nowhere to put ${service}'s unsubscribe merge tag`,
      {
        hint: `Set footer.unsubscribe_url in the config (your own page; in the published email it becomes ${dialect.unsubscribeUrl})`,
      },
    );
  }
  let text = rendered.text;
  for (const [url, token] of swaps) text = text.replace(new RegExp(`${escapeRegExp(url)}(?=$|[\\s<>"')\\]])`, 'gm'), token);
  if (links.address && dialect.address) {
    html = html.split(htmlText(links.address)).join(t.address);
    text = text.split(links.address).join(t.address);
  }
  return { html: applyDialect(html, dialect, nonce, 'html'), text: applyDialect(text, dialect, nonce, 'text') };
}

/** Text as Handlebars escapes it into HTML. */
function htmlText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
