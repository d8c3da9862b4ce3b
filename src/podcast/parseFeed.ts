import { NewsletterError } from '../problems/errors.js';
import { chaptersFromPsc } from './podloveChapters.js';
import { linksIn, notesToBlocks, plainText } from './showNotes.js';
import type { Episode, EpisodeLink, Feed, Podcast } from './types.js';
import { NS, child, childText, childrenOf, parseXml, type XmlElement } from './xml.js';

/**
 * parseFeed(xml, source) → the podcast and its episodes: pure. RSS 2.0 with
 * the iTunes, Podcasting 2.0 (podcastindex.org) and Podlove Simple Chapters
 * namespaces. What every use needs (a channel, a title, at least one item,
 * each with a title or a description, as RSS 2.0 asks) is checked here;
 * what only some uses need (a date, chapters) where it is used, so one odd
 * old episode does not stop you starting an issue from the newest.
 */
export function parseFeed(xml: string, source: string): Feed {
  const root = parseXml(xml, source);
  if (root.local === 'feed' && root.ns === NS.atom) {
    throw new NewsletterError('FEED_INVALID', 'This is an Atom feed; podcasts are read from their RSS 2.0 feed', {
      file: source,
      line: root.line,
      hint: 'Use the feed URL your podcast host lists for Apple Podcasts: it is RSS 2.0',
    });
  }
  if (root.local !== 'rss' || root.ns !== null) {
    throw new NewsletterError('FEED_INVALID', `This is not an RSS feed: the document starts with <${root.local}>, not <rss>`, {
      file: source,
      line: root.line,
      hint: 'Check the URL points at the RSS feed itself, not at a web page about the podcast',
    });
  }
  const channel = child(root, null, 'channel');
  if (!channel)
    throw new NewsletterError('FEED_INVALID', 'The feed has no <channel>', {
      file: source,
      line: root.line,
      hint: 'An RSS feed is <rss><channel>...</channel></rss>',
    });
  const title = childText(channel, null, 'title');
  if (!title) throw new NewsletterError('FEED_INVALID', "The feed's <channel> has no <title>", { file: source, line: channel.line });
  const podcast: Podcast = {
    title: plainText(title),
    link: childText(channel, null, 'link'),
    image: imageOf(channel) ?? childText(child(channel, null, 'image') ?? channel, null, 'url'),
    language: childText(channel, null, 'language'),
  };
  const items = childrenOf(channel, null, 'item');
  if (items.length === 0)
    throw new NewsletterError('FEED_INVALID', 'The feed has no episodes: its <channel> holds no <item>', { file: source, line: channel.line });
  return { source, podcast, episodes: items.map((item) => episodeOf(item, source, podcast.image)) };
}

function episodeOf(item: XmlElement, source: string, showImage: string | null): Episode {
  const rawTitle = childText(item, null, 'title') ?? childText(item, NS.itunes, 'title');
  const notes = childText(item, NS.content, 'encoded') ?? childText(item, null, 'description') ?? childText(item, NS.itunes, 'summary');
  if (!rawTitle && !notes) {
    throw new NewsletterError('FEED_INVALID', 'An episode (<item>) has neither a <title> nor a <description>', {
      file: source,
      line: item.line,
      hint: 'RSS 2.0 asks every item for at least one of them',
    });
  }
  const linkEl = child(item, null, 'link');
  const link = linkEl ? linkEl.text.trim() || linkEl.attrs.href?.trim() || null : null;
  const enclosure = child(item, null, 'enclosure');
  const chapters = child(item, NS.podcast, 'chapters');
  const psc = child(item, NS.psc, 'chapters');
  const image = imageOf(item);
  const pubDate = childText(item, null, 'pubDate');
  return {
    line: item.line,
    title: rawTitle ? plainText(rawTitle) : null,
    guid: childText(item, null, 'guid'),
    number: numberOf(childText(item, NS.itunes, 'episode') ?? childText(item, NS.podcast, 'episode')),
    date: pubDate ? rssDate(pubDate) : null,
    pubDate,
    link,
    audio: enclosure?.attrs.url
      ? { url: enclosure.attrs.url.trim(), type: enclosure.attrs.type?.trim() || null, length: numberOf(enclosure.attrs.length ?? null) }
      : null,
    image: image && image !== showImage ? image : null,
    subtitle: plainOrNull(childText(item, NS.itunes, 'subtitle')),
    notes,
    chaptersJson: chapters?.attrs.url ? { url: chapters.attrs.url.trim(), type: chapters.attrs.type?.trim() || null } : null,
    ...podlove(psc, source),
    podloveUrl:
      childrenOf(item, NS.atom, 'link')
        .find((l) => l.attrs.rel === NS.psc)
        ?.attrs.href?.trim() || null,
    links: linksOf(item, link, notes),
  };
}

function podlove(psc: XmlElement | undefined, source: string): Pick<Episode, 'podloveChapters' | 'podloveError'> {
  if (!psc) return { podloveChapters: null, podloveError: null };
  try {
    return { podloveChapters: chaptersFromPsc(psc, source), podloveError: null };
  } catch (e) {
    if (e instanceof NewsletterError) return { podloveChapters: null, podloveError: e };
    throw e;
  }
}

/** itunes:image href, else a podcast:image meant as artwork (or with no purpose, which the spec reads as artwork). */
function imageOf(el: XmlElement): string | null {
  const itunes = child(el, NS.itunes, 'image')?.attrs.href?.trim();
  if (itunes) return itunes;
  const images = childrenOf(el, NS.podcast, 'image').filter((i) => i.attrs.href);
  const art = images.find((i) => !i.attrs.purpose || /\bartwork\b/i.test(i.attrs.purpose));
  return art?.attrs.href?.trim() ?? null;
}

/** Where the episode is elsewhere: podcast:contentLink first, then its page, then the links in its notes. */
function linksOf(item: XmlElement, link: string | null, notes: string | null): EpisodeLink[] {
  const out: EpisodeLink[] = [];
  const add = (url: string | undefined | null, text: string | null): void => {
    const u = url?.trim();
    if (u && /^https?:\/\//i.test(u) && !out.some((l) => l.url === u)) out.push({ url: u, text });
  };
  for (const c of childrenOf(item, NS.podcast, 'contentLink')) add(c.attrs.href, plainOrNull(c.text));
  add(link, null);
  if (notes) for (const b of notesToBlocks(notes, link)) for (const u of linksIn(b.markdown)) add(u, b.text);
  return out;
}

function plainOrNull(s: string | null): string | null {
  const t = s === null ? '' : plainText(s);
  return t || null;
}

function numberOf(s: string | null): number | null {
  if (s === null || !/^\s*\d+(?:\.\d+)?\s*$/.test(s)) return null;
  return Number(s);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * The calendar day of an RSS date (RFC 822, "Wed, 04 Nov 2026 06:00:00
 * +0100") or an ISO one, as the publisher wrote it: no conversion to the
 * machine's time zone, which would move late-evening episodes a day.
 */
export function rssDate(s: string): string | null {
  let y: number;
  let mo: number;
  let d: number;
  const rfc = /^(?:[a-z]{3,9},?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2}|\d{4})\b/i.exec(s.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(s.trim());
  if (rfc) {
    d = Number(rfc[1]);
    mo = MONTHS.indexOf(rfc[2]!.toLowerCase()) + 1;
    y = rfc[3]!.length === 2 ? 2000 + Number(rfc[3]) : Number(rfc[3]);
  } else if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    return null;
  }
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
