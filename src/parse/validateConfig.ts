import type { Warning } from '../problems/errors.js';
import type { Config, Labels, PublishConfig, Theme } from './types.js';
import { Fields, describe } from './fields.js';
import { parseChaptersConfig, parseLinksConfig } from './linksConfig.js';
import { parsePodcastConfig } from './podcastConfig.js';

export const CONFIG_KEYS = [
  'name',
  'description',
  'url',
  'from',
  'reply_to',
  'language',
  'greeting',
  'signoff',
  'author',
  'labels',
  'listen',
  'sponsor',
  'sponsors',
  'promos',
  'footer',
  'theme',
  'read_more',
  'test',
  'check',
  'subscribe_url',
  'site',
  'chapters',
  'links',
  'podcast',
  'publish',
] as const;

export function defaultLabels(name: string): Labels {
  return {
    listen: 'Listen to the full episode:',
    chapters: 'In this episode',
    resources: 'Resources',
    read_more: `Read more from ${name}`,
    sponsor: 'Sponsored by',
    promos: 'More from us',
    view_online: 'View in your browser',
    unsubscribe: 'Unsubscribe',
    preferences: 'Update your preferences',
    read_issue: 'Read the issue',
  };
}

export const DEFAULT_THEME: Theme = {
  brand_color: '#1f4e79',
  text_color: '#222222',
  background: '#f4f4f4',
  font_family: 'Helvetica, Arial, sans-serif',
  logo: null,
  logo_dark: null,
};

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const SEVERITIES = ['off', 'warn', 'error'] as const;

/**
 * Sections whose rules live with the feature that uses them: `publish:`
 * depends on each sending service's settings (src/publish/), which parse/
 * must not import. The caller that loads the config passes the parser
 * (workspace/loadConfig.ts); without one the section is accepted unread.
 */
export interface ConfigSections {
  publish?: ((raw: unknown, f: Fields) => PublishConfig | null) | undefined;
}

/**
 * validateConfig(data) → {config, warnings}: pure; throws one error that
 * carries every problem found, so an author fixes them in one pass.
 */
export function validateConfig(
  data: Record<string, unknown>,
  lines: Map<string, number>,
  file: string,
  root: string,
  raw: Map<string, string> = new Map(),
  sections: ConfigSections = {},
): { config: Config; warnings: Warning[] } {
  const f = new Fields(file, lines, 'CONFIG_INVALID', raw);
  f.unknownKeys(data, CONFIG_KEYS, '');
  const name = f.str(data, 'name', 'name', { required: true, coerce: true }) ?? '';
  const url = f.url(data, 'url', 'url');

  const author = data.author === undefined || data.author === null ? {} : (f.map(data.author, 'author') ?? {});
  f.unknownKeys(author, ['name', 'title'], 'author');
  let titleLines: string[] = [];
  if (typeof author.title === 'string') titleLines = [author.title];
  else if (Array.isArray(author.title)) {
    const items = { ...(author.title as unknown[]) } as Record<string, unknown>;
    titleLines = Object.keys(items).flatMap((i) => f.str(items, i, `author.title.${i}`, { coerce: true }) ?? []);
  } else if (author.title !== undefined && author.title !== null)
    f.error('author.title', `"author.title" must be text or a list of lines, not ${describe(author.title)}`);

  const labelsIn = data.labels === undefined || data.labels === null ? {} : (f.map(data.labels, 'labels') ?? {});
  const labels = defaultLabels(name);
  f.unknownKeys(labelsIn, Object.keys(labels), 'labels');
  for (const key of Object.keys(labels) as (keyof Labels)[]) {
    const v = f.str(labelsIn, key, `labels.${key}`, { coerce: true });
    if (v !== null) labels[key] = v;
  }

  const footerIn = data.footer === undefined || data.footer === null ? {} : (f.map(data.footer, 'footer') ?? {});
  f.unknownKeys(footerIn, ['reason', 'text', 'address', 'preferences_url', 'unsubscribe_url'], 'footer');

  const config: Config = {
    file,
    root,
    name,
    description: f.str(data, 'description', 'description', { coerce: true }),
    url: url?.replace(/\/+$/, '') ?? null,
    from: f.str(data, 'from', 'from'),
    reply_to: f.str(data, 'reply_to', 'reply_to'),
    language: parseLanguage(f, data),
    greeting: f.greeting(data, 'greeting', 'greeting'),
    signoff: f.str(data, 'signoff', 'signoff', { coerce: true }),
    author: { name: f.str(author, 'name', 'author.name', { coerce: true }), title: titleLines },
    labels,
    listen: f.links(data, 'listen', 'listen') ?? [],
    sponsors: parseSponsors(f, data),
    promos: (f.list(data, 'promos', 'promos') ?? []).flatMap((p, i) => f.promo(p, `promos.${i}`) ?? []),
    footer: {
      reason: f.str(footerIn, 'reason', 'footer.reason', { coerce: true }),
      text: f.str(footerIn, 'text', 'footer.text', { coerce: true }),
      address: f.str(footerIn, 'address', 'footer.address', { coerce: true }),
      preferences_url: f.url(footerIn, 'preferences_url', 'footer.preferences_url'),
      unsubscribe_url: f.url(footerIn, 'unsubscribe_url', 'footer.unsubscribe_url'),
    },
    theme: parseTheme(f, data),
    read_more: parseReadMore(f, data),
    subscribe_url: f.url(data, 'subscribe_url', 'subscribe_url'),
    site: parseSite(f, data),
    test: parseTest(f, data),
    check: parseCheck(f, data),
    chapters: parseChaptersConfig(f, data),
    links: parseLinksConfig(f, data),
    podcast: parsePodcastConfig(f, data),
    publish: sections.publish ? sections.publish(data.publish, f) : undefined,
    lines,
  };
  if (!config.footer.address)
    f.warn('postal-address', 'footer.address', 'The footer has no postal address', 'Add footer.address: the law in many countries (CAN-SPAM) asks for one');
  if (!config.footer.unsubscribe_url) f.warn('unsubscribe', 'footer', 'The footer has no unsubscribe link', 'Add footer.unsubscribe_url: https://...');
  f.throwIfAny();
  return { config, warnings: f.warnings };
}

function parseLanguage(f: Fields, data: Record<string, unknown>): string {
  const v = f.str(data, 'language', 'language') ?? 'en';
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(v)) {
    f.error('language', `"language" ${v} is not a language tag`, 'Use a BCP 47 tag such as en, en-GB, de or pt-BR');
    return 'en';
  }
  return v;
}

function parseSponsors(f: Fields, data: Record<string, unknown>): Config['sponsors'] {
  const key = data.sponsors !== undefined ? 'sponsors' : 'sponsor';
  const v = data[key];
  if (v === undefined || v === null || v === false) return [];
  if (Array.isArray(v)) return v.flatMap((s, i) => f.sponsor(s, `${key}.${i}`) ?? []);
  const one = f.sponsor(v, key);
  return one ? [one] : [];
}

function parseTheme(f: Fields, data: Record<string, unknown>): Theme {
  const t = data.theme === undefined || data.theme === null ? {} : (f.map(data.theme, 'theme') ?? {});
  f.unknownKeys(t, ['brand_color', 'text_color', 'background', 'font_family', 'logo', 'logo_dark'], 'theme');
  const color = (key: 'brand_color' | 'text_color' | 'background'): string => {
    const v = f.str(t, key, `theme.${key}`);
    if (v === null) return DEFAULT_THEME[key];
    if (!COLOR.test(v.trim())) {
      f.error(`theme.${key}`, `"theme.${key}" ${v} is not a colour`, `Write a hex colour in quotes, e.g. ${key}: "${DEFAULT_THEME[key]}"`);
      return DEFAULT_THEME[key];
    }
    return expandHex(v.trim());
  };
  let logo: Theme['logo'] = null;
  if (t.logo !== undefined && t.logo !== null) {
    const m = typeof t.logo === 'string' ? { src: t.logo } : f.map(t.logo, 'theme.logo');
    if (m) {
      f.unknownKeys(m, ['src', 'alt', 'width'], 'theme.logo');
      const src = f.str(m, 'src', 'theme.logo.src', { required: true });
      if (src) f.imageSrc(src, 'theme.logo.src');
      const width = m.width === undefined ? 160 : m.width;
      if (typeof width !== 'number' || width < 16 || width > 600) f.error('theme.logo.width', '"theme.logo.width" must be a number of pixels from 16 to 600');
      if (src) logo = { src, alt: f.str(m, 'alt', 'theme.logo.alt', { coerce: true }) ?? '', width: typeof width === 'number' ? Math.round(width) : 160 };
    }
  }
  let logoDark: string | null = null;
  if (t.logo_dark !== undefined && t.logo_dark !== null) {
    const m = typeof t.logo_dark === 'string' ? { src: t.logo_dark } : f.map(t.logo_dark, 'theme.logo_dark');
    if (m) {
      f.unknownKeys(m, ['src'], 'theme.logo_dark');
      logoDark = f.str(m, 'src', typeof t.logo_dark === 'string' ? 'theme.logo_dark' : 'theme.logo_dark.src', { required: true });
      if (logoDark) f.imageSrc(logoDark, 'theme.logo_dark');
      if (logoDark && !logo && t.logo === undefined) {
        f.error(
          'theme.logo_dark',
          '"theme.logo_dark" is the dark-mode version of theme.logo, and there is no theme.logo',
          'Add theme.logo (shown in light mode), or remove logo_dark',
        );
      }
    }
  }
  return {
    brand_color: color('brand_color'),
    text_color: color('text_color'),
    background: color('background'),
    font_family: parseFontFamily(f, t),
    logo,
    logo_dark: logoDark,
  };
}

/** Font stacks go into style attributes unescaped, so only the characters a font list needs are allowed. */
function parseFontFamily(f: Fields, t: Record<string, unknown>): string {
  const v = f.str(t, 'font_family', 'theme.font_family');
  if (v === null) return DEFAULT_THEME.font_family;
  if (!/^[\w\s,'.-]+$/.test(v)) {
    f.error('theme.font_family', `"theme.font_family" may hold only font names, commas and quotes`, `e.g. font_family: "Georgia, 'Times New Roman', serif"`);
    return DEFAULT_THEME.font_family;
  }
  return v.trim();
}

function expandHex(c: string): string {
  const h = c.toLowerCase();
  return h.length === 4 ? `#${h[1]}${h[1]}${h[2]}${h[2]}${h[3]}${h[3]}` : h;
}

function parseReadMore(f: Fields, data: Record<string, unknown>): Config['read_more'] {
  const r = data.read_more === undefined || data.read_more === null ? {} : (f.map(data.read_more, 'read_more') ?? {});
  f.unknownKeys(r, ['count'], 'read_more');
  const count = r.count === undefined ? 3 : r.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 20) {
    f.error('read_more.count', `"read_more.count" must be a whole number from 0 to 20, not ${describe(count)}`);
    return { count: 3 };
  }
  return { count };
}

function parseSite(f: Fields, data: Record<string, unknown>): { per_page: number } {
  const r = data.site === undefined || data.site === null ? {} : (f.map(data.site, 'site') ?? {});
  f.unknownKeys(r, ['per_page'], 'site');
  const n = r.per_page === undefined ? 20 : r.per_page;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1000) {
    f.error('site.per_page', `"site.per_page" must be a whole number from 1 to 1000, not ${describe(n)}`);
    return { per_page: 20 };
  }
  return { per_page: n };
}

function parseTest(f: Fields, data: Record<string, unknown>): Config['test'] {
  const t = data.test === undefined || data.test === null ? {} : (f.map(data.test, 'test') ?? {});
  f.unknownKeys(t, ['to'], 'test');
  if (typeof t.to === 'string') return { to: [t.to] };
  const to = f.list(t, 'to', 'test.to') ?? [];
  // A number or a mapping here is a mistake, not an address to leave out without a word.
  return {
    to: to.flatMap((x, i) => {
      if (typeof x === 'string' && x.trim() !== '') return [x];
      f.error(`test.to.${i}`, `"test.to" entry ${i + 1} must be an email address, not ${describe(x)}`, 'e.g. to: [me@example.com]');
      return [];
    }),
  };
}

function parseCheck(f: Fields, data: Record<string, unknown>): Config['check'] {
  const c = data.check === undefined || data.check === null ? {} : (f.map(data.check, 'check') ?? {});
  f.unknownKeys(c, ['rules'], 'check');
  const rulesIn = c.rules === undefined || c.rules === null ? {} : (f.map(c.rules, 'check.rules') ?? {});
  const rules: Config['check']['rules'] = {};
  for (const [id, sev] of Object.entries(rulesIn)) {
    if (typeof sev === 'string' && (SEVERITIES as readonly string[]).includes(sev)) rules[id] = sev as 'off' | 'warn' | 'error';
    else f.error(`check.rules.${id}`, `"check.rules.${id}" must be off, warn or error, not ${describe(sev)}`);
  }
  return { rules };
}
