import type { ArchiveEntry, Config, Issue, Link } from '../parse/types.js';
import { formatTime } from '../parse/time.js';
import { darkCss, FORCED_DARK_PREFIXES } from './darkStyles.js';
import { darkPalette, lightPalette, type Palette } from './palette.js';
import { inlineToText, markdownToText, renderInline, renderMarkdown, splitBody, type Where } from './markdown.js';
import { excerpt } from './text.js';
import { formatLongDateEn } from '../util/dates.js';
import { chapterLink } from './links/deepLink.js';
import { fillGreeting } from '../parse/greeting.js';
import type { Dialect, MergeTokens } from './mergeTags.js';

/**
 * Everything the templates print, with every key present (null or [] when
 * empty) so templates compiled in strict mode can tell a typo from an
 * absent block. Author text stays text here: Handlebars escapes it. Only the
 * `*Html` fields hold markup, made by markdown-it with raw HTML off.
 */
export interface ViewModel {
  /** True on the issue's web page (newsletter site): templates leave out what only an email needs (preheader, "view in browser", unsubscribe). */
  web: boolean;
  lang: string;
  subject: string;
  preheader: string;
  /** Invisible characters to print after the hidden preheader, so inbox previews stop there instead of running on into the email. */
  preheaderPadHtml: string;
  title: string;
  date: string;
  dateLabel: string;
  webUrl: string | null;
  newsletter: { name: string; description: string | null; url: string | null };
  theme: {
    fontFamily: string;
    light: Palette;
    dark: Palette;
    logo: { src: string; alt: string; width: number } | null;
    /** The logo for dark mode (same alt and width), or null. */
    logoDark: string | null;
    /** The dark palette as CSS rules for the default theme's classes: for `@media (prefers-color-scheme: dark)`. */
    darkCss: string;
    /** The same rules for Outlook.com's forced dark mode (behind its data-ogsc/data-ogsb marks). */
    forcedDarkCss: string;
  };
  labels: Config['labels'];
  greeting: string | null;
  body: BodyPart[];
  listen: Link[];
  signoff: string | null;
  author: { name: string | null; title: string[] };
  hasSignature: boolean;
  chapters: ChapterView[];
  resources: Link[];
  sponsors: SponsorView[];
  promos: PromoView[];
  footer: Config['footer'] & { hasLinks: boolean };
  readMore: (ArchiveEntry & { url: string | null; dateLabel: string })[];
}

export interface BodyPart {
  html: string | null;
  text: string | null;
  quote: { text: string; cite: string | null } | null;
}

export interface ChapterView {
  time: string | null;
  /** For the text part: the time padded to the widest time and two spaces ("01:19  "), or "" when no chapter has a time. */
  lead: string;
  /** Spaces as wide as `lead`, to hang a summary under its title. */
  indent: string;
  title: string;
  /** Where the time links to (`chapters.link` in the config), or null. */
  link: string | null;
  summaryHtml: string | null;
  summaryText: string | null;
}

export interface SponsorView {
  label: string;
  name: string;
  textHtml: string | null;
  textText: string | null;
  logo: { src: string; alt: string } | null;
  url: string | null;
  cta: Link | null;
}

export interface PromoView {
  title: string;
  textHtml: string | null;
  textText: string | null;
  cta: Link | null;
}

/**
 * Each run is a combining grapheme joiner, a zero-width non-joiner and a
 * no-break space: characters inbox previews count but do not show. 80 runs
 * (240 characters) fill the longest previews (Gmail on the web, Apple Mail)
 * after even a short preheader.
 */
export const PREHEADER_PAD_HTML = '&#847;&zwnj;&nbsp;'.repeat(80);

/** Teasers of earlier issues in the email: shorter than on the web archive, as the email ends with them. */
export const EMAIL_TEASER_MAX = 150;

/** Where an issue is shown: in an email (absolute links), or on the web archive (links relative to the issue's page, /<slug>/index.html). */
export interface RenderOptions {
  target?: 'email' | 'web' | undefined;
  /** Render for this sending service: its merge tags where the email needs per-subscriber values (see forService). */
  provider?: Dialect | undefined;
}

export function issueUrl(config: Config, slug: string): string | null {
  return config.url ? `${config.url}/${encodeURIComponent(slug)}/` : null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat | null>();

/** "December 18, 2024" in the newsletter's language, computed in UTC so no time zone can shift the day. */
export function formatDate(date: string, lang: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  // English without creating a formatter (the first costs ~20 ms of a cold build): the same text.
  const en = Number.isNaN(utc.getTime()) ? null : formatLongDateEn(lang, utc);
  if (en !== null) return en;
  if (!dateFormats.has(lang)) {
    // Creating a formatter costs far more than using one: keep one per language.
    let format: Intl.DateTimeFormat | null = null;
    try {
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      // An unknown language: the date as written.
    }
    dateFormats.set(lang, format);
  }
  return dateFormats.get(lang)?.format(utc) ?? date;
}

export function toViewModel(issue: Issue, config: Config, archive: ArchiveEntry[], opts: RenderOptions = {}): ViewModel {
  const file = issue.file;
  const web = opts.target === 'web';
  // On the web page, the site's own links are relative to /<slug>/index.html, so the site works under any path and from file://.
  const siteUrl = (slug: string): string | null => (web ? `../${slug}/index.html` : issueUrl(config, slug));

  const body: BodyPart[] = splitBody(issue.body, { file, line: issue.bodyLine }).map((s) =>
    s.kind === 'html' ? { html: s.html, text: s.text, quote: null } : { html: null, text: null, quote: { text: s.text, cite: s.cite } },
  );
  if (issue.quote) {
    // The frontmatter quote goes after the first paragraph of the letter.
    const part: BodyPart = { html: null, text: null, quote: issue.quote };
    const first = body[0];
    if (first?.html) {
      const [head, ...rest] = splitFirstParagraph(first);
      body.splice(0, 1, head!, part, ...rest);
    } else {
      body.splice(first ? 1 : 0, 0, part);
    }
  }

  const listen = issue.listen ?? config.listen;
  const chapterTimes = issue.chapters.map((c) => (c.time === null ? null : formatTime(c.time)));
  const width = Math.max(0, ...chapterTimes.map((t) => t?.length ?? 0));
  const chapters: ChapterView[] = issue.chapters.map((c, i) => {
    const where: Where = { file, line: c.line, inFrontmatter: true };
    const time = chapterTimes[i] ?? null;
    const lead = width > 0 ? `${(time ?? '').padStart(width, ' ')}  ` : '';
    return {
      time,
      lead,
      indent: ' '.repeat(lead.length),
      title: c.title,
      link: chapterLink(config.chapters, { seconds: c.time, listen, slug: issue.slug }),
      summaryHtml: c.summary ? renderInline(c.summary, where) : null,
      summaryText: c.summary ? inlineToText(c.summary, where) : null,
    };
  });

  const fromIssue = issue.sponsors !== null;
  const sponsors: SponsorView[] = (issue.sponsors ?? config.sponsors).map((s) => {
    const where: Where = fromIssue ? { file, line: s.line, inFrontmatter: true } : { file: config.file, line: s.line, inFrontmatter: true };
    return {
      label: s.label ?? config.labels.sponsor,
      name: s.name,
      textHtml: s.text ? renderMarkdown(s.text, where) : null,
      textText: s.text ? markdownToText(s.text, where) : null,
      logo: s.logo ? { src: s.logo, alt: s.name } : null,
      url: s.url ?? s.cta?.url ?? null,
      cta: s.cta,
    };
  });

  const promosFromIssue = issue.promos !== null;
  const promos: PromoView[] = (issue.promos ?? config.promos).map((p) => {
    const where: Where = { file: promosFromIssue ? file : config.file, line: p.line, inFrontmatter: true };
    return {
      title: p.title,
      textHtml: p.text ? renderMarkdown(p.text, where) : null,
      textText: p.text ? markdownToText(p.text, where) : null,
      cta: p.cta,
    };
  });

  const author = config.author;
  const preheader = issue.preheader ?? excerpt(body.map((b) => b.text ?? b.quote?.text ?? '').join(' '), 140);
  const webUrl = issueUrl(config, issue.slug);
  const vm: ViewModel = {
    web,
    lang: config.language,
    subject: issue.subject ?? issue.title,
    preheader,
    preheaderPadHtml: PREHEADER_PAD_HTML,
    title: issue.title,
    date: issue.date,
    dateLabel: formatDate(issue.date, config.language),
    webUrl,
    newsletter: { name: config.name, description: config.description, url: web ? '../index.html' : config.url },
    theme: themeView(config),
    labels: config.labels,
    greeting: greetingOf(issue.greeting ?? config.greeting, null),
    body,
    listen,
    signoff: issue.signoff ?? config.signoff,
    author,
    hasSignature: Boolean(issue.signoff ?? config.signoff ?? author.name ?? author.title.length),
    chapters,
    resources: issue.resources,
    sponsors,
    promos,
    footer: { ...config.footer, hasLinks: Boolean(config.footer.preferences_url || config.footer.unsubscribe_url || webUrl) },
    readMore: archive.map((a) => ({
      ...a,
      teaser: web ? a.teaser : excerpt(a.teaser, EMAIL_TEASER_MAX),
      url: siteUrl(a.slug),
      dateLabel: formatDate(a.date, config.language),
    })),
  };
  return vm;
}

// The palettes and dark-mode CSS depend on the config's theme alone: computed once per theme, not per issue
// (0.4 ms of each issue in a batch). Nothing changes a view model after it is made.
const themeViews = new WeakMap<Config['theme'], ViewModel['theme']>();

function themeView(config: Config): ViewModel['theme'] {
  let view = themeViews.get(config.theme);
  if (!view) themeViews.set(config.theme, (view = makeThemeView(config)));
  return view;
}

function makeThemeView(config: Config): ViewModel['theme'] {
  const light = lightPalette(config.theme);
  const dark = darkPalette(config.theme);
  const logo = config.theme.logo;
  return {
    fontFamily: config.theme.font_family,
    light,
    dark,
    logo,
    logoDark: logo ? config.theme.logo_dark : null,
    darkCss: darkCss(dark, light),
    forcedDarkCss: darkCss(dark, light, FORCED_DARK_PREFIXES),
  };
}

/** The greeting with its `{first_name|fallback}` as the fallback, or as the service's first-name token. */
function greetingOf(greeting: string | null, tokens: MergeTokens | null): string | null {
  if (greeting === null) return null;
  return fillGreeting(greeting, (fallback) => (tokens ? tokens.firstName(fallback) : fallback));
}

/**
 * The view model of an email for a sending service: merge tokens (see
 * mergeTags.ts) where each subscriber or send gets its own value. The
 * unsubscribe link is always the service's, configured or not; the
 * preferences page, the web version and the postal address are the
 * service's where it supplies them, else the config's. The greeting's
 * first name becomes the service's.
 */
export function forService(vm: ViewModel, raw: { greeting: string | null }, dialect: Dialect, tokens: MergeTokens): ViewModel {
  const footer = {
    ...vm.footer,
    unsubscribe_url: tokens.unsubscribeUrl,
    preferences_url: dialect.preferencesUrl ? tokens.preferencesUrl : vm.footer.preferences_url,
    address: dialect.address ? tokens.address : vm.footer.address,
  };
  const webUrl = dialect.webVersionUrl ? tokens.webVersionUrl : vm.webUrl;
  return { ...vm, webUrl, greeting: greetingOf(raw.greeting, tokens), footer: { ...footer, hasLinks: true } };
}

/** Splits the first markdown run after its first paragraph, so a quote can go between. */
function splitFirstParagraph(part: BodyPart): BodyPart[] {
  const html = part.html ?? '';
  const end = html.indexOf('</p>\n');
  if (!html.startsWith('<p>') || end < 0) return [part];
  const cut = end + '</p>\n'.length;
  const [firstText, ...restText] = (part.text ?? '').split('\n\n');
  const rest = html.slice(cut);
  return rest.trim()
    ? [
        { html: html.slice(0, cut), text: firstText ?? '', quote: null },
        { html: rest, text: restText.join('\n\n'), quote: null },
      ]
    : [part];
}
