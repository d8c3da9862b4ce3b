import type { ArchiveEntry } from '../parse/types.js';
import type { Palette } from '../render/palette.js';
import { absolute, esc, metaTags, paletteVars } from './siteHtml.js';

export interface SiteInfo {
  name: string;
  description: string | null;
  /** `url` of the config, without a trailing slash, or null. */
  url: string | null;
  lang: string;
  subscribeUrl: string | null;
  footerText: string | null;
  fontFamily: string;
  logo: { src: string; alt: string; width: number } | null;
  logoDark: string | null;
  light: Palette;
  dark: Palette;
}

export type IndexEntry = ArchiveEntry & { dateLabel: string };

/** The archive's pages, newest first, `perPage` each: index.html, then page/2/index.html … Path → HTML. */
export function archivePages(site: SiteInfo, entries: readonly IndexEntry[], perPage: number): Map<string, string> {
  const pages = new Map<string, string>();
  const count = Math.max(1, Math.ceil(entries.length / perPage));
  for (let n = 1; n <= count; n++) {
    pages.set(pagePath(n), archivePage(site, entries.slice((n - 1) * perPage, n * perPage), n, count));
  }
  return pages;
}

export function pagePath(n: number): string {
  return n === 1 ? 'index.html' : `page/${n}/index.html`;
}

function archivePage(site: SiteInfo, entries: readonly IndexEntry[], n: number, count: number): string {
  const up = n === 1 ? '' : '../../';
  const href = (k: number): string => up + pagePath(k);
  const items = entries
    .map(
      (e) =>
        `<li class="s-item"><article><p class="s-date"><time datetime="${esc(e.date)}">${esc(e.dateLabel)}</time></p><h2 class="s-title"><a href="${up}${esc(e.slug)}/index.html">${esc(e.title)}</a></h2>${e.teaser ? `<p class="s-teaser">${esc(e.teaser)}</p>` : ''}</article></li>`,
    )
    .join('\n');
  const pager =
    count > 1
      ? `<nav class="s-pager" aria-label="Pages">${n > 1 ? `<a rel="prev" href="${href(n - 1)}">← Newer issues</a>` : '<span></span>'}<span class="s-muted">Page ${n} of ${count}</span>${n < count ? `<a rel="next" href="${href(n + 1)}">Older issues →</a>` : '<span></span>'}</nav>`
      : '';
  const intro =
    n === 1
      ? `<section class="s-intro"><h1>${esc(site.name)}</h1>${site.description ? `<p class="s-lede">${esc(site.description)}</p>` : ''}${subscribeBlock(site, up)}</section>`
      : `<h1 class="s-pageh">${esc(site.name)}: all issues, page ${n}</h1>`;
  const body = entries.length ? `<h2 class="s-sr">Issues</h2><ol class="s-list">\n${items}\n</ol>` : '<p class="s-empty">No issues published yet.</p>';
  return shell(site, {
    up,
    title: n === 1 ? site.name : `${site.name}: page ${n}`,
    canonical: absolute(site.url, n === 1 ? '' : `page/${n}/`),
    main: `${intro}\n${body}\n${pager}`,
  });
}

function subscribeBlock(site: SiteInfo, up: string): string {
  const subscribe = site.subscribeUrl ? `<a class="s-button" href="${esc(site.subscribeUrl)}">Subscribe</a>` : '';
  return `<p class="s-actions">${subscribe}<a class="s-feed" href="${up}feed.xml">Feed (Atom)</a></p>`;
}

/** A page of the site's own (index, 404): masthead band, main column, footer. `up` leads from the page to the site's root. */
export function shell(site: SiteInfo, p: { up: string; title: string; canonical: string | null; main: string; noindex?: boolean }): string {
  const logo = site.logo
    ? `<picture>${site.logoDark ? `<source srcset="${p.up}${esc(site.logoDark)}" media="(prefers-color-scheme: dark)">` : ''}<img src="${p.up}${esc(site.logo.src)}" alt="${esc(site.logo.alt || site.name)}" width="${site.logo.width}"></picture>`
    : `<span class="s-name">${esc(site.name)}</span>`;
  return `<!doctype html>
<html lang="${esc(site.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(p.title)}</title>
${p.noindex ? '<meta name="robots" content="noindex">\n' : ''}${metaTags({ title: p.title, description: site.description, canonical: p.canonical, siteName: site.name, type: 'website', image: site.logo && site.url ? `${site.url}/${site.logo.src}` : null, feedHref: `${p.up}feed.xml` })}
<style>${paletteVars(site.light, site.dark)}\n${CSS.replace('FONT', site.fontFamily.replace(/[<>{};]/g, ''))}</style>
</head>
<body>
<header class="s-band"><div class="s-wrap"><a class="s-home" href="${p.up}index.html">${logo}</a></div></header>
<main class="s-wrap s-main">
${p.main}
</main>
<footer class="s-foot"><div class="s-wrap">${site.footerText ? `<p>${esc(site.footerText)}</p>` : ''}<p><a href="${p.up}index.html">All issues</a> · <a href="${p.up}feed.xml">Feed</a>${site.subscribeUrl ? ` · <a href="${esc(site.subscribeUrl)}">Subscribe</a>` : ''}</p></div></footer>
</body>
</html>
`;
}

const CSS = `
*{box-sizing:border-box}
html{background:var(--s-page)}
body{margin:0;background:var(--s-page);color:var(--s-text);font-family:FONT;font-size:17px;line-height:1.6;-webkit-text-size-adjust:100%}
a{color:var(--s-link)}
.s-wrap{max-width:680px;margin:0 auto;padding:0 24px}
.s-band{background:var(--s-band);color:var(--s-onBand);padding:16px 0}
.s-home{display:inline-block;min-height:44px;color:var(--s-onBand);text-decoration:none}
.s-home img{display:block;max-width:100%;height:auto;border-radius:6px}
.s-name{display:inline-block;padding:8px 0;font-size:22px;font-weight:bold;line-height:28px}
.s-main{background:var(--s-surface);padding-top:40px;padding-bottom:32px}
.s-intro{padding-bottom:24px;border-bottom:1px solid var(--s-border);margin-bottom:8px}
h1{margin:0 0 12px;font-size:36px;line-height:1.2}
.s-pageh{font-size:26px;margin-bottom:24px}
.s-lede{margin:0 0 20px;font-size:19px;color:var(--s-text)}
.s-actions{display:flex;flex-wrap:wrap;align-items:center;gap:12px 20px;margin:0}
a.s-button{display:inline-block;padding:12px 24px;border-radius:6px;background:var(--s-accent);color:var(--s-onAccent);font-family:inherit;font-size:16px;font-weight:bold;line-height:20px;text-decoration:none}
.s-feed{display:inline-block;padding:12px 0;font-size:16px;line-height:20px}
.s-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.s-list{list-style:none;margin:0;padding:0}
.s-item{padding:24px 0;border-bottom:1px solid var(--s-border)}
.s-item:last-child{border-bottom:0}
.s-date{margin:0 0 4px;font-size:14px;color:var(--s-muted);letter-spacing:.02em}
.s-title{margin:0 0 8px;font-size:24px;line-height:1.3}
.s-title a{display:block;text-decoration:none;color:var(--s-text)}
.s-title a:hover,.s-title a:focus{color:var(--s-link);text-decoration:underline}
.s-teaser{margin:0;color:var(--s-text);overflow-wrap:anywhere}
.s-muted{color:var(--s-muted);font-size:15px}
.s-pager{display:flex;justify-content:space-between;align-items:center;gap:12px;padding:16px 0 0;border-top:1px solid var(--s-border)}
.s-pager a{display:inline-block;padding:12px 0}
.s-empty{color:var(--s-muted)}
.s-foot{padding:24px 0 32px;color:var(--s-pageText);font-size:14px}
.s-foot p{margin:0 0 8px}
.s-foot a{display:inline-block;padding:12px 0;color:var(--s-pageLink)}
@media only screen and (max-width:479px){.s-wrap{padding-left:20px;padding-right:20px}.s-main{padding-top:28px}h1{font-size:28px}.s-title{font-size:21px}.s-lede{font-size:17px}body{font-size:16px}}
`;

/**
 * 404.html: a static host serves it at any missing path, so its links
 * start from the path of `url` (/newsletter/…) rather than from where it is;
 * without a `url` they are relative, which works at the site's root.
 */
export function notFoundPage(site: SiteInfo): string {
  let up = '';
  if (site.url) {
    try {
      up = new URL(`${site.url}/`).pathname;
    } catch {
      up = '';
    }
  }
  return shell(site, {
    up,
    title: `Page not found · ${site.name}`,
    canonical: null,
    noindex: true,
    main: `<h1>Page not found</h1><p class="s-lede">There is no page at this address. It may have moved, or the link may be mistyped.</p><p class="s-actions"><a class="s-button" href="${esc(up)}index.html">See all issues</a></p>`,
  });
}
