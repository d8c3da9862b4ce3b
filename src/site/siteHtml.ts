import type { Palette } from '../render/palette.js';

/** Text for HTML (and XML) text and attribute values. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An absolute URL of the site (`url` + a path under it), or null when the config has no `url`. */
export function absolute(base: string | null, path: string): string | null {
  return base === null ? null : `${base}/${path}`;
}

/** The `<head>` tags every page of the site carries: description, canonical, Open Graph, Twitter card, the feed. */
export function metaTags(m: {
  title: string;
  description: string | null;
  canonical: string | null;
  siteName: string;
  type: 'website' | 'article';
  image: string | null;
  feedHref: string;
  published?: string | undefined;
}): string {
  const tags: string[] = [];
  const meta = (attr: 'name' | 'property', key: string, value: string | null | undefined): void => {
    if (value) tags.push(`<meta ${attr}="${key}" content="${esc(value)}">`);
  };
  meta('name', 'description', m.description);
  if (m.canonical) tags.push(`<link rel="canonical" href="${esc(m.canonical)}">`);
  meta('property', 'og:type', m.type);
  meta('property', 'og:site_name', m.siteName);
  meta('property', 'og:title', m.title);
  meta('property', 'og:description', m.description);
  meta('property', 'og:url', m.canonical);
  meta('property', 'og:image', m.image);
  if (m.published) meta('property', 'article:published_time', m.published);
  meta('name', 'twitter:card', m.image ? 'summary_large_image' : 'summary');
  meta('name', 'twitter:title', m.title);
  meta('name', 'twitter:description', m.description);
  meta('name', 'twitter:image', m.image);
  tags.push(`<link rel="alternate" type="application/atom+xml" title="${esc(m.siteName)}" href="${esc(m.feedHref)}">`);
  return tags.join('\n');
}

/** CSS custom properties of a palette, so the site's own parts follow the theme in light and dark. */
export function paletteVars(light: Palette, dark: Palette): string {
  const vars = (p: Palette): string =>
    (['page', 'surface', 'text', 'muted', 'link', 'accent', 'onAccent', 'band', 'onBand', 'border', 'tint', 'pageText', 'pageLink'] as const)
      .map((k) => `--s-${k}:${p[k]};`)
      .join('');
  return `:root{${vars(light)}color-scheme:light dark}\n@media (prefers-color-scheme: dark){:root{${vars(dark)}}}`;
}
