import MarkdownIt, { type MarkdownIt as Md } from 'markdown-it';

import type { Token } from 'markdown-it';
import { NewsletterError } from '../problems/errors.js';
import { checkUrl } from '../util/links.js';

/**
 * Markdown for author text. Raw HTML is off (`html: false`): anything that
 * looks like a tag is shown as text, so no author text can carry script,
 * event handlers or MJML components into the email. Links are checked here
 * rather than by markdown-it's own filter so an unsafe one is an error with
 * its line, not a silently unlinked piece of text.
 */
let md: Md | null = null;
function markdown(): Md {
  if (!md) {
    md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });
    md.validateLink = () => true;
  }
  return md;
}

export interface Where {
  file: string;
  /** File line of the first line of this text. */
  line: number | undefined;
  /** True for a frontmatter value: its lines do not map onto the file's. */
  inFrontmatter?: boolean;
}

export interface MarkdownLink {
  url: string;
  text: string;
}

/** A piece of the letter: ordinary markdown, or a blockquote to show as a pull quote. */
export type BodySegment = { kind: 'html'; html: string; text: string } | { kind: 'quote'; text: string; cite: string | null };

export function parseMarkdown(src: string, where: Where): Token[] {
  const tokens = markdown().parse(src, {});
  checkLinks(tokens, where);
  return tokens;
}

function lineOf(token: Token | undefined, where: Where): number | undefined {
  if (where.line === undefined) return undefined;
  if (where.inFrontmatter || !token?.map) return where.line;
  return where.line + token.map[0];
}

function checkLinks(tokens: Token[], where: Where, block?: Token): void {
  for (const t of tokens) {
    const owner = t.map ? t : block;
    if (t.children) checkLinks(t.children, where, owner);
    const attr = t.type === 'link_open' ? 'href' : t.type === 'image' ? 'src' : null;
    if (!attr) continue;
    const url = String(t.attrGet(attr) ?? '');
    // Links autolinked from bare text (linkify) are https/mailto by construction or get checked the same way.
    const problem = checkUrl(url);
    const isImageLocal = t.type === 'image' && !/^[a-z][a-z0-9+.-]*:/i.test(url);
    if (problem?.level === 'error' && !isImageLocal) {
      throw new NewsletterError(problem.code, problem.message, { file: where.file, line: lineOf(owner, where), hint: problem.hint });
    }
  }
}

export function renderMarkdown(src: string, where: Where): string {
  return markdown().renderer.render(parseMarkdown(src, where), markdown().options, {});
}

/** Inline markdown (no paragraph), for one-line fields such as a chapter summary. */
export function renderInline(src: string, where: Where): string {
  const tokens = markdown().parseInline(src, {});
  checkLinks(tokens, where);
  return markdown().renderer.render(tokens, markdown().options, {});
}

/** Splits the letter into markdown pieces and pull quotes, in order. */
export function splitBody(src: string, where: Where): BodySegment[] {
  const tokens = parseMarkdown(src, where);
  const segments: BodySegment[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    segments.push({ kind: 'html', html: markdown().renderer.render(run, markdown().options, {}), text: tokensToText(run) });
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'blockquote_open' && t.level === 0) {
      flush();
      let depth = 1;
      const inner: Token[] = [];
      while (++i < tokens.length) {
        const u = tokens[i]!;
        if (u.type === 'blockquote_open') depth++;
        if (u.type === 'blockquote_close' && --depth === 0) break;
        inner.push(u);
      }
      segments.push(quoteFromTokens(inner));
    } else {
      run.push(t);
    }
  }
  flush();
  return segments;
}

/**
 * The citation of a pull quote is its last line when that starts with a dash
 * ("— Melissa Perri"), as its own paragraph or on the line after the text.
 */
function quoteFromTokens(inner: Token[]): BodySegment {
  const lastInline = [...inner].reverse().find((t) => t.type === 'inline');
  let cite: string | null = null;
  if (lastInline) {
    const lines = lastInline.content.split('\n');
    const m = /^(?:—|–|--|-)\s*(\S.*)$/.exec(lines[lines.length - 1] ?? '');
    const paragraphs = inner.filter((t) => t.type === 'inline').length;
    if (m && (lines.length > 1 || paragraphs > 1)) {
      cite = inlineText(markdown().parseInline(m[1]!, {})[0]?.children ?? []).trim();
      lastInline.content = lines.slice(0, -1).join('\n');
      lastInline.children = markdown().parseInline(lastInline.content, {})[0]?.children ?? [];
    }
  }
  const text = blocksToText(inner)
    .filter((p) => p.trim() !== '')
    .join('\n\n');
  return { kind: 'quote', text, cite };
}

/** Plain text of a markdown string: paragraphs separated by blank lines, links as "text (url)". */
export function markdownToText(src: string, where: Where, opts: { urls?: boolean } = {}): string {
  return tokensToText(parseMarkdown(src, where), opts.urls ?? true);
}

export function inlineToText(src: string, where: Where): string {
  const tokens = markdown().parseInline(src, {});
  checkLinks(tokens, where);
  return inlineText(tokens[0]?.children ?? []);
}

function tokensToText(tokens: Token[], urls = true): string {
  return blocksToText(tokens, urls).join('\n\n');
}

function blocksToText(tokens: Token[], urls = true): string[] {
  const out: string[] = [];
  const listStack: { ordered: boolean; n: number }[] = [];
  let prefix = '';
  for (const t of tokens) {
    switch (t.type) {
      case 'bullet_list_open':
        listStack.push({ ordered: false, n: 0 });
        break;
      case 'ordered_list_open':
        listStack.push({ ordered: true, n: Number(t.attrGet('start') ?? 1) - 1 });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listStack.pop();
        break;
      case 'list_item_open': {
        const top = listStack[listStack.length - 1];
        if (top) {
          top.n++;
          prefix = '  '.repeat(listStack.length - 1) + (top.ordered ? `${top.n}. ` : '- ');
        }
        break;
      }
      case 'inline': {
        const text = inlineText(t.children ?? [], urls);
        if (prefix) {
          out.push(prefix + text);
          prefix = '';
        } else if (listStack.length > 0 && out.length > 0) {
          out[out.length - 1] += '\n' + '  '.repeat(listStack.length) + text;
        } else {
          out.push(text);
        }
        break;
      }
      case 'fence':
      case 'code_block':
        out.push(t.content.replace(/\n$/, ''));
        break;
      case 'hr':
        out.push('---');
        break;
    }
  }
  // Items of one list are one block: join them with single newlines.
  return mergeListItems(out);
}

function mergeListItems(blocks: string[]): string[] {
  const merged: string[] = [];
  for (const b of blocks) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && /^\s*(?:- |\d+\. )/.test(b) && /^\s*(?:- |\d+\. )/.test(prev)) merged[merged.length - 1] = `${prev}\n${b}`;
    else merged.push(b);
  }
  return merged;
}

function inlineText(children: Token[], urls = true): string {
  let s = '';
  const hrefs: string[] = [];
  const linkStart: number[] = [];
  for (const c of children) {
    switch (c.type) {
      case 'text':
      case 'code_inline':
        s += c.content;
        break;
      case 'softbreak':
        s += ' ';
        break;
      case 'hardbreak':
        s += '\n';
        break;
      case 'image':
        s += c.content ? `[${c.content}]` : '';
        break;
      case 'link_open':
        hrefs.push(String(c.attrGet('href') ?? ''));
        linkStart.push(s.length);
        break;
      case 'link_close': {
        const href = hrefs.pop() ?? '';
        const start = linkStart.pop() ?? s.length;
        const label = s.slice(start);
        const bare = href.replace(/^mailto:/, '');
        // An autolinked URL is already its own text; otherwise "label (url)".
        if (urls && label !== href && label !== bare) s += ` (${href})`;
        break;
      }
    }
  }
  return s;
}
