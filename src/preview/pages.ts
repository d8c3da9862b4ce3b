import { formatLocation } from '../problems/errors.js';
import { countFindings, type Finding } from './findings.js';
import type { HeaderLine } from './headers.js';
import { esc, formatKb, plural } from './html.js';
import { DESKTOP_WIDTH, INDEX, MOBILE_WIDTH, darkPath, emailPath, invertedPath, pagePath, textPath } from './paths.js';
import { ENGINE_SHOTS_CSS, engineShotsSection } from './engines/shotsSection.js';

/** What the index and an issue's page show of one issue. */
export interface IssueView {
  /** The page's name: the issue file's name without its extension. */
  id: string;
  /** The issue file, as the user would type it. */
  file: string;
  slug: string | null;
  title: string | null;
  subject: string | null;
  preheader: string | null;
  date: string | null;
  draft: boolean;
  bytes: number | null;
  findings: Finding[];
  /** Its screenshots, engine by engine (set once they are taken). */
  shots?: { engine: string; scheme: string; width: number; file: string }[] | undefined;
  /** Not rendered yet (dev's index lists every issue but renders only those opened): its rules' findings are unknown. */
  pending?: boolean | undefined;
}

export interface SiteInfo {
  name: string;
  from: string | null;
  language: string;
  /** Whether the issue pages link to screenshots. */
  screenshots: boolean;
  /** The engines the screenshots are taken in, in the order they are shown. */
  engines?: { id: string; name: string }[] | undefined;
  /** Set by `newsletter dev`: pages reload when this generation changes. */
  live?: { generation: number } | null;
}

/** Newest first; issues that could not be read (no date) lead, as they need attention. */
export function sortViews(views: IssueView[]): IssueView[] {
  return [...views].sort((a, b) => (b.date ?? '9999').localeCompare(a.date ?? '9999') || a.file.localeCompare(b.file));
}

export function indexPage(site: SiteInfo, views: IssueView[]): string {
  const all = views.flatMap((v) => v.findings);
  const { errors, warnings } = countFindings(all);
  const drafts = views.filter((v) => v.draft).length;
  const from = displayName(site.from) ?? site.name;
  const rows = sortViews(views).map((v) => indexRow(site, v, from));
  const summary = [plural(views.length, 'issue'), drafts ? plural(drafts, 'draft') : null, plural(errors, 'error'), plural(warnings, 'warning')]
    .filter(Boolean)
    .join(' · ');
  return page(site, `Preview · ${site.name}`, [
    `<header class="top"><div class="wrap"><h1>${esc(site.name)}</h1><p class="sub">${esc(summary)}</p></div></header>`,
    `<main class="wrap"><ol class="inbox">${rows.join('')}</ol></main>`,
  ]);
}

function indexRow(site: SiteInfo, v: IssueView, from: string): string {
  const { errors, warnings } = countFindings(v.findings);
  const subject = v.subject ?? v.title ?? 'This issue can’t be read';
  const cls = ['row', errors ? 'has-error' : '', v.draft ? 'is-draft' : ''].filter(Boolean).join(' ');
  const meta = [
    v.draft ? '<span class="badge draft">Draft</span>' : '',
    errors ? `<span class="badge error">${plural(errors, 'error')}</span>` : '',
    warnings ? `<span class="badge warn">${plural(warnings, 'warning')}</span>` : '',
    v.bytes !== null ? `<span class="size">${formatKb(v.bytes)}</span>` : '',
    v.pending ? '<span class="ok">not checked yet: open it</span>' : errors === 0 && warnings === 0 ? '<span class="ok">no problems</span>' : '',
    `<span class="file">${esc(v.file)}</span>`,
  ].join('');
  return (
    `<li class="${cls}"><a href="${esc(pagePath(v.id))}">` +
    `<span class="avatar" aria-hidden="true">${esc(initials(from))}</span>` +
    `<span class="from">${esc(from)}</span>` +
    `<span class="msg"><span class="subject">${esc(subject)}</span>${v.preheader ? `<span class="pre"> — ${esc(v.preheader)}</span>` : ''}</span>` +
    `<span class="date">${v.date ? `<time datetime="${esc(v.date)}">${esc(shortDate(v.date, site.language))}</time>` : ''}</span>` +
    `<span class="meta">${meta}</span>` +
    `</a></li>`
  );
}

export interface IssueDetail {
  /** The plain-text part; null when the issue did not build. */
  text: string | null;
  headers: HeaderLine[];
}

export function issuePage(site: SiteInfo, v: IssueView, detail: IssueDetail): string {
  const { errors, warnings } = countFindings(v.findings);
  const subject = v.subject ?? v.title ?? v.file;
  const built = v.slug !== null && detail.text !== null;
  const badges = [
    v.draft ? '<span class="badge draft">Draft</span>' : '',
    errors ? `<span class="badge error">${plural(errors, 'error')}</span>` : '',
    warnings ? `<span class="badge warn">${plural(warnings, 'warning')}</span>` : '',
    v.bytes !== null ? `<span class="size">${formatKb(v.bytes)}</span>` : '',
  ].join('');
  const facts = [
    v.date ? `<span>${esc(longDate(v.date, site.language))}</span>` : '',
    subject !== v.file ? `<span class="file">${esc(v.file)}</span>` : '',
    built ? `<a href="../${esc(emailPath(v.slug!))}">email HTML</a><a href="../${esc(textPath(v.slug!))}">text part</a>` : '',
    built && site.screenshots ? `<a href="#screenshots">screenshots</a>` : '',
  ].join('');
  const parts = [
    `<header class="top"><div class="wrap"><a class="back" href="../${INDEX}">← All issues</a>` +
      `<h1>${esc(subject)}</h1><p class="badges">${badges}</p><p class="facts">${facts}</p></div></header>`,
    `<main class="wrap">`,
    problems(v.findings),
    built
      ? frames(v.slug!, subject)
      : '<p class="nobuild">This issue did not build, so there is no email to show. Fix the error above and run the preview again.</p>',
    built && site.screenshots ? `<div id="screenshots">${engineShotsSection(site.engines ?? [], v.shots ?? [], subject)}</div>` : '',
    detail.headers.length > 0
      ? `<section class="card"><h2>Headers that will be sent</h2><table class="headers">${detail.headers.map(headerRow).join('')}</table></section>`
      : '',
    built ? `<section class="card"><h2>Plain-text part</h2><pre class="text">${esc(detail.text)}</pre></section>` : '',
    `</main>`,
  ];
  return page(site, `${subject} · Preview · ${site.name}`, parts);
}

function frames(slug: string, subject: string): string {
  const src = { light: emailPath(slug), dark: darkPath(slug), inverted: invertedPath(slug) };
  const frame = (kind: 'desktop' | 'phone', scheme: 'light' | 'dark' | 'inverted'): string =>
    `<iframe class="${scheme}" src="../${esc(src[scheme])}" title="${esc(`${subject} (${kind}, ${scheme === 'inverted' ? 'inverted by the Gmail app' : `${scheme} mode`})`)}"` +
    `${scheme !== 'light' ? ' loading="lazy"' : ''} sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"></iframe>`;
  return (
    `<section class="views">` +
    `<input type="radio" name="scheme" id="scheme-light" checked><label for="scheme-light">Light</label>` +
    `<input type="radio" name="scheme" id="scheme-dark"><label for="scheme-dark">Dark mode</label>` +
    `<input type="radio" name="scheme" id="scheme-inverted"><label for="scheme-inverted" title="The Gmail apps' forced dark mode: the whole email inverted, images not">Gmail app, inverted</label>` +
    `<div class="frames">` +
    `<figure class="frame desktop"><figcaption>Desktop · ${DESKTOP_WIDTH} px and up</figcaption>${frame('desktop', 'light')}${frame('desktop', 'dark')}${frame('desktop', 'inverted')}</figure>` +
    `<figure class="frame phone"><figcaption>Phone · ${MOBILE_WIDTH} px</figcaption><div class="bezel">${frame('phone', 'light')}${frame('phone', 'dark')}${frame('phone', 'inverted')}</div></figure>` +
    `</div></section>`
  );
}

function problems(findings: Finding[]): string {
  if (findings.length === 0) return '<section class="card problems none"><h2>Problems</h2><p>None found.</p></section>';
  const items = findings.map((f) => {
    const where = formatLocation(f.file, f.line, f.column);
    return (
      `<li class="${f.severity}"><span class="sev">${f.severity}</span> <code>${esc(f.rule)}</code>` +
      `${where ? ` <span class="where">${esc(where)}</span>` : ''}<div class="message">${esc(f.message)}</div>` +
      `${f.hint ? `<div class="hint">hint: ${esc(f.hint)}</div>` : ''}</li>`
    );
  });
  return `<section class="card problems"><h2>Problems</h2><ul>${items.join('')}</ul></section>`;
}

function headerRow(h: HeaderLine): string {
  return `<tr><th scope="row">${esc(h.name)}</th><td>${h.value ? esc(h.value) : '<span class="missing">(none)</span>'}${h.note ? `<div class="note">${esc(h.note)}</div>` : ''}</td></tr>`;
}

/** A page for `newsletter dev` when nothing can be rendered (the config or a template is broken). */
export function errorPage(site: SiteInfo, title: string, message: string): string {
  return page(site, `${title} · Preview`, [
    `<header class="top"><div class="wrap"><a class="back" href="/${INDEX}">← All issues</a><h1>${esc(title)}</h1></div></header>`,
    `<main class="wrap"><section class="card problems"><pre class="error-text">${esc(message)}</pre><p>Save a fix: this page reloads by itself.</p></section></main>`,
  ]);
}

function page(site: SiteInfo, title: string, body: string[]): string {
  const live = site.live
    ? `<script>(() => { const gen = ${site.live.generation}; const es = new EventSource('/__events');` +
      ` es.addEventListener('generation', (e) => { if (Number(e.data) !== gen) { es.close(); location.reload(); } else document.documentElement.dataset.live = 'connected'; }); })();</script>`
    : '';
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}</style>${live}</head>\n<body>\n${body.filter(Boolean).join('\n')}\n</body></html>\n`
  );
}

/** "Maren Holloway" from "Maren Holloway <letters@example.com>". */
export function displayName(from: string | null): string | null {
  if (!from) return null;
  const m = /^\s*"?([^"<]*?)"?\s*<[^>]+>\s*$/.exec(from);
  return (m?.[1] || from).trim() || null;
}

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase() || '✉';
}

function toDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function shortDate(date: string, lang: string): string {
  return formatWith(date, lang, { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

function longDate(date: string, lang: string): string {
  return formatWith(date, lang, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

const formats = new Map<string, Intl.DateTimeFormat | null>();

/** Formats a date; a formatter is made once per language and style (making one costs more than using it). */
function formatWith(date: string, lang: string, opts: Intl.DateTimeFormatOptions): string {
  const key = `${lang}\0${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(lang, opts);
    } catch {
      f = null;
    }
    formats.set(key, f);
  }
  return f ? f.format(toDate(date)) : date;
}

const CSS = `
:root { --bg: #f6f7f9; --surface: #fff; --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --accent: #0b5cad;
  --err: #b3261e; --err-bg: #fdecea; --warn: #7a5200; --warn-bg: #fff4cc; --draft: #4d5560; --draft-bg: #e9edf1; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
a { color: var(--accent); }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
.top { background: var(--surface); border-bottom: 1px solid var(--border); padding: 18px 0 14px; margin-bottom: 20px; }
.top h1 { font-size: 22px; margin: 4px 0; line-height: 1.25; }
.top .sub, .facts { color: var(--muted); margin: 0; }
.back { font-size: 14px; text-decoration: none; }
.badges { margin: 6px 0; display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 14px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; line-height: 18px; white-space: nowrap; }
.badge.draft { background: var(--draft-bg); color: var(--draft); }
.badge.error { background: var(--err-bg); color: var(--err); }
.badge.warn { background: var(--warn-bg); color: var(--warn); }
.size, .file, .ok { color: var(--muted); font-size: 13px; white-space: nowrap; }
.file { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; overflow: hidden; text-overflow: ellipsis; }
.inbox { list-style: none; margin: 0 0 40px; padding: 0; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; overflow: hidden; }
.row + .row { border-top: 1px solid var(--border); }
.row a { display: grid; grid-template-columns: 40px minmax(120px, 190px) minmax(0, 1fr) auto; grid-template-areas: "av from msg date" "av from meta meta";
  gap: 2px 16px; padding: 12px 18px; color: inherit; text-decoration: none; align-items: baseline; }
.row a:hover, .row a:focus { background: #eef4fb; outline: none; }
.row.has-error a { box-shadow: inset 4px 0 0 var(--err); }
.avatar { grid-area: av; align-self: center; width: 36px; height: 36px; border-radius: 50%; background: #1d5c63; color: #fff; display: grid; place-items: center; font-weight: 700; font-size: 14px; }
.from { grid-area: from; font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.msg { grid-area: msg; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.subject { font-weight: 700; }
.pre { color: var(--muted); }
.is-draft .from, .is-draft .subject { font-weight: 600; }
.date { grid-area: date; color: var(--muted); font-size: 13px; white-space: nowrap; text-align: right; }
.meta { grid-area: meta; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; min-width: 0; }
@media (max-width: 720px) {
  .row a { grid-template-columns: 40px minmax(0, 1fr) auto; grid-template-areas: "av from date" "av msg msg" "av meta meta"; }
}
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 14px 18px; margin: 0 0 20px; }
.card h2 { font-size: 16px; margin: 0 0 10px; }
.problems ul { list-style: none; margin: 0; padding: 0; }
.problems li { padding: 8px 10px; border-radius: 6px; margin: 0 0 6px; }
.problems li.error { background: var(--err-bg); }
.problems li.warning { background: var(--warn-bg); }
.problems .sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.problems li.error .sev { color: var(--err); }
.problems li.warning .sev { color: var(--warn); }
.problems .where { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
.problems .hint { color: var(--muted); font-size: 14px; }
.problems.none p { margin: 0; color: var(--muted); }
.nobuild { color: var(--err); font-weight: 600; }
.error-text { white-space: pre-wrap; color: var(--err); font-size: 14px; margin: 0 0 10px; }
.views { margin: 0 0 20px; }
.views > input { position: absolute; opacity: 0; }
.views > label { display: inline-block; padding: 6px 14px; border: 1px solid var(--border); background: var(--surface); cursor: pointer; font-size: 14px; margin-bottom: 12px; }
.views > label[for="scheme-light"] { border-radius: 6px 0 0 6px; }
.views > label[for="scheme-dark"] { margin-left: -5px; }
.views > label[for="scheme-inverted"] { border-radius: 0 6px 6px 0; margin-left: -5px; }
.views > input:checked + label { background: #1f2328; color: #fff; border-color: #1f2328; }
.views > input:focus-visible + label { outline: 2px solid var(--accent); outline-offset: 2px; }
.frames { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.frame { margin: 0; }
.frame figcaption { color: var(--muted); font-size: 13px; margin: 0 0 6px; }
.frame iframe { display: block; border: 0; background: #fff; }
.frame.desktop iframe { width: 640px; max-width: calc(100vw - 40px); height: 1100px; border: 1px solid var(--border); border-radius: 8px; }
.bezel { padding: 14px 10px 22px; background: #1f2328; border-radius: 36px; }
.frame.phone iframe { width: ${MOBILE_WIDTH}px; height: 760px; border-radius: 20px; }
.frame iframe.dark, .frame iframe.inverted { display: none; background: #111; }
#scheme-dark:checked ~ .frames iframe.light, #scheme-inverted:checked ~ .frames iframe.light { display: none; }
#scheme-dark:checked ~ .frames iframe.dark, #scheme-inverted:checked ~ .frames iframe.inverted { display: block; }
.headers { border-collapse: collapse; width: 100%; font-size: 14px; }
.headers th { text-align: left; vertical-align: top; white-space: nowrap; padding: 5px 16px 5px 0; color: var(--muted); font-weight: 600; width: 1%; }
.headers td { padding: 5px 0; overflow-wrap: anywhere; }
.headers tr + tr th, .headers tr + tr td { border-top: 1px solid #eaeef2; }
.headers .note { color: var(--muted); font-size: 13px; }
.missing { color: var(--err); }
.text { white-space: pre; overflow-x: auto; font: 13px/1.5 ui-monospace, Menlo, Consolas, monospace; margin: 0; }
${ENGINE_SHOTS_CSS}`;
