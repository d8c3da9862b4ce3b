/**
 * The rules of `newsletter check`: one function per rule, each pure, each
 * given the issue, the config and the rendered email (plus what more it
 * needs, when it is known) and returning what it found. This one module
 * feeds `check`, the warnings `build` prints and the findings of `preview`.
 *
 * Pipeline, in order:
 *   1. each rule in RULES looks at the input and returns hits;
 *   2. runRules gives each hit its rule id and severity (the rule's default,
 *      or the hit's own, or what check.rules in the config says), and drops
 *      rules set to off.
 */
import { excerpt } from '../render/text.js';
import { contrast, darkPalette, lightPalette, MIN_CONTRAST } from '../render/palette.js';
import { SIZE_CLIP_BYTES, SIZE_WARN_BYTES } from './limits.js';
import { formatTime } from '../parse/time.js';
import { yamlExample } from '../parse/yamlExample.js';
import { isUnsafeUrl, schemeOf } from '../util/links.js';
import { colorsAt, elements, isElement, isHidden, parseHtml, textContent, visibleText, walk, type HtmlElement } from './html.js';
import {
  bodyLines,
  configFile,
  configPlace,
  configValues,
  issuePlace,
  issueValues,
  lineAt,
  lineOf,
  locate,
  locateInIssue,
  locateInOverrides,
  overrideFor,
  partialAtOffset,
  templateName,
  type Place,
} from './locate.js';
import type { Finding, RuleInput, RuleSetting, Severity } from './types.js';
import { kb } from '../util/format.js';

/** What a rule returns: a finding without its rule id, and with a severity only when the rule picks one itself. */
export interface Hit extends Place {
  message: string;
  hint?: string | undefined;
  severity?: Severity | undefined;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  group: 'deliverability' | 'links' | 'content' | 'compliance' | 'client support' | 'accessibility' | 'editorial' | 'online' | 'workspace';
  /** One line for docs, SARIF and `--format json`. */
  summary: string;
}

interface Rule extends RuleMeta {
  run: (input: RuleInput, ctx: Context) => Hit[];
}

/** What several rules share, worked out once per issue. */
interface Context {
  dom: HtmlElement;
  anchors: { href: string; text: string; el: HtmlElement }[];
}

export const PREHEADER_MAX = 150;
export const SUBJECT_MAX = 60;
export const GENERIC_LINK_TEXT = ['click here', 'click', 'here', 'this', 'this link', 'link', 'read more', 'more', 'go', 'tap here'];
const ALLOWED_SCHEMES = new Set(['https', 'mailto', 'tel', 'sms']);
const SPONSOR_WORDS =
  /sponsor|supported by|brought to you by|presented by|in partnership|partner|paid|advert|\bads?\b|promot|werbung|anzeige|patrocin|publicidad|publicit|gesponsert|parrain/i;

const LEFTOVERS: { re: RegExp; what: string }[] = [
  { re: /\bTODO\b/, what: 'a TODO' },
  { re: /\bTBD\b/, what: 'a TBD' },
  { re: /\bFIXME\b/, what: 'a FIXME' },
  { re: /\bXX:XX\b/i, what: 'an XX:XX placeholder' },
  { re: /\blorem ipsum\b/i, what: 'lorem ipsum filler' },
  { re: /\{\{[^{}\n]*\}\}/, what: 'an unfilled {{...}} placeholder' },
];

/** Characters as a reader counts them: an emoji or an accented letter is one. */
export function graphemes(s: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].length;
}

function quote(s: string, max = 60): string {
  return `"${excerpt(s, max)}"`;
}

// ---------------------------------------------------------------- deliverability

/** The MJML blocks by the size of what they wrote, heaviest first: the fallback when exact HTML bytes are not known. */
export function blockWeightsFromMjml(mjml: string): { name: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  const re = /<!--nl-partial:(.*?)-->|<!--nl-end-->/g;
  const stack: { name: string; start: number }[] = [];
  for (let m = re.exec(mjml); m; m = re.exec(mjml)) {
    if (m[1] !== undefined) stack.push({ name: blockName(m[1]), start: re.lastIndex });
    else {
      const top = stack.pop();
      if (top && stack.length === 0) sizes.set(top.name, (sizes.get(top.name) ?? 0) + Buffer.byteLength(mjml.slice(top.start, m.index)));
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export function blockName(display: string): string {
  return templateName(display).replace(/\.(mjml|txt)\.hbs$/, '');
}

/** Where in the issue each block's content is written, so a size finding can point at the heaviest one. */
const BLOCK_PATHS: Record<string, string[]> = {
  body: ['@body'],
  chapters: ['chapters'],
  resources: ['resources'],
  sponsor: ['sponsor', 'sponsors'],
  promos: ['promos'],
  listen: ['listen'],
  quote: ['quote'],
};

function size(input: RuleInput): Hit[] {
  const { bytes, mjml } = input.rendered;
  if (bytes <= SIZE_WARN_BYTES) return [];
  const exact = Boolean(input.blockBytes);
  const blocks = (input.blockBytes ?? blockWeightsFromMjml(mjml)).filter((b) => b.bytes > 0).slice(0, 3);
  const list = blocks.map((b) => (exact ? `${b.name} (${kb(b.bytes)} KB)` : b.name)).join(', ');
  let place: Place = { file: input.issue.file };
  for (const b of blocks) {
    const path = BLOCK_PATHS[b.name]?.find((p) => p === '@body' || input.issue.lines.has(p));
    if (path) {
      place = path === '@body' ? { file: input.issue.file, line: input.issue.bodyLine } : issuePlace(input.issue, path);
      break;
    }
  }
  const heaviest = list ? ` The heaviest blocks are ${list}.` : '';
  if (bytes > SIZE_CLIP_BYTES) {
    return [
      {
        ...place,
        severity: 'error',
        message: `The HTML is ${kb(bytes)} KB; Gmail clips messages over ${kb(SIZE_CLIP_BYTES)} KB and hides the rest, unsubscribe link included. Shorten the issue.${heaviest}`,
        hint: 'Move long sections (chapters, resources) to the web page and link to it',
      },
    ];
  }
  return [
    {
      ...place,
      severity: 'warn',
      message: `The HTML is ${kb(bytes)} KB, close to Gmail's ${kb(SIZE_CLIP_BYTES)} KB clip; shorten the issue before it grows further.${heaviest}`,
    },
  ];
}

function preheaderMissing({ issue, rendered }: RuleInput): Hit[] {
  if (issue.preheader?.trim()) return [];
  const start = rendered.preheader.trim();
  return [
    {
      ...issuePlace(issue),
      message: start
        ? `No preheader: inbox previews show the start of the letter instead (${quote(start, 50)}). Add a "preheader:" line to the frontmatter, one sentence of up to ${PREHEADER_MAX} characters that makes people open the email.`
        : `No preheader, and no letter text to take one from: inbox previews will show whatever the client finds. Add a "preheader:" line to the frontmatter.`,
      // An example about this issue, quoted so that it can be pasted as it is.
      hint: `e.g. ${yamlExample('preheader', `${excerpt(issue.title, 60)}: what readers take away, in one sentence`)}`,
    },
  ];
}

function preheaderTooLong({ issue, rendered }: RuleInput): Hit[] {
  const n = graphemes(rendered.preheader);
  if (n <= PREHEADER_MAX) return [];
  return [
    {
      ...issuePlace(issue, issue.preheader ? 'preheader' : undefined),
      message: `The preheader is ${n} characters; inboxes show about ${PREHEADER_MAX} at most, so the end is cut off. Shorten it to one sentence of ${PREHEADER_MAX} characters or fewer.`,
    },
  ];
}

function subjectTooLong({ issue, rendered }: RuleInput): Hit[] {
  const n = graphemes(rendered.subject);
  if (n <= SUBJECT_MAX) return [];
  return [
    {
      ...issuePlace(issue, issue.subject ? 'subject' : 'title'),
      message: `The subject is ${n} characters; phones show about 40 and desktop inboxes about ${SUBJECT_MAX}. Shorten it to ${SUBJECT_MAX} characters or fewer${issue.subject ? '' : ' (add a shorter "subject:"; it defaults to the title)'}.`,
    },
  ];
}

function langMissing(input: RuleInput, { dom }: Context): Hit[] {
  const html = elements(dom, 'html')[0];
  // MJML writes lang="und" (undetermined) when the template gives none.
  const lang = html?.attrs.get('lang')?.trim() ?? '';
  if (lang && lang.toLowerCase() !== 'und') return [];
  const layout = input.overrides?.get('layout.mjml.hbs');
  const place: Place = layout
    ? { file: layout.display, line: lineAt(layout.source, Math.max(0, layout.source.search(/<mjml\b/))) }
    : configPlace(input, 'language');
  return [
    {
      ...place,
      message:
        'The email has no lang attribute, so screen readers guess its language. Write <mjml lang="{{lang}}"> in the layout template (the config\'s "language" sets it).',
    },
  ];
}

function textMissing(input: RuleInput): Hit[] {
  if (input.rendered.text.trim()) return [];
  const layout = input.overrides?.get('layout.txt.hbs');
  return [
    {
      ...(layout ? { file: layout.display, line: 1 } : { file: input.issue.file }),
      message:
        'The plain-text part is empty; spam filters distrust HTML-only email and text-only readers see nothing. Print the blocks in layout.txt.hbs ("newsletter eject layout" restores the default).',
    },
  ];
}

// ---------------------------------------------------------------- images

function imageAlt(input: RuleInput, { dom }: Context): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const img of elements(dom, 'img')) {
    if (isHidden(img)) continue;
    const alt = img.attrs.get('alt');
    if (alt !== undefined && alt.trim() !== '') continue;
    const src = img.attrs.get('src') ?? '';
    if (seen.has(src)) continue;
    seen.add(src);
    const isLogo = input.config.theme.logo?.src === src && !input.config.theme.logo.alt.trim();
    hits.push({
      ...(isLogo ? configPlace(input, 'theme.logo') : (locate(input, src) ?? { file: input.issue.file })),
      message: `The image ${src || '(no src)'} has no alt text, so readers whose client blocks images see nothing there. ${isLogo ? 'Add theme.logo.alt to the config' : 'Describe it: ![A chart of listeners by month](assets/chart.png)'}.`,
    });
  }
  return hits;
}

/** Alt text that is a file name (`IMG_0042.jpg`, `logo.png`) tells a reader nothing. */
export function looksLikeFileName(alt: string, src = ''): boolean {
  const a = alt.trim();
  if (/\.(png|jpe?g|gif|webp|svg|bmp|avif|tiff?|heic)$/i.test(a)) return true;
  if (/^(img|image|dsc|dscn|pxl|screenshot|screen shot|photo|pic)[-_ ]?\d/i.test(a)) return true;
  const base = src
    .split(/[?#]/)[0]!
    .split('/')
    .pop()!
    .replace(/\.[a-z0-9]+$/i, '');
  return base.length > 2 && a.toLowerCase() === base.toLowerCase() && /[-_\d]/.test(base);
}

function imageAltFileName(input: RuleInput, { dom }: Context): Hit[] {
  const hits: Hit[] = [];
  for (const img of elements(dom, 'img')) {
    const alt = img.attrs.get('alt') ?? '';
    const src = img.attrs.get('src') ?? '';
    if (!alt || !looksLikeFileName(alt, src)) continue;
    hits.push({
      ...(locate(input, alt) ?? locate(input, src) ?? { file: input.issue.file }),
      message: `The alt text of ${src} is a file name ("${alt}"); readers who can't see the image learn nothing from it. Write what the image shows instead.`,
    });
  }
  return hits;
}

function imageMissing(input: RuleInput): Hit[] {
  if (!input.imageExists) return [];
  return input.rendered.images
    .filter((src) => !input.imageExists!(src))
    .map((src) => ({
      ...(locate(input, src) ?? { file: input.issue.file }),
      message: `The image ${src} does not exist, so the email would show a broken image (and build would fail). Check the path: images are looked up from the folder of the config.`,
    }));
}

// ---------------------------------------------------------------- links

function anchorsOf(dom: HtmlElement): Context['anchors'] {
  return elements(dom, 'a')
    .filter((el) => el.attrs.has('href'))
    .map((el) => ({ href: el.attrs.get('href')!, text: textContent(el, true), el }));
}

/**
 * Where a link was written. A link printed by a template override is found
 * through the MJML it generated; otherwise the issue, then the config.
 */
function linkPlace(input: RuleInput, href: string, text?: string): Place {
  const fromTemplate = overridePlace(input, [`href="${href}"`, text ? `>${text}<` : ''], [`href="${href}"`, text ?? '', href]);
  if (fromTemplate) return fromTemplate;
  const trivial = !href.trim() || href.trim().startsWith('#');
  return (trivial ? null : locate(input, href)) ?? (text ? locate(input, text) : null) ?? { file: input.issue.file };
}

/** The override line behind a piece of generated MJML: `snippets` find it in the MJML, `needles` find the line in the template. */
function overridePlace(input: RuleInput, snippets: string[], needles: string[]): Place | null {
  if (!input.overrides?.size) return null;
  const { mjml } = input.rendered;
  for (const snippet of snippets) {
    if (!snippet) continue;
    for (let at = mjml.indexOf(snippet); at >= 0; at = mjml.indexOf(snippet, at + 1)) {
      const o = overrideFor(input, partialAtOffset(mjml, at));
      if (!o) continue;
      const lines = o.source.split('\n');
      for (const n of needles) {
        const i = n ? lines.findIndex((l) => l.includes(n)) : -1;
        if (i >= 0) return { file: o.display, line: i + 1 };
      }
      return { file: o.display };
    }
  }
  return null;
}

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function linkEmpty(input: RuleInput, { anchors }: Context): Hit[] {
  const hits: Hit[] = [];
  for (const a of uniqueBy(anchors, (a) => `${a.href}\t${a.text}`)) {
    if (!a.href.trim()) {
      hits.push({
        ...linkPlace(input, a.href, a.text),
        message: `The link ${a.text ? quote(a.text, 40) : ''} has an empty address and goes nowhere. Give it the full https:// URL it should open.`,
      });
    } else if (!a.text && !isHidden(a.el)) {
      hits.push({
        ...linkPlace(input, a.href),
        message: `The link to ${a.href} has no text, so readers and screen readers can't see or tell where it goes. Give it words that say where it leads.`,
      });
    }
  }
  return hits;
}

function linkPlaceholder(input: RuleInput, { anchors }: Context): Hit[] {
  return uniqueBy(
    anchors.filter((a) => a.href.trim().startsWith('#')),
    (a) => a.href + a.text,
  ).map((a) => ({
    ...linkPlace(input, a.href, a.text),
    message: `The link ${quote(a.text || a.href, 40)} points at "${a.href}", a placeholder that goes nowhere in email. Replace it with the full https:// URL.`,
  }));
}

function linkUnsafeScheme(input: RuleInput, { anchors }: Context): Hit[] {
  return uniqueBy(
    anchors.filter((a) => isUnsafeUrl(a.href)),
    (a) => a.href,
  ).map((a) => ({
    ...linkPlace(input, a.href, a.text),
    message: `The link "${a.href.slice(0, 60)}" uses the ${schemeOf(a.href)}: scheme, which email must never carry (clients block it, filters flag it). Link to an https:// page instead.`,
  }));
}

function linkNotHttps(input: RuleInput, { anchors }: Context): Hit[] {
  return uniqueBy(anchors, (a) => a.href).flatMap((a) => {
    const scheme = schemeOf(a.href);
    if (!scheme || ALLOWED_SCHEMES.has(scheme) || isUnsafeUrl(a.href)) return [];
    return [
      {
        ...linkPlace(input, a.href, a.text),
        message:
          scheme === 'http'
            ? `The link ${a.href} is not https; mail clients and filters flag plain http. Change it to https:// (check that the site answers there).`
            : `The link ${a.href} uses the ${scheme}: scheme, which many mail clients won't open. Link to an https:// page instead.`,
      },
    ];
  });
}

function linkRelative(input: RuleInput, { anchors }: Context): Hit[] {
  return uniqueBy(anchors, (a) => a.href).flatMap((a) => {
    const href = a.href.trim();
    if (!href || href.startsWith('#') || schemeOf(href) || href.startsWith('//')) return [];
    return [
      {
        ...linkPlace(input, a.href, a.text),
        message: `The link "${href}" is not a full URL, and an email has no page to be relative to. Write the whole address, starting with https://.`,
      },
    ];
  });
}

/** Link text that says nothing about where it goes when read on its own, as screen readers list links. */
export function isGenericLinkText(text: string): boolean {
  const t = text
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s"'“”‘’«»([]+|[\s"'“”‘’«».,:;!?…)\]→»›>]+$/g, '')
    .trim();
  return GENERIC_LINK_TEXT.includes(t);
}

function linkGenericText(input: RuleInput, { anchors }: Context): Hit[] {
  return uniqueBy(
    anchors.filter((a) => a.text && isGenericLinkText(a.text)),
    (a) => `${a.href}\t${a.text}`,
  ).map((a) => ({
    ...linkPlace(input, a.href, a.text),
    message: `The link text ${quote(a.text)} says nothing about where it goes (screen readers list links by their text alone). Use words that name the destination, e.g. "the episode transcript".`,
  }));
}

function textMissingLink(input: RuleInput, { anchors }: Context): Hit[] {
  const text = input.rendered.text;
  const hrefs = [...new Set(anchors.map((a) => a.href.trim()))].filter((h) => h && !h.startsWith('#') && !isUnsafeUrl(h));
  return hrefs
    .filter((h) => !text.includes(h.replace(/^mailto:/i, '')))
    .map((h) => {
      const txt = input.overrides ? [...input.overrides.values()].filter((o) => o.display.endsWith('.txt.hbs')) : [];
      const place = locate(input, h) ?? (txt[0] ? { file: txt[0].display } : { file: input.issue.file });
      return {
        ...place,
        message: `The text part lacks the link ${h}, so text-only readers can't follow it. Print it in the matching .txt.hbs template, e.g. {{label}}: {{url}}.`,
      };
    });
}

// ---------------------------------------------------------------- content

/** Finds leftovers in a string: the first match of each kind. */
export function findLeftovers(s: string): { match: string; what: string }[] {
  const out: { match: string; what: string }[] = [];
  for (const l of LEFTOVERS) {
    const m = l.re.exec(s);
    if (m) out.push({ match: m[0], what: l.what });
  }
  return out;
}

function leftover(input: RuleInput, { dom }: Context): Hit[] {
  const { issue, config } = input;
  const hits: Hit[] = [];
  const found = new Set<string>();
  const add = (place: Place, l: { match: string; what: string }): void => {
    const key = `${place.file}:${place.line}:${l.match}`;
    if (found.has(key)) return;
    found.add(key);
    found.add(l.match);
    hits.push({ ...place, message: `${capitalise(l.what)} is left in: "${l.match}". Fill it in or remove it before sending.` });
  };
  for (const v of issueValues(issue)) for (const l of findLeftovers(v.value)) add({ file: issue.file, line: lineOf(issue.lines, v.path) }, l);
  let inCode = false;
  for (const l of bodyLines(issue)) {
    if (/^\s*(```|~~~)/.test(l.text)) inCode = !inCode;
    if (inCode) continue;
    for (const x of findLeftovers(l.text.replace(/`[^`]*`/g, ''))) add({ file: issue.file, line: l.line }, x);
  }
  // What reaches the reader from elsewhere: the config's texts and the author's templates.
  const shown = [input.rendered.subject, input.rendered.preheader, input.rendered.text, visibleText(dom)].join('\n');
  // Words of the issue itself were judged above, where code spans and blocks are left alone.
  const own = [issue.body, ...issueValues(issue).map((v) => v.value)].join('\n');
  for (const l of findLeftovers(shown)) {
    if (found.has(l.match) || own.includes(l.match)) continue;
    const v = configValues(config).find((c) => c.value.includes(l.match));
    // A teaser in "read more" shows another issue's words: the leftover is that issue's to fix.
    const other = (input.others ?? []).map((o) => locateInIssue(o, l.match)).find(Boolean);
    const place = v ? { file: configFile(input), line: lineOf(config.lines, v.path) } : (locateInOverrides(input, l.match) ?? other ?? { file: issue.file });
    add(place, l);
  }
  return hits;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function chaptersOrder({ issue }: RuleInput): Hit[] {
  const hits: Hit[] = [];
  let prev: { time: number; title: string } | null = null;
  for (const c of issue.chapters) {
    if (c.time === null) continue;
    if (prev && c.time < prev.time) {
      hits.push({
        file: issue.file,
        line: c.line,
        message: `The chapter "${c.title}" starts at ${formatTime(c.time)}, before the one above it (${formatTime(prev.time)}, "${prev.title}"). Put chapters in playing order, or fix the time.`,
      });
    }
    prev = { time: c.time, title: c.title };
  }
  return hits;
}

function chaptersDuplicate({ issue }: RuleInput): Hit[] {
  const seen = new Map<number, string>();
  const hits: Hit[] = [];
  for (const c of issue.chapters) {
    if (c.time === null) continue;
    const first = seen.get(c.time);
    if (first !== undefined) {
      hits.push({
        file: issue.file,
        line: c.line,
        message: `The chapters "${first}" and "${c.title}" both start at ${formatTime(c.time)}. Fix the time of one (a copied line?), or merge them.`,
      });
    } else seen.set(c.time, c.title);
  }
  return hits;
}

// ---------------------------------------------------------------- compliance

function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

function footerTemplatePlace(input: RuleInput, flavour: 'mjml' | 'txt'): Place | null {
  const o = input.overrides?.get(`footer.${flavour}.hbs`) ?? input.overrides?.get(`layout.${flavour}.hbs`);
  return o ? { file: o.display } : null;
}

function postalAddress(input: RuleInput, { dom }: Context): Hit[] {
  const address = input.config.footer.address?.trim();
  if (!address) {
    return [
      {
        ...configPlace(input, 'footer'),
        message: 'The footer has no postal address, which anti-spam law (CAN-SPAM, and others) requires in every newsletter. Add footer.address to the config.',
        hint: 'e.g. footer: { address: "Example Media, LLC, 1 Example St, Portland, OR 97214, USA" }',
      },
    ];
  }
  const hits: Hit[] = [];
  if (!normalise(visibleText(dom)).includes(normalise(address))) {
    hits.push({
      ...(footerTemplatePlace(input, 'mjml') ?? configPlace(input, 'footer.address')),
      message: 'The HTML does not show the postal address from footer.address. Print {{footer.address}} in the footer template.',
    });
  }
  if (!normalise(input.rendered.text).includes(normalise(address))) {
    hits.push({
      ...(footerTemplatePlace(input, 'txt') ?? configPlace(input, 'footer.address')),
      message: 'The text part does not show the postal address from footer.address. Print {{footer.address}} in footer.txt.hbs.',
    });
  }
  return hits;
}

function unsubscribe(input: RuleInput, { anchors }: Context): Hit[] {
  const url = input.config.footer.unsubscribe_url?.trim();
  if (!url) {
    return [
      {
        ...configPlace(input, 'footer'),
        message:
          'The email has no unsubscribe link, which the law and every large mailbox provider require. Add footer.unsubscribe_url: https://... to the config.',
      },
    ];
  }
  if (schemeOf(url) !== 'https') {
    return [
      {
        ...configPlace(input, 'footer.unsubscribe_url'),
        message: `The unsubscribe link ${url} is not https; clients warn about it and some readers won't be able to leave. Use an https:// URL.`,
      },
    ];
  }
  const hits: Hit[] = [];
  if (!anchors.some((a) => a.href.trim() === url)) {
    hits.push({
      ...(footerTemplatePlace(input, 'mjml') ?? configPlace(input, 'footer.unsubscribe_url')),
      message: `The HTML has no link to the unsubscribe URL ${url}. Keep <a href="{{footer.unsubscribe_url}}"> in the footer template.`,
    });
  }
  if (!input.rendered.text.includes(url)) {
    hits.push({
      ...(footerTemplatePlace(input, 'txt') ?? configPlace(input, 'footer.unsubscribe_url')),
      message: `The text part has no unsubscribe URL. Print {{footer.unsubscribe_url}} in footer.txt.hbs.`,
    });
  }
  return hits;
}

function sponsorLabel(input: RuleInput, { dom }: Context): Hit[] {
  const { issue, config } = input;
  const fromIssue = issue.sponsors !== null;
  const sponsors = issue.sponsors ?? config.sponsors;
  const shown = normalise(visibleText(dom));
  const hits: Hit[] = [];
  sponsors.forEach((s, i) => {
    const label = s.label ?? config.labels.sponsor;
    const lines = fromIssue ? issue.lines : config.lines;
    const base = [...lines.keys()].some((k) => k.startsWith('sponsors.')) ? `sponsors.${i}` : 'sponsor';
    const place: Place = s.label
      ? { file: fromIssue ? issue.file : configFile(input), line: lineOf(lines, `${base}.label`) }
      : config.lines.has('labels.sponsor')
        ? configPlace(input, 'labels.sponsor')
        : { file: fromIssue ? issue.file : configFile(input), line: lineOf(lines, base) };
    if (!SPONSOR_WORDS.test(label)) {
      hits.push({
        ...place,
        message: `The sponsor block for ${s.name} is labelled "${label}", which does not say it is paid for; advertising law (e.g. the FTC's) asks that sponsored content be marked clearly. Use a label such as "Sponsored by" or "This issue is supported by".`,
      });
    } else if (!shown.includes(normalise(label))) {
      const o = input.overrides?.get('sponsor.mjml.hbs');
      hits.push({
        ...(o ? { file: o.display } : place),
        message: `The sponsor block for ${s.name} does not show its label "${label}", so it is not marked as sponsored. Print {{label}} in sponsor.mjml.hbs.`,
      });
    }
  });
  return hits;
}

// ---------------------------------------------------------------- client support

const CLIENT_FAMILIES: Record<string, string> = { gmail: 'Gmail', outlook: 'Outlook', 'apple-mail': 'Apple Mail' };

function clientSupport(input: RuleInput): Hit[] {
  const cs = input.clientSupport;
  if (!cs) return [];
  const added = new Map<string, string[]>();
  for (const [key, v] of cs.html) {
    if (cs.baseline.has(key)) continue;
    const list = added.get(v.feature) ?? [];
    list.push(v.client);
    added.set(v.feature, list);
  }
  return [...added].map(([feature, clients]) => {
    const byFamily = new Map<string, string[]>();
    for (const c of clients) {
      const [family, platform] = c.split('.') as [string, string];
      const name = CLIENT_FAMILIES[family] ?? family;
      byFamily.set(name, [...(byFamily.get(name) ?? []), platform]);
    }
    const where = [...byFamily].map(([f, p]) => `${f} (${p.join(', ')})`).join(', ');
    return {
      ...(featurePlace(input, feature) ?? { file: input.issue.file }),
      message: `Your templates use ${feature}, which ${where} do not support (caniemail.com); the default theme does without it. Check how the email looks there, or use a construct the default theme uses.`,
    };
  });
}

/** The override line that most likely brought in a caniemail feature (`display:none`, `<video> element`, `:hover`). */
function featurePlace(input: RuleInput, feature: string): Place | null {
  const token = feature
    .replace(/`/g, '')
    .replace(/\s+(element|attribute|selector|property|pseudo-class)s?$/i, '')
    .replace(/^<|>$/g, '')
    .trim();
  if (!token) return null;
  const lower = token.toLowerCase();
  return (
    locateInOverrides(input, lower, (hay, n) => hay.toLowerCase().includes(n)) ??
    (input.overrides?.size ? { file: [...input.overrides.values()][0]!.display } : null)
  );
}

// ---------------------------------------------------------------- accessibility

interface Heading {
  level: number;
  text: string;
  /** content: written in markdown by the author; theme: printed by a default-theme template; override: printed by the author's template. */
  origin: 'content' | 'theme' | 'override';
  place: Place;
}

/** The headings of the email in order, read from the generated MJML so each one knows the template it came from. */
export function headingsOf(input: RuleInput): Heading[] {
  const { mjml } = input.rendered;
  const out: Heading[] = [];
  const body = bodyLines(input.issue);
  for (const m of mjml.matchAll(/<h([1-6])(\s[^>]*)?>([\s\S]*?)<\/h\1\s*>/gi)) {
    const level = Number(m[1]);
    const text = m[3]!
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const display = partialAtOffset(mjml, m.index);
    const override = overrideFor(input, display);
    // markdown-it writes bare <hN> tags; the theme's own headings carry styles.
    const origin: Heading['origin'] = !m[2]?.trim() ? 'content' : override ? 'override' : 'theme';
    let place: Place = { file: input.issue.file };
    if (origin === 'content') {
      const hashes = '#'.repeat(level);
      const at = body.find((l) => l.text.startsWith(hashes + ' ') && l.text.includes(text.slice(0, 20)));
      place = at ? { file: input.issue.file, line: at.line } : { file: input.issue.file, line: input.issue.bodyLine };
    } else if (override) {
      const i = override.source.split('\n').findIndex((l) => new RegExp(`<h${level}\\b`, 'i').test(l));
      place = { file: override.display, line: i >= 0 ? i + 1 : undefined };
    }
    out.push({ level, text, origin, place });
  }
  return out;
}

function headingOrder(input: RuleInput): Hit[] {
  const headings = headingsOf(input);
  const hits: Hit[] = [];
  if (headings.length > 0 && !headings.some((h) => h.level === 1)) {
    const o = input.overrides?.get('title.mjml.hbs') ?? input.overrides?.get('layout.mjml.hbs');
    hits.push({
      ...(o ? { file: o.display } : { file: input.issue.file }),
      message: "The email has no <h1>, so screen-reader users can't jump to its title. Print the title as <h1> (the default title.mjml.hbs does).",
    });
  }
  let sawH1 = false;
  headings.forEach((h, i) => {
    const prev = headings[i - 1];
    if (h.level === 1) {
      if (sawH1 && h.origin !== 'theme') {
        hits.push({
          ...h.place,
          message: `"${excerpt(h.text, 50)}" is a second top-level heading; the issue title is the only one. ${h.origin === 'content' ? 'Write "## " instead of "# "' : 'Use <h2>'} for sections of the letter.`,
        });
      }
      sawH1 = true;
      return;
    }
    // Headings the default theme prints are its own business; what the author adds must follow on from what comes before.
    if (prev && h.level > prev.level + 1 && (h.origin !== 'theme' || prev.origin !== 'theme')) {
      const fix = h.origin === 'content' ? `Write "${'#'.repeat(prev.level + 1)} " instead of "${'#'.repeat(h.level)} "` : `Use <h${prev.level + 1}> instead`;
      hits.push({
        ...(h.origin === 'theme' ? prev.place : h.place),
        message: `The heading "${excerpt(h.text, 50)}" (h${h.level}) follows "${excerpt(prev.text, 40)}" (h${prev.level}) and skips a level, which breaks the outline screen readers navigate by. ${fix}.`,
      });
    }
  });
  return hits;
}

/** Every distinct (text colour, background) pair that visible text is shown with, from inline styles. */
export function colourPairs(dom: HtmlElement): { color: string; background: string; sample: string; el: HtmlElement }[] {
  const pairs = new Map<string, { color: string; background: string; sample: string; el: HtmlElement }>();
  const body = elements(dom, 'body')[0];
  const page = body ? (colorsAt(body).background ?? '#ffffff') : '#ffffff';
  for (const n of walk(body ?? dom)) {
    if (isElement(n) || !n.text.trim() || ['style', 'script', 'title'].includes(n.parent.tag) || isHidden(n.parent)) continue;
    const { color, background } = colorsAt(n.parent, page);
    if (!color) continue;
    const key = `${color}|${background}`;
    if (!pairs.has(key)) pairs.set(key, { color, background, sample: n.text.replace(/\s+/g, ' ').trim(), el: n.parent });
  }
  return [...pairs.values()];
}

function contrastRule(input: RuleInput, { dom }: Context): Hit[] {
  const hits: Hit[] = [];
  for (const p of colourPairs(dom)) {
    const ratio = contrast(p.color, p.background);
    if (ratio >= MIN_CONTRAST) continue;
    const at = input.rendered.mjml.indexOf(p.sample.slice(0, 40));
    const override = at >= 0 ? overrideFor(input, partialAtOffset(input.rendered.mjml, at)) : null;
    let place: Place;
    if (override) {
      const lines = override.source.split('\n');
      const i = lines.findIndex((l) => l.toLowerCase().includes(p.color) || l.toLowerCase().includes(p.background));
      place = { file: override.display, line: i >= 0 ? i + 1 : undefined };
    } else {
      place = locateInOverrides(input, p.color, (h, n) => h.toLowerCase().includes(n)) ?? configPlace(input, 'theme');
    }
    hits.push({
      ...place,
      message: `Text such as ${quote(p.sample, 40)} is ${p.color} on ${p.background}, a contrast of ${ratio.toFixed(2)}:1; readers need at least ${MIN_CONTRAST}:1. Darken the text or lighten its background.`,
    });
  }
  return hits;
}

/** The author's own theme colours: the theme quietly adjusts those that don't reach 4.5:1, which should not surprise anyone. */
function themeContrast(input: RuleInput): Hit[] {
  const t = input.config.theme;
  const light = lightPalette(t);
  const dark = darkPalette(t);
  const checks: { path: string; color: string; on: string; onName: string; used: string; what: string }[] = [
    { path: 'theme.text_color', color: t.text_color, on: '#ffffff', onName: 'the white card', used: light.text, what: 'text' },
    { path: 'theme.brand_color', color: t.brand_color, on: '#ffffff', onName: 'the white card', used: light.link, what: 'links' },
    { path: 'theme.brand_color', color: t.brand_color, on: light.onBrand, onName: `its button text (${light.onBrand})`, used: light.brand, what: 'buttons' },
    {
      path: 'theme.background',
      color: light.pageText,
      on: t.background,
      onName: `the page background ${t.background}`,
      used: light.pageText,
      what: 'footer text',
    },
  ];
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const c of checks) {
    const ratio = contrast(c.color, c.on);
    if (ratio >= MIN_CONTRAST || seen.has(c.path)) continue;
    seen.add(c.path);
    hits.push({
      ...configPlace(input, c.path),
      message: `${c.path} ${c.color} has a contrast of ${ratio.toFixed(2)}:1 against ${c.onName} (at least ${MIN_CONTRAST}:1 is needed), so the theme shows ${c.what} in ${c.used} instead. Pick a colour that passes to get exactly the shade you chose.`,
      hint: `Dark mode uses ${dark.link} for links and ${dark.brand} for buttons`,
    });
  }
  return hits;
}

// ---------------------------------------------------------------- editorial

function subjectReused(input: RuleInput): Hit[] {
  const others = input.others;
  if (!others) return [];
  const subject = normalise(input.rendered.subject);
  // The earlier issue had it first: the later one (or both, on the same date) is the one to change.
  const same = others.filter((o) => o.file !== input.issue.file && o.date <= input.issue.date && normalise(o.subject ?? o.title) === subject);
  if (same.length === 0) return [];
  return [
    {
      ...issuePlace(input.issue, input.issue.subject ? 'subject' : 'title'),
      message: `The subject "${input.rendered.subject}" was already used by ${same.map((o) => o.file).join(', ')}; readers may take this email for one they have read. Give this issue its own subject.`,
    },
  ];
}

function slugDuplicate(input: RuleInput): Hit[] {
  const others = input.others;
  if (!others) return [];
  const same = others.filter((o) => o.file !== input.issue.file && o.slug === input.issue.slug);
  if (same.length === 0) return [];
  return [
    {
      ...issuePlace(input.issue, input.issue.lines.has('slug') ? 'slug' : 'title'),
      message: `The slug "${input.issue.slug}" is also the slug of ${same.map((o) => o.file).join(', ')}: their outputs and web pages would overwrite each other. Give one of them another "slug:".`,
    },
  ];
}

// ---------------------------------------------------------------- the registry

const RULE_LIST: Rule[] = [
  {
    id: 'size',
    severity: 'error',
    group: 'deliverability',
    summary: 'HTML over 90 KB (warning) or over Gmail’s 102 KB clip (error), with the heaviest blocks',
    run: size,
  },
  { id: 'preheader-missing', severity: 'error', group: 'deliverability', summary: 'the issue has no preheader of its own', run: preheaderMissing },
  { id: 'preheader-too-long', severity: 'warn', group: 'deliverability', summary: `the preheader is over ${PREHEADER_MAX} characters`, run: preheaderTooLong },
  { id: 'subject-too-long', severity: 'warn', group: 'deliverability', summary: `the subject is over ${SUBJECT_MAX} characters`, run: subjectTooLong },
  { id: 'lang-missing', severity: 'error', group: 'deliverability', summary: 'the <html> element has no lang attribute', run: langMissing },
  { id: 'text-missing', severity: 'error', group: 'deliverability', summary: 'the plain-text part is empty', run: textMissing },
  { id: 'image-alt', severity: 'error', group: 'accessibility', summary: 'an image has no alt text', run: imageAlt },
  { id: 'image-alt-filename', severity: 'warn', group: 'accessibility', summary: 'an image’s alt text is a file name', run: imageAltFileName },
  { id: 'image-missing', severity: 'error', group: 'content', summary: 'a local image does not exist', run: imageMissing },
  { id: 'link-empty', severity: 'error', group: 'links', summary: 'a link has no address, or no text', run: linkEmpty },
  { id: 'link-placeholder', severity: 'error', group: 'links', summary: 'a link points at “#”', run: linkPlaceholder },
  { id: 'link-unsafe-scheme', severity: 'error', group: 'links', summary: 'a link uses javascript:, data:, vbscript: or file:', run: linkUnsafeScheme },
  { id: 'link-not-https', severity: 'warn', group: 'links', summary: 'a link is http: or another scheme than https, mailto, tel, sms', run: linkNotHttps },
  { id: 'link-relative', severity: 'error', group: 'links', summary: 'a link is not a full URL', run: linkRelative },
  {
    id: 'link-generic-text',
    severity: 'warn',
    group: 'accessibility',
    summary: 'link text such as “click here”, “here”, “read more”, “link”',
    run: linkGenericText,
  },
  { id: 'text-missing-link', severity: 'warn', group: 'deliverability', summary: 'the text part lacks a link the HTML has', run: textMissingLink },
  { id: 'leftover', severity: 'error', group: 'content', summary: 'TODO, TBD, FIXME, XX:XX, lorem ipsum or an unfilled {{...}} is left in', run: leftover },
  { id: 'chapters-order', severity: 'error', group: 'content', summary: 'a chapter starts before the one above it', run: chaptersOrder },
  { id: 'chapters-duplicate', severity: 'error', group: 'content', summary: 'two chapters have the same time', run: chaptersDuplicate },
  { id: 'postal-address', severity: 'error', group: 'compliance', summary: 'no postal address in the footer (config, HTML or text)', run: postalAddress },
  { id: 'unsubscribe', severity: 'error', group: 'compliance', summary: 'no https unsubscribe link in the HTML and the text', run: unsubscribe },
  { id: 'sponsor-label', severity: 'error', group: 'compliance', summary: 'a sponsor block is not labelled as sponsored', run: sponsorLabel },
  {
    id: 'client-support',
    severity: 'warn',
    group: 'client support',
    summary: 'template overrides add HTML/CSS that Gmail, Outlook or Apple Mail do not support',
    run: clientSupport,
  },
  { id: 'heading-order', severity: 'warn', group: 'accessibility', summary: 'headings skip a level, or there is no single <h1>', run: headingOrder },
  { id: 'contrast', severity: 'error', group: 'accessibility', summary: 'text or a button is shown below 4.5:1 contrast', run: contrastRule },
  {
    id: 'theme-contrast',
    severity: 'warn',
    group: 'accessibility',
    summary: 'a theme colour in the config is below 4.5:1, so the theme adjusts it',
    run: themeContrast,
  },
  { id: 'subject-reused', severity: 'warn', group: 'editorial', summary: 'another issue already used this subject', run: subjectReused },
  { id: 'slug-duplicate', severity: 'error', group: 'editorial', summary: 'another issue has the same slug', run: slugDuplicate },
];

/** Rules that are not functions of one rendered issue: the online link check, and warnings from reading files. */
export const OTHER_RULES: RuleMeta[] = [
  { id: 'link-broken', severity: 'error', group: 'online', summary: '--online: a link or image answers 4xx/5xx or can’t be reached' },
  { id: 'link-timeout', severity: 'warn', group: 'online', summary: '--online: a link or image did not answer in time' },
  { id: 'link-redirect', severity: 'warn', group: 'online', summary: '--online: a link is permanently redirected (301/308)' },
  { id: 'unknown-key', severity: 'warn', group: 'workspace', summary: 'an unknown (misspelt?) key in an issue or the config' },
  { id: 'archive', severity: 'warn', group: 'workspace', summary: 'another issue of the folder can’t be read, so it is left out of “read more”' },
  { id: 'unknown-rule', severity: 'warn', group: 'workspace', summary: 'check.rules in the config names a rule that does not exist' },
];

export const RULES: readonly RuleMeta[] = [...RULE_LIST.map(({ id, severity, group, summary }) => ({ id, severity, group, summary })), ...OTHER_RULES];

export function ruleMeta(id: string): RuleMeta | undefined {
  return RULES.find((r) => r.id === id);
}

/** The severity a finding of `rule` gets: what check.rules says, else the hit's own, else the rule's default; null when off. */
export function severityOf(rule: string, settings: Record<string, RuleSetting>, own?: Severity): Severity | null {
  const set = settings[rule];
  if (set === 'off') return null;
  return set ?? own ?? ruleMeta(rule)?.severity ?? 'warn';
}

export function makeFinding(rule: string, hit: Hit, settings: Record<string, RuleSetting>): Finding | null {
  const severity = severityOf(rule, settings, hit.severity);
  if (!severity) return null;
  return { rule, severity, message: hit.message, file: hit.file, line: hit.line, ...(hit.hint ? { hint: hit.hint } : {}) };
}

/** Runs every rule over one rendered issue. Rules set to off in the config are left out. */
export function runRules(input: RuleInput, opts: { only?: readonly string[] } = {}): Finding[] {
  const settings = input.config.check.rules;
  const dom = parseHtml(input.rendered.html);
  const ctx: Context = { dom, anchors: anchorsOf(dom) };
  const findings: Finding[] = [];
  for (const rule of RULE_LIST) {
    if (opts.only && !opts.only.includes(rule.id)) continue;
    if (settings[rule.id] === 'off') continue;
    for (const hit of rule.run(input, ctx)) {
      const f = makeFinding(rule.id, hit, settings);
      if (f) findings.push(f);
    }
  }
  return findings;
}
