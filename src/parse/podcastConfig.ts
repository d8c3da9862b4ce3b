import type { PodcastConfig } from './types.js';
import { describe, type Fields } from './fields.js';
import { checkUrl } from '../util/links.js';
import { fillPattern, unknownPlaceholders } from '../util/pattern.js';

/** What a `podcast.listen` pattern may use. */
export const LISTEN_PLACEHOLDERS = ['episode_url', 'audio_url', 'guid', 'number', 'slug'] as const;

const SAMPLE = { episode_url: 'https://example.com/ep', audio_url: 'https://example.com/ep.mp3', guid: 'guid', number: '91', slug: 'slug' };

/**
 * `podcast:` in the config: `feed` (a URL or a path beside the config), the
 * default source of `new --from-feed`; `listen`, a mapping of listen label →
 * URL pattern for platforms whose episode links the feed does not carry.
 */
export function parsePodcastConfig(f: Fields, data: Record<string, unknown>): PodcastConfig {
  const p = data.podcast === undefined || data.podcast === null ? {} : (f.map(data.podcast, 'podcast') ?? {});
  f.unknownKeys(p, ['feed', 'listen'], 'podcast');
  const feed = f.str(p, 'feed', 'podcast.feed');
  if (feed !== null && /^[a-z][a-z0-9+.-]*:/i.test(feed.trim()) && !/^https?:\/\//i.test(feed.trim())) {
    f.error('podcast.feed', `"podcast.feed" must be an https:// URL or a file path, not ${feed.slice(0, 60)}`);
  }
  const listen: PodcastConfig['listen'] = [];
  const m = p.listen === undefined || p.listen === null ? {} : (f.map(p.listen, 'podcast.listen') ?? {});
  for (const [label, pattern] of Object.entries(m)) {
    const path = `podcast.listen.${label}`;
    if (typeof pattern !== 'string') {
      f.error(path, `"${path}" must be a URL pattern, not ${describe(pattern)}`, 'e.g. Website: "{episode_url}"');
      continue;
    }
    const unknown = unknownPlaceholders(pattern, LISTEN_PLACEHOLDERS);
    const sample = fillPattern(pattern.trim(), SAMPLE) ?? '';
    if (unknown.length > 0) {
      f.error(
        path,
        `"${path}" uses {${unknown[0]}}, which is not a listen placeholder`,
        `Placeholders: ${LISTEN_PLACEHOLDERS.map((x) => `{${x}}`).join(', ')}`,
      );
    } else if (!/^(?:\{episode_url\}|\{audio_url\}|https:\/\/)/.test(pattern.trim()) || checkUrl(sample)?.level === 'error') {
      f.error(path, `"${path}" does not make an https:// URL`, 'e.g. Website: "{episode_url}", or "https://example.com/episodes/{number}"');
    } else {
      listen.push({ label, pattern: pattern.trim() });
    }
  }
  return { feed: feed?.trim() ?? null, listen };
}
