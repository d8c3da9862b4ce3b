import type { ChaptersConfig, LinksConfig } from './types.js';
import { describe, type Fields } from './fields.js';
import { checkUrl } from '../util/links.js';
import { fillPattern, unknownPlaceholders } from '../util/pattern.js';

/** What a `chapters.link` pattern may use. */
export const CHAPTER_LINK_PLACEHOLDERS = ['episode_url', 'audio_url', 'time', 'seconds', 'slug'] as const;
/** What `links.utm` values may use. */
export const UTM_PLACEHOLDERS = ['slug', 'date', 'block'] as const;

const SAMPLE: Record<string, string> = {
  episode_url: 'https://example.com/episode',
  audio_url: 'https://example.com/episode.mp3',
  time: '01:19',
  seconds: '79',
  slug: 'slug',
};

/** `chapters:` in the config: `link` as one pattern, or a mapping of listen label → pattern. */
export function parseChaptersConfig(f: Fields, data: Record<string, unknown>): ChaptersConfig {
  const c = data.chapters === undefined || data.chapters === null ? {} : (f.map(data.chapters, 'chapters') ?? {});
  f.unknownKeys(c, ['link'], 'chapters');
  const v = c.link;
  if (v === undefined || v === null || v === false) return { link: [] };
  if (typeof v === 'string') return { link: checkPattern(f, v, 'chapters.link') ? [{ label: null, pattern: v.trim() }] : [] };
  const m = f.map(v, 'chapters.link');
  if (!m) return { link: [] };
  const link: ChaptersConfig['link'] = [];
  for (const [label, pattern] of Object.entries(m)) {
    const path = `chapters.link.${label}`;
    if (typeof pattern !== 'string') {
      f.error(path, `"${path}" must be a URL pattern, not ${describe(pattern)}`, 'e.g. YouTube: "{episode_url}&t={seconds}s"');
    } else if (checkPattern(f, pattern, path)) {
      link.push({ label, pattern: pattern.trim() });
    }
  }
  return { link };
}

function checkPattern(f: Fields, pattern: string, path: string): boolean {
  const unknown = unknownPlaceholders(pattern, CHAPTER_LINK_PLACEHOLDERS);
  if (unknown.length > 0) {
    f.error(
      path,
      `"${path}" uses {${unknown[0]}}, which is not a chapter link placeholder`,
      `Placeholders: ${CHAPTER_LINK_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
    );
    return false;
  }
  if (!/^(?:\{episode_url\}|\{audio_url\}|https:\/\/)/.test(pattern.trim())) {
    f.error(path, `"${path}" must start with {episode_url}, {audio_url} or https://`, 'e.g. link: "{episode_url}#t={time}"');
    return false;
  }
  const sample = fillPattern(pattern.trim(), SAMPLE) ?? '';
  const problem = checkUrl(sample);
  if (problem?.level === 'error' || /\s/.test(sample)) {
    f.error(path, `"${path}" does not make a URL: ${sample.slice(0, 80)}`, 'e.g. link: "{episode_url}#t={time}"');
    return false;
  }
  return true;
}

/** `links:` in the config: only `utm` so far; absent or `utm: false` is off. */
export function parseLinksConfig(f: Fields, data: Record<string, unknown>): LinksConfig {
  const l = data.links === undefined || data.links === null ? {} : (f.map(data.links, 'links') ?? {});
  f.unknownKeys(l, ['utm'], 'links');
  if (l.utm === undefined || l.utm === null || l.utm === false) return { utm: null };
  const u = l.utm === true ? {} : f.map(l.utm, 'links.utm');
  if (!u) return { utm: null };
  f.unknownKeys(u, ['source', 'medium', 'campaign', 'content', 'exclude'], 'links.utm');
  const value = (key: string, fallback: string | null): string | null => {
    const path = `links.utm.${key}`;
    const v = f.str(u, key, path, { coerce: true }) ?? fallback;
    if (v === null) return null;
    const unknown = unknownPlaceholders(v, UTM_PLACEHOLDERS);
    if (unknown.length > 0) f.error(path, `"${path}" uses {${unknown[0]}}, which is not a UTM placeholder`, 'Placeholders: {slug}, {date}, {block}');
    if (/[\u0000-\u001f\u007f]/.test(v)) f.error(path, `"${path}" holds a control character`);
    return v.trim();
  };
  const exclude =
    u.exclude === undefined || u.exclude === null ? [] : typeof u.exclude === 'string' ? [u.exclude] : (f.list(u, 'exclude', 'links.utm.exclude') ?? []);
  const domains: string[] = [];
  exclude.forEach((d, i) => {
    const host =
      typeof d === 'string'
        ? d
            .trim()
            .toLowerCase()
            .replace(/^\*?\./, '')
        : '';
    if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)*$/.test(host)) {
      f.error(
        `links.utm.exclude.${i}`,
        `"links.utm.exclude" entry ${describe(d)} is not a domain`,
        'Write domains only, e.g. exclude: [example.org, partner.example.com]',
      );
    } else {
      domains.push(host);
    }
  });
  return {
    utm: {
      source: value('source', 'newsletter') ?? 'newsletter',
      medium: value('medium', 'email') ?? 'email',
      campaign: value('campaign', '{slug}') ?? '{slug}',
      content: value('content', null),
      exclude: domains,
    },
  };
}
