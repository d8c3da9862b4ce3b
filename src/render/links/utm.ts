import { escapeRegExp } from '../../util/escapeRegExp.js';
import type { LinksConfig } from '../../parse/types.js';
import { decodeAttr } from '../../util/format.js';
import { fillPattern } from '../../util/pattern.js';

export type Utm = NonNullable<LinksConfig['utm']>;

export interface TagContext {
  slug: string;
  date: string;
  /** The block the link is in (body, listen, chapters, resources, sponsor, promos, read-more): utm_content's {block}. */
  block: string;
  /** URLs never tagged wherever they appear: the footer's unsubscribe and preferences links. */
  keep: ReadonlySet<string>;
}

/**
 * Merge tags of the sending services: Liquid/Handlebars ({{ }}, {% %}),
 * Mailchimp (*|UNSUB|*), Campaign Monitor ([unsubscribe]), %%tags%%, {$tags}.
 * A link that carries one is filled in by the service per reader: changing
 * it could break the tag, so it is never tagged.
 */
const MERGE_TAG = /\{\{|\}\}|\{%|%\}|\*\||\|\*|%%|\[\[|\]\]|\{\$|%7B%7B|%7B%25|%2A%7C/i;

/** Paths of links that manage a subscription: often signed, and not a place to measure a campaign. */
const SUBSCRIPTION_PATH = /(?:^|[/_.-])(?:unsub(?:scribe)?|opt-?out|preferences|manage-?subscription)(?:$|[/_.?=-])/i;

/** Why a link is left untagged, or null when it gets the parameters. */
export function untaggedReason(url: string, utm: Utm, keep: ReadonlySet<string>): string | null {
  if (keep.has(url)) return 'subscription link';
  if (!/^https:\/\//i.test(url)) return 'not https';
  if (MERGE_TAG.test(url)) return 'merge tag';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  const host = parsed.hostname.toLowerCase();
  if (utm.exclude.some((d) => host === d || host.endsWith(`.${d}`))) return 'excluded domain';
  if (SUBSCRIPTION_PATH.test(parsed.pathname)) return 'subscription link';
  if ([...parsed.searchParams.keys()].some((k) => k.toLowerCase().startsWith('utm_'))) return 'already tagged';
  return null;
}

/**
 * The link with utm_* parameters added before its fragment. Everything else
 * in the URL stays byte for byte (no URL round trip, which would re-encode
 * it), so a `#t=01:19` deep link still jumps to its moment.
 */
export function tagUrl(url: string, utm: Utm, ctx: TagContext): string {
  if (untaggedReason(url, utm, ctx.keep) !== null) return url;
  const values = { slug: ctx.slug, date: ctx.date, block: ctx.block };
  const params: [string, string | null][] = [
    ['utm_source', fillPattern(utm.source, values)],
    ['utm_medium', fillPattern(utm.medium, values)],
    ['utm_campaign', fillPattern(utm.campaign, values)],
    ['utm_content', utm.content === null ? null : fillPattern(utm.content, values)],
  ];
  const query = params
    .filter((p): p is [string, string] => p[1] !== null && p[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  if (!query) return url;
  const hash = url.indexOf('#');
  const head = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? '' : url.slice(hash);
  const sep = !head.includes('?') ? '?' : /[?&]$/.test(head) ? '' : '&';
  return `${head}${sep}${query}${fragment}`;
}

/** Rewrites the href of every link in markdown-it output (attributes escaped as &amp; and &quot;). */
export function tagHtmlLinks(html: string, tag: (url: string) => string): string {
  return html.replace(/(<a\b[^>]*?\bhref=")([^"]*)(")/gi, (_, open: string, href: string, close: string) => {
    const url = decodeAttr(href);
    const tagged = tag(url);
    return tagged === url ? `${open}${href}${close}` : `${open}${encodeAttr(tagged)}${close}`;
  });
}

/** The hrefs of the links in a piece of HTML (markdown-it's, or a whole email), decoded. */
export function hrefsOf(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"/gi)].map((m) => decodeAttr(m[1]!));
}

/**
 * Replaces whole URLs in a text part: each of `urls` where it stands on its
 * own (after a space, "(" or "<", and before a space, ")", ">" or closing
 * punctuation), so "https://a.example/x" never rewrites "https://a.example/xy".
 */
export function tagTextLinks(text: string, urls: readonly string[], tag: (url: string) => string): string {
  const changes = new Map<string, string>();
  for (const u of urls) {
    const t = tag(u);
    if (t !== u) changes.set(u, t);
  }
  if (changes.size === 0) return text;
  return text.replace(wholeUrls([...changes.keys()]), (m) => changes.get(m) ?? m);
}

/** Each of `urls` where it stands on its own in a text part (see tagTextLinks), longest first. */
export function wholeUrls(urls: readonly string[]): RegExp {
  const alternatives = [...urls].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(`(?<=^|[\\s(<])(?:${alternatives.join('|')})(?=$|[\\s)>]|[.,;:!?](?:$|[\\s)]))`, 'g');
}

function encodeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
