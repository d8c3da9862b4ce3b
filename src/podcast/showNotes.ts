import { Parser } from 'htmlparser2';
import { schemeOf } from '../util/links.js';

/**
 * Show notes (HTML, or plain text) → blocks of sanitised markdown. Only
 * words, paragraphs, lists, bold, italics, code and links come through: no
 * raw HTML, no images, nothing from script/style/iframe..., and links only
 * to https:, http: or mailto: (relative ones resolved against the episode's
 * page). Headings become bold paragraphs and quotes plain ones, so that the
 * notes neither break the email's heading order nor turn into pull quotes.
 */

export interface NoteBlock {
  /** A list item's marker ("- ", "2. ") with its indent; "" for a paragraph. */
  marker: string;
  /** Which list an item belongs to (items of one list are written together); 0 for a paragraph. */
  list: number;
  markdown: string;
  /** The same words without markup: what chapter lines are read from. */
  text: string;
}

const BLOCK = new Set(
  'p div section article header footer main aside nav h1 h2 h3 h4 h5 h6 blockquote pre table thead tbody tfoot tr dl dt dd figure figcaption address center details summary'.split(
    ' ',
  ),
);
const SKIP = new Set('script style noscript template iframe object embed svg math head title select textarea button video audio canvas map'.split(' '));
const CELL = new Set(['td', 'th']);
const HEADING = /^h[1-6]$/;
const MARK: Record<string, string> = { strong: '**', b: '**', em: '*', i: '*', code: '`' };

export function notesToBlocks(notes: string, base: string | null = null): NoteBlock[] {
  return /<\/?[a-z][a-z0-9]*(?:\s[^>]*)?\/?>/i.test(notes) ? htmlToBlocks(notes, base) : textToBlocks(notes);
}

/** Plain-text notes: one block per non-blank line, since feeds write one paragraph (or one chapter) per line. */
function textToBlocks(notes: string): NoteBlock[] {
  return notes
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .map((l) => ({ marker: '', list: 0, markdown: escapeBlockStart(escapeMarkdown(l)), text: l }));
}

function htmlToBlocks(html: string, base: string | null): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  const lists: { ordered: boolean; n: number; id: number }[] = [];
  let listCount = 0;
  /** Open inline marks and links: where their content starts in `md`, and how to close them. */
  const open: { tag: string; at: number; href: string | null }[] = [];
  let md = '';
  let text = '';
  let marker = '';
  let skip = 0;

  const flush = (): void => {
    const m = md.replace(/\s+/g, ' ').trim();
    const t = text.replace(/\s+/g, ' ').trim();
    if (m && t) blocks.push({ marker, list: marker ? (lists[0]?.id ?? 0) : 0, markdown: escapeBlockStart(m), text: t });
    md = '';
    text = '';
    marker = '';
    open.length = 0;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skip > 0 || SKIP.has(name)) {
          if (SKIP.has(name)) skip++;
          return;
        }
        if (name === 'ul' || name === 'ol') {
          flush();
          lists.push({ ordered: name === 'ol', n: 0, id: ++listCount });
        } else if (name === 'li') {
          flush();
          const top = lists[lists.length - 1];
          if (top) top.n++;
          marker = '  '.repeat(Math.max(0, lists.length - 1)) + (top?.ordered ? `${top.n}. ` : '- ');
        } else if (name === 'br') {
          if (marker) md += ' ';
          else flush();
          text += ' ';
        } else if (BLOCK.has(name) || name === 'hr') {
          flush();
          if (HEADING.test(name)) open.push({ tag: name, at: 0, href: null });
        } else if (CELL.has(name)) {
          md += ' ';
          text += ' ';
        } else if (name === 'a') {
          open.push({ tag: 'a', at: md.length, href: safeHref(attrs.href ?? '', base) });
        } else if (MARK[name]) {
          open.push({ tag: name, at: md.length, href: null });
        }
      },
      onclosetag(name) {
        if (skip > 0) {
          if (SKIP.has(name)) skip--;
          return;
        }
        if (name === 'ul' || name === 'ol') {
          flush();
          lists.pop();
        } else if (name === 'li' || BLOCK.has(name)) {
          // A heading becomes a bold paragraph: the email's own headings keep their order.
          const h = HEADING.test(name) ? open.findIndex((o) => o.tag === name) : -1;
          if (h >= 0) md = md.slice(0, open[h]!.at) + wrapInline(md.slice(open[h]!.at), 'b', null);
          flush();
        } else if (name === 'a' || MARK[name]) {
          const i = open.map((o) => o.tag).lastIndexOf(name);
          if (i < 0) return;
          const [o] = open.splice(i, 1);
          md = md.slice(0, o!.at) + wrapInline(md.slice(o!.at), name, o!.href);
        }
      },
      ontext(data) {
        if (skip > 0) return;
        md += escapeMarkdown(data);
        text += data;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}

/** Marks around trimmed content (`** x **` is not bold in markdown); a link as [words](url), or the bare URL when the words are the URL. */
function wrapInline(inner: string, tag: string, href: string | null): string {
  const lead = /^\s*/.exec(inner)![0];
  const trail = /\s*$/.exec(inner)![0];
  const core = inner.trim();
  if (!core) return inner;
  if (tag === 'a') {
    if (!href) return inner;
    const plain = core.replace(/\\(.)/g, '$1');
    return lead + (plain === href || `mailto:${plain}` === href ? href : `[${core}](${href})`) + trail;
  }
  const mark = MARK[tag]!;
  if (mark === '`') return `${lead}\`${core.replace(/\\(.)/g, '$1').replace(/`/g, '')}\`${trail}`;
  return `${lead}${mark}${core}${mark}${trail}`;
}

/** An href a reader may follow: https, http or mailto, relative ones resolved on the episode page; otherwise null (the words stay, unlinked). */
export function safeHref(href: string, base: string | null): string | null {
  const h = href.trim();
  if (!h) return null;
  let url = h;
  const scheme = schemeOf(h);
  if (scheme === null) {
    if (!base) return null;
    try {
      url = new URL(h, base).href;
    } catch {
      return null;
    }
  }
  const s = schemeOf(url);
  if (s !== 'https' && s !== 'http' && s !== 'mailto') return null;
  if (/[\u0000-\u001f\u007f]/.test(url)) return null;
  // Characters that would end a markdown link destination early.
  return url.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const URL_IN_TEXT = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi;

/** Escapes what markdown would read as markup, but not inside URLs, which must stay whole for linkify. */
export function escapeMarkdown(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(URL_IN_TEXT)) {
    out += escapePlain(s.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + escapePlain(s.slice(last));
}

function escapePlain(s: string): string {
  return s.replace(/[\\*_`[\]<~]/g, '\\$&').replace(/&(?=#?[a-z0-9]+;)/gi, '\\&');
}

/** What would start a heading, quote, list or rule at the start of a paragraph. */
function escapeBlockStart(s: string): string {
  return s.replace(/^(#|>|[-+=](?=\s|$)|\d+(?=[.)](?:\s|$)))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/** Blocks back to one markdown text: paragraphs apart, the items of a list together. */
export function blocksToMarkdown(blocks: readonly NoteBlock[]): string {
  let out = '';
  blocks.forEach((b, i) => {
    if (i > 0) out += b.list !== 0 && b.list === blocks[i - 1]!.list ? '\n' : '\n\n';
    out += b.marker + b.markdown;
  });
  return out;
}

/** The words of a short HTML or text field (a title), entities decoded, tags and extra spaces gone. */
export function plainText(s: string): string {
  if (!/[<&]/.test(s)) return s.replace(/\s+/g, ' ').trim();
  let out = '';
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skip++;
      },
      onclosetag(name) {
        if (SKIP.has(name)) skip--;
      },
      ontext(data) {
        if (skip === 0) out += data;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(s);
  parser.end();
  return out.replace(/\s+/g, ' ').trim();
}

/** The URLs a block's markdown links to, in order. */
export function linksIn(markdown: string): string[] {
  const urls = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  const bare = markdown.replace(/\]\([^)\s]+\)/g, ']');
  for (const m of bare.matchAll(URL_IN_TEXT)) {
    const url = m[0].replace(/[.,;:!?)]+$/, '');
    if (!urls.includes(url)) urls.push(url);
  }
  return urls;
}
