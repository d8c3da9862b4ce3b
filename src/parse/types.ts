/** The shapes that flow through the pipeline, after validation and normalisation. */

export interface Link {
  label: string;
  url: string;
  note: string | null;
  /** 1-based line in the source file the link was written on. */
  line?: number | undefined;
}

export interface Chapter {
  /** Seconds from the start of the episode; null when the author gave no time. */
  time: number | null;
  title: string;
  summary: string | null;
  line?: number | undefined;
}

export interface Quote {
  text: string;
  cite: string | null;
}

export interface Sponsor {
  label: string | null;
  name: string;
  text: string | null;
  logo: string | null;
  url: string | null;
  cta: Link | null;
  line?: number | undefined;
}

export interface Promo {
  title: string;
  text: string | null;
  cta: Link | null;
  line?: number | undefined;
}

export interface Issue {
  file: string;
  slug: string;
  title: string;
  date: string;
  subject: string | null;
  preheader: string | null;
  greeting: string | null;
  quote: Quote | null;
  /** null: use the config's default links; [] (from `listen: false`): none. */
  listen: Link[] | null;
  chapters: Chapter[];
  resources: Link[];
  /** null: the config default; [] (from `false`): none. */
  sponsors: Sponsor[] | null;
  promos: Promo[] | null;
  signoff: string | null;
  teaser: string | null;
  draft: boolean;
  body: string;
  bodyLine: number;
  lines: Map<string, number>;
}

export interface Theme {
  brand_color: string;
  text_color: string;
  background: string;
  font_family: string;
  logo: { src: string; alt: string; width: number } | null;
  /** The logo shown in dark mode instead of `logo` (same alt and width). */
  logo_dark: string | null;
}

export interface Config {
  file: string;
  /** Folder of the config file: the workspace root. */
  root: string;
  name: string;
  description: string | null;
  url: string | null;
  from: string | null;
  reply_to: string | null;
  language: string;
  greeting: string | null;
  signoff: string | null;
  author: { name: string | null; title: string[] };
  labels: Labels;
  listen: Link[];
  sponsors: Sponsor[];
  promos: Promo[];
  footer: {
    reason: string | null;
    text: string | null;
    address: string | null;
    preferences_url: string | null;
    unsubscribe_url: string | null;
  };
  theme: Theme;
  read_more: { count: number };
  /** The web archive's call to action (`newsletter site`); optional so hand-made configs in tests need not name it. */
  subscribe_url?: string | null | undefined;
  /** The web archive: issues per index page. */
  site?: { per_page: number } | undefined;
  test: { to: string[] };
  check: { rules: Record<string, 'off' | 'warn' | 'error'> };
  /** The podcast sections; optional so that configs built in code (tests) without them stay valid: absent means off. */
  chapters?: ChaptersConfig;
  links?: LinksConfig;
  podcast?: PodcastConfig;
  /** The hand-off to the sending service (src/publish/); null or absent without a publish: section. */
  publish?: PublishConfig | null;
  lines: Map<string, number>;
}

/** `chapters.link`: one URL pattern for every chapter time, or patterns per listen label (the first the issue has wins). */
export interface ChaptersConfig {
  link: { label: string | null; pattern: string }[];
}

/** `links.utm`: null when tagging is off (the default). Values may hold {slug}, {date} and {block}. */
export interface LinksConfig {
  utm: { source: string; medium: string; campaign: string; content: string | null; exclude: string[] } | null;
}

/** `podcast`: the feed `new --from-feed` reads by default, and listen-link patterns per label. */
export interface PodcastConfig {
  feed: string | null;
  listen: { label: string; pattern: string }[];
}

export interface Labels {
  listen: string;
  chapters: string;
  resources: string;
  read_more: string;
  sponsor: string;
  promos: string;
  view_online: string;
  unsubscribe: string;
  preferences: string;
  read_issue: string;
}

/** Another issue of the same folder, as the read-more block needs it. */
export interface ArchiveEntry {
  slug: string;
  title: string;
  date: string;
  teaser: string;
}

/** A provider's settings under `publish:`, as their specs (src/publish/) read them. */
export type Settings = Record<string, string | number | boolean | number[] | string[] | undefined>;

/** The validated `publish:` section. */
export interface PublishConfig {
  /** A key of PROVIDERS (providers.ts). */
  provider: string;
  /** Base URL of the API, without a trailing slash; null for the provider's default. */
  apiUrl: string | null;
  settings: Settings;
  /** For messages: the config file and the line of `publish:`. */
  file?: string | undefined;
  line?: number | undefined;
}
