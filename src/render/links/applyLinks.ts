import type { Config, Link } from '../../parse/types.js';
import type { ViewModel } from '../viewModel.js';
import { hrefsOf, tagHtmlLinks, tagTextLinks, tagUrl, type TagContext } from './utm.js';

/**
 * `links.utm` applied to a finished view model: every outbound link of the
 * content blocks gets the campaign parameters, the same URL in the HTML and
 * in the text part (both come from here). The footer's links and "view in
 * your browser" (the email itself) are left as they are. Returns a new view
 * model; the config's own links (default listen links…) are never changed.
 */
export function applyUtm(vm: ViewModel, config: Config, issue: { slug: string; date: string }): ViewModel {
  const utm = config.links?.utm;
  if (!utm) return vm;
  const keep = new Set([config.footer.unsubscribe_url, config.footer.preferences_url].filter((u): u is string => Boolean(u)));
  const tagger = (block: string): ((url: string) => string) => {
    const ctx: TagContext = { slug: issue.slug, date: issue.date, block, keep };
    return (url) => tagUrl(url, utm, ctx);
  };
  /** A markdown field pair: the HTML's links, and the same URLs where the text part prints them. */
  const pair = <T extends string | null>(html: T, text: string | null, tag: (u: string) => string): [T, string | null] => {
    if (html === null) return [html, text];
    const urls = hrefsOf(html);
    return [tagHtmlLinks(html, tag) as T, text === null ? null : tagTextLinks(text, urls, tag)];
  };
  const link = (l: Link, tag: (u: string) => string): Link => ({ ...l, url: tag(l.url) });

  const body = tagger('body');
  const chapters = tagger('chapters');
  const sponsor = tagger('sponsor');
  const promos = tagger('promos');
  return {
    ...vm,
    body: vm.body.map((b) => {
      const [html, text] = pair(b.html, b.text, body);
      return { ...b, html, text };
    }),
    listen: vm.listen.map((l) => link(l, tagger('listen'))),
    chapters: vm.chapters.map((c) => {
      const [summaryHtml, summaryText] = pair(c.summaryHtml, c.summaryText, chapters);
      return { ...c, link: c.link === null ? null : chapters(c.link), summaryHtml, summaryText };
    }),
    resources: vm.resources.map((l) => link(l, tagger('resources'))),
    sponsors: vm.sponsors.map((s) => {
      const [textHtml, textText] = pair(s.textHtml, s.textText, sponsor);
      return { ...s, url: s.url === null ? null : sponsor(s.url), cta: s.cta ? link(s.cta, sponsor) : null, textHtml, textText };
    }),
    promos: vm.promos.map((p) => {
      const [textHtml, textText] = pair(p.textHtml, p.textText, promos);
      return { ...p, cta: p.cta ? link(p.cta, promos) : null, textHtml, textText };
    }),
    readMore: vm.readMore.map((r) => ({ ...r, url: r.url === null ? null : tagger('read-more')(r.url) })),
  };
}
