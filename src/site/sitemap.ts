import { esc } from './siteHtml.js';

/** sitemap.xml (sitemaps.org 0.9): the archive pages and each issue's page, with its date as lastmod. */
export function sitemap(url: string, pages: readonly string[], issues: readonly { slug: string; date: string }[]): string {
  const loc = (path: string, lastmod?: string): string => `  <url><loc>${esc(`${url}/${path}`)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${[...pages.map((p) => loc(p.replace(/index\.html$/, ''), issues[0]?.date)), ...issues.map((i) => loc(`${i.slug}/`, i.date))].join('\n')}
</urlset>
`;
}

/** robots.txt: everything may be crawled; the sitemap, when the site knows its URL. */
export function robots(url: string | null): string {
  return `User-agent: *\nAllow: /\n${url ? `\nSitemap: ${url}/sitemap.xml\n` : ''}`;
}
