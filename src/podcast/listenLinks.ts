import type { Config } from '../parse/types.js';
import { fillPattern } from '../util/pattern.js';
import type { Episode } from './types.js';

/**
 * Hosts that are one platform under several names: a link to any of them
 * counts as a link to that platform (the config may list the show at one
 * name and the feed link the episode at another).
 */
const SAME_PLATFORM: string[][] = [
  ['podcasts.apple.com', 'itunes.apple.com', 'apple.co'],
  ['open.spotify.com', 'spotify.com', 'spotify.link'],
  ['youtube.com', 'm.youtube.com', 'youtu.be', 'music.youtube.com'],
  ['music.amazon.com', 'amazon.com', 'music.amazon.co.uk', 'music.amazon.de'],
  ['overcast.fm'],
  ['pca.st', 'pocketcasts.com', 'play.pocketcasts.com'],
  ['castbox.fm'],
  ['castro.fm'],
  ['podcastaddict.com'],
  ['podcastindex.org'],
  ['fountain.fm'],
  ['deezer.com'],
];

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return null;
  }
}

function platformOf(host: string): string {
  return SAME_PLATFORM.find((g) => g.includes(host))?.[0] ?? host;
}

export interface ListenResult {
  links: { label: string; url: string }[];
  /** Labels of the config's listen links that have no link for this episode (and were left out). */
  missing: string[];
}

/**
 * The listen links of a new issue: for each platform in the config's
 * `listen`, the episode's own link there when the feed gives one (a link to
 * the same platform that is not the show's own link), else the
 * `podcast.listen` pattern for that label; then patterns for labels the
 * config's listen list does not have. A platform with neither is left out:
 * the show's page is not a link to this episode.
 */
export function listenLinksFor(episode: Episode, config: Config, slug: string): ListenResult {
  const patterns = config.podcast?.listen ?? [];
  const values = {
    episode_url: episode.link,
    audio_url: episode.audio?.url ?? null,
    guid: episode.guid === null ? null : encodeURIComponent(episode.guid),
    number: episode.number === null ? null : String(episode.number),
    slug: encodeURIComponent(slug),
  };
  const fromPattern = (label: string): string | null => {
    const p = patterns.find((x) => x.label.toLowerCase() === label.toLowerCase());
    return p ? fillPattern(p.pattern, values) : null;
  };
  const links: ListenResult['links'] = [];
  const missing: string[] = [];
  for (const show of config.listen) {
    const host = hostOf(show.url);
    const own =
      host === null
        ? undefined
        : episode.links.find((l) => {
            const h = hostOf(l.url);
            return h !== null && platformOf(h) === platformOf(host) && l.url.replace(/\/+$/, '') !== show.url.replace(/\/+$/, '');
          });
    const url = own?.url ?? fromPattern(show.label);
    if (url) links.push({ label: show.label, url });
    else missing.push(show.label);
  }
  for (const p of patterns) {
    if (config.listen.some((l) => l.label.toLowerCase() === p.label.toLowerCase())) continue;
    const url = fillPattern(p.pattern, values);
    if (url) links.push({ label: p.label, url });
    else missing.push(p.label);
  }
  return { links, missing };
}
