import { NewsletterError } from '../problems/errors.js';
import type { Episode, Feed } from './types.js';

/**
 * The episode `--episode` asks for: `latest` (the newest date; the first
 * item when none has a date), a GUID, an episode number, or words of the
 * title (all of them, in any case and accents). Several title matches are
 * an error that lists them, never a guess.
 */
export function selectEpisode(feed: Feed, which: string | number = 'latest'): Episode {
  const want = String(which).trim();
  const episodes = feed.episodes;
  if (want === '' || want.toLowerCase() === 'latest') {
    let best = episodes[0]!;
    for (const e of episodes) if (e.date !== null && (best.date === null || e.date > best.date)) best = e;
    return best;
  }
  const byGuid = episodes.find((e) => e.guid === want);
  if (byGuid) return byGuid;
  if (/^#?\d+(?:\.\d+)?$/.test(want)) {
    const n = Number(want.replace(/^#/, ''));
    const byNumber = episodes.filter((e) => e.number === n);
    if (byNumber.length === 1) return byNumber[0]!;
    if (byNumber.length > 1) throw ambiguous(feed, want, byNumber);
  }
  const words = fold(want).split(/\s+/).filter(Boolean);
  const matches = episodes.filter((e) => {
    const t = fold(e.title ?? '');
    return words.every((w) => t.includes(w));
  });
  const exact = matches.filter((e) => fold(e.title ?? '') === fold(want));
  if (exact.length === 1) return exact[0]!;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw ambiguous(feed, want, matches);
  throw new NewsletterError('EPISODE_NOT_FOUND', `No episode in the feed matches "${want}"`, {
    file: feed.source,
    hint: `Use latest, an episode number, a GUID or words of the title; the newest episodes: ${episodes.slice(0, 3).map(describe).join('; ')}`,
  });
}

function ambiguous(feed: Feed, want: string, matches: Episode[]): NewsletterError {
  return new NewsletterError('EPISODE_NOT_FOUND', `${matches.length} episodes match "${want}"`, {
    file: feed.source,
    hint: `Give more words, the episode number or the GUID: ${matches.slice(0, 5).map(describe).join('; ')}`,
  });
}

function describe(e: Episode): string {
  const parts = [e.number !== null ? `#${e.number}` : null, e.date, `"${e.title ?? '(untitled)'}"`, e.guid ? `guid ${e.guid}` : null];
  return parts.filter(Boolean).join(' ');
}

/** Lower case without accents, so "resume" finds "Resumée". */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
