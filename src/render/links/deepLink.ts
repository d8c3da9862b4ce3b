import type { ChaptersConfig, Link } from '../../parse/types.js';
import { formatTime } from '../../parse/time.js';
import { fillPattern } from '../../util/pattern.js';

const AUDIO_FILE = /\.(?:mp3|m4a|aac|mp4|ogg|oga|opus|wav|flac)$/i;

/** The listen link to an audio file (the episode's enclosure), for {audio_url}. */
export function audioUrlOf(listen: readonly Link[]): string | null {
  for (const l of listen) {
    try {
      if (AUDIO_FILE.test(new URL(l.url).pathname)) return l.url;
    } catch {
      // Not a URL we can read: not an audio link.
    }
  }
  return null;
}

/**
 * Where a chapter's time links to, from `chapters.link`: the one pattern with
 * the first listen link as {episode_url}, or the first per-label
 * pattern whose label the issue has a listen link for, with that link as
 * {episode_url}. Null when no pattern can be filled (then the time is plain).
 */
export function chapterLink(config: ChaptersConfig | undefined, ctx: { seconds: number | null; listen: readonly Link[]; slug: string }): string | null {
  if (ctx.seconds === null || !config || config.link.length === 0) return null;
  const base = { time: formatTime(ctx.seconds), seconds: String(ctx.seconds), audio_url: audioUrlOf(ctx.listen), slug: encodeURIComponent(ctx.slug) };
  for (const { label, pattern } of config.link) {
    const listen = label === null ? ctx.listen[0] : ctx.listen.find((l) => l.label.trim().toLowerCase() === label.trim().toLowerCase());
    if (label !== null && !listen) continue;
    const episodeUrl = listen?.url ?? null;
    const url = fillPattern(joinQuery(pattern, { episode_url: episodeUrl, audio_url: base.audio_url }), { ...base, episode_url: episodeUrl });
    if (url !== null) return url;
  }
  return null;
}

/**
 * "{episode_url}&t=79s" on a link without a query, or "{episode_url}?t=79"
 * on one with a query, would make a broken URL: the separator after a
 * leading URL placeholder is written as the link needs it.
 */
function joinQuery(pattern: string, urls: Record<string, string | null>): string {
  return pattern.replace(/^\{(episode_url|audio_url)\}[?&]/, (m, name: string) => {
    const url = urls[name];
    if (!url) return m;
    return `{${name}}${url.split('#')[0]!.includes('?') ? '&' : '?'}`;
  });
}
