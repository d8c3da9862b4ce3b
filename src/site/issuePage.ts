import type { ArchiveEntry } from '../parse/types.js';
import type { Palette } from '../render/palette.js';
import { esc, metaTags, paletteVars } from './siteHtml.js';

/** What an issue's web page adds around the rendered issue. */
export interface IssuePageContext {
  title: string;
  siteName: string;
  description: string | null;
  /** The newsletter's own blurb, for the subscribe call to action. */
  blurb: string | null;
  subscribeUrl: string | null;
  canonical: string | null;
  image: string | null;
  date: string;
  lang: string;
  /** Older and newer issue, with their labels. */
  previous: (ArchiveEntry & { dateLabel: string }) | null;
  next: (ArchiveEntry & { dateLabel: string }) | null;
  light: Palette;
  dark: Palette;
}

/** The marker the default layout prints (on the web only) where the site's own block goes: after read-more, before the footer. */
const AFTER_ISSUE = '<div data-nl-site="after-issue"></div>';

/**
 * The rendered issue (HTML from the same templates, made with the web
 * target) turned into a page of the site at /<slug>/index.html: its title
 * and meta tags, local images one folder up, and the subscribe call to
 * action and the previous/next links after the issue. Pure: string in, string out.
 */
export function issuePage(html: string, ctx: IssuePageContext): string {
  const head = [
    metaTags({
      title: ctx.title,
      description: ctx.description,
      canonical: ctx.canonical,
      siteName: ctx.siteName,
      type: 'article',
      image: ctx.image,
      feedHref: '../feed.xml',
      published: ctx.date,
    }),
    `<style>${paletteVars(ctx.light, ctx.dark)}\n${AFTER_CSS}</style>`,
  ].join('\n');
  let page = html.replace(/<title>[\s\S]*?<\/title>/, `<title>${esc(`${ctx.title} · ${ctx.siteName}`)}</title>`);
  page = page.replace('</head>', `${head}\n</head>`);
  // Local images are workspace paths (assets/x.png); the page is one folder down.
  page = page.replace(/(<img\b[^>]*?\bsrc=")(?![a-z][a-z0-9+.-]*:|\/\/|\/)([^"]*")/gi, '$1../$2');
  const after = afterIssue(ctx);
  page = page.includes(AFTER_ISSUE) ? page.replace(AFTER_ISSUE, after) : page.replace(/<\/body>/, `${after}\n</body>`);
  return page;
}

function afterIssue(ctx: IssuePageContext): string {
  const link = (e: IssuePageContext['next'], rel: 'prev' | 'next', label: string): string =>
    e
      ? `<a class="nl-s-nav-link nl-s-${rel}" rel="${rel}" href="../${esc(e.slug)}/index.html"><span class="nl-s-small">${label}</span><span class="nl-s-navtitle">${esc(e.title)}</span></a>`
      : '<span></span>';
  const subscribe = ctx.subscribeUrl
    ? `<section class="nl-s-cta" aria-label="Subscribe"><h2>Get ${esc(ctx.siteName)} in your inbox</h2>${ctx.blurb ? `<p>${esc(ctx.blurb)}</p>` : ''}<p><a class="nl-s-button" href="${esc(ctx.subscribeUrl)}">Subscribe</a></p></section>`
    : '';
  const nav =
    ctx.previous || ctx.next
      ? `<nav class="nl-s-nav" aria-label="More issues">${link(ctx.previous, 'prev', '← Previous issue')}${link(ctx.next, 'next', 'Next issue →')}</nav>`
      : '';
  return `<div class="nl-s-after">${subscribe}${nav}<p class="nl-s-archive"><a href="../index.html">All issues</a> · <a href="../feed.xml">Feed</a></p></div>`;
}

/**
 * The site's block after the issue. The first rule: MJML writes the light page colour inline on
 * <body> and on the wrapper div inside it, which an email client replaces; on the web the page
 * around the card must follow dark mode too, hence !important.
 */
const AFTER_CSS = `
html,body,body>div{background-color:var(--s-page) !important}
.nl-s-after{max-width:600px;margin:0 auto;background:var(--s-surface);color:var(--s-text);padding:8px 0 24px}
.nl-s-after a{color:var(--s-link)}
.nl-s-cta{margin:0 32px 24px;padding:24px;background:var(--s-tint);color:var(--s-text);border-radius:8px}
.nl-s-cta h2{margin:0 0 8px;font-size:20px;line-height:1.3}
.nl-s-cta p{margin:0 0 12px;font-size:16px;line-height:1.6}
.nl-s-after a.nl-s-button{display:inline-block;padding:12px 24px;border-radius:6px;background:var(--s-accent);color:var(--s-onAccent);font-weight:bold;text-decoration:none}
.nl-s-nav{display:flex;gap:16px;justify-content:space-between;margin:0 32px 16px}
.nl-s-nav-link{display:block;flex:1 1 0;min-width:0;padding:12px 0;text-decoration:none}
.nl-s-next{text-align:right}
.nl-s-small{display:block;font-size:14px;color:var(--s-muted)}
.nl-s-navtitle{display:block;font-size:17px;line-height:1.4;text-decoration:underline;overflow-wrap:anywhere}
.nl-s-archive{margin:0 32px;font-size:15px;line-height:44px}
@media only screen and (max-width:479px){.nl-s-cta{margin:0 12px 24px;padding:20px}.nl-s-nav{flex-direction:column;gap:0;margin:0 20px 16px}.nl-s-next{text-align:left}.nl-s-archive{margin:0 20px}}
`;
