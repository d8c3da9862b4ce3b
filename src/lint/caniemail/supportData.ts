/**
 * caniemail.com's support tables, bundled (caniemail.json, refreshed by
 * scripts/update-caniemail.mjs from github.com/hteumeuleu/caniemail): for
 * each feature, how each client `check` reports on handles it today (the
 * most recently tested version of that client).
 */
import data from './caniemail.json' with { type: 'json' };

export interface FeatureData {
  slug: string;
  title: string;
  category: string;
  /** One letter per client of CANIEMAIL.clients: y supported, a partial, n not supported, u unknown, - not tested. */
  support: string;
}

export const CANIEMAIL: { source: string; commit: string; date: string; clients: string[]; features: FeatureData[] } = data;

/** How a client is called in a message: caniemail's family and platform ids, as people say them. */
const CLIENT_NAMES: Record<string, [family: string, platform: string]> = {
  'gmail.desktop-webmail': ['Gmail', 'web'],
  'gmail.ios': ['Gmail', 'iOS'],
  'gmail.android': ['Gmail', 'Android'],
  'outlook.windows': ['Outlook', 'Windows'],
  'outlook.macos': ['Outlook', 'Mac'],
  'outlook.outlook-com': ['Outlook', 'web'],
  'apple-mail.ios': ['Apple Mail', 'iOS'],
  'apple-mail.macos': ['Apple Mail', 'macOS'],
  'yahoo.desktop-webmail': ['Yahoo', 'web'],
  'yahoo.ios': ['Yahoo', 'iOS'],
  'yahoo.android': ['Yahoo', 'Android'],
  'samsung-email.android': ['Samsung Email', 'Android'],
  'thunderbird.windows': ['Thunderbird', 'Windows'],
  'thunderbird.macos': ['Thunderbird', 'macOS'],
};

const BY_SLUG = new Map(CANIEMAIL.features.map((f) => [f.slug, f]));

export function featureData(slug: string): FeatureData | undefined {
  return BY_SLUG.get(slug);
}

/** The clients (caniemail ids) that do not support a feature at all. Partial support is not counted: it usually works. */
export function unsupportedBy(slug: string): string[] {
  const f = BY_SLUG.get(slug);
  if (!f) return [];
  return CANIEMAIL.clients.filter((_, i) => f.support[i] === 'n');
}

/** "Outlook (Windows, Mac), Gmail (web, iOS, Android)": clients grouped by family, in the data's order. */
export function clientList(clients: readonly string[]): string {
  const families = new Map<string, string[]>();
  for (const c of clients) {
    const [family, platform] = CLIENT_NAMES[c] ?? [c, ''];
    const list = families.get(family) ?? [];
    if (platform) list.push(platform);
    families.set(family, list);
  }
  return [...families].map(([f, p]) => (p.length ? `${f} (${p.join(', ')})` : f)).join(', ');
}

/** The feature's page on caniemail.com. */
export function featureUrl(slug: string): string {
  return `https://www.caniemail.com/features/${slug}/`;
}
