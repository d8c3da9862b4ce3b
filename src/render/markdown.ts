import MarkdownIt, { type MarkdownIt as Md } from 'markdown-it';

import type { Token } from 'markdown-it';
import { NewsletterError } from '../problems/errors.js';
import { checkUrl } from '../util/links.js';
import { localImageProblem } from '../parse/urls.js';
import { stripComments } from './markdownComments.js';
import { markdownLimitProblem } from './markdownLimits.js';
import { blocksToText, inlineText, tokensToText } from './markdownText.js';

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
    stripComments(md);
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
  checkTokens(tokens, where);
  return tokens;
}

function parseInlineChecked(src: string, where: Where): Token[] {
  const tokens = markdown().parseInline(src, {});
  checkTokens(tokens, where);
  return tokens;
}

/** Everything checked before rendering: what the text may cost, unclosed comments, and every link and image. */
function checkTokens(tokens: Token[], where: Where): void {
  const limit = markdownLimitProblem(tokens);
  if (limit) throw new NewsletterError('CONTENT_LIMIT', limit.message, { file: where.file, line: lineOf(limit.token, where), hint: limit.hint });
  checkLinks(tokens, where);
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
    if (t.type === 'comment_unclosed') {
      throw new NewsletterError('COMMENT_UNCLOSED', `The comment "${t.content.split('\n')[0]}" is never closed, so it would be published`, {
        file: where.file,
        line: lineOf(owner, where),
        hint: 'End it with --> in the same paragraph, or put the whole comment on lines of its own',
      });
    }
    const attr = t.type === 'link_open' ? 'href' : t.type === 'image' ? 'src' : null;
    if (!attr) continue;
    const url = String(t.attrGet(attr) ?? '');
    // Links autolinked from bare text (linkify) are https/mailto by construction or get checked the same way.
    const isImageLocal = t.type === 'image' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//');
    // A local image is a path in the workspace: refused here with its line, not later without one.
    if (isImageLocal) {
      const local = localImageProblem(url, `The image "${url.slice(0, 60)}"`);
      if (local) throw new NewsletterError('FIELD_TYPE', local.message, { file: where.file, line: lineOf(owner, where), hint: local.hint });
      continue;
    }
    const problem = checkUrl(url);
    if (problem?.level === 'error') {
      throw new NewsletterError(problem.code, problem.message, { file: where.file, line: lineOf(owner, where), hint: problem.hint });
    }
  }
}

export function renderMarkdown(src: string, where: Where): string {
  return markdown().renderer.render(parseMarkdown(src, where), markdown().options, {});
}

/** Inline markdown (no paragraph), for one-line fields such as a chapter summary. */
export function renderInline(src: string, where: Where): string {
  const tokens = parseInlineChecked(src, where);
  return markdown().renderer.render(tokens, markdown().options, {});
}

/** Splits the letter into markdown pieces and pull quotes, in order. */
export function splitBody(src: string, where: Where): BodySegment[] {
  const tokens = parseMarkdown(src, where);
  const segments: BodySegment[] = [];
  let run: Token[] = [];
  const flush = (): void => {
    const html = run.length === 0 ? '' : markdown().renderer.render(run, markdown().options, {});
    // A run of nothing but comments renders to nothing: no segment, so templates never see an empty one.
    if (html.trim() !== '') segments.push({ kind: 'html', html, text: tokensToText(run) });
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
 * It is read from the parsed tokens, not the source, so that a comment
 * spanning the last line break is never mistaken for (and published as) one.
 */
function quoteFromTokens(inner: Token[]): BodySegment {
  const lastInline = [...inner].reverse().find((t) => t.type === 'inline');
  let cite: string | null = null;
  if (lastInline) {
    const children = lastInline.children ?? [];
    let cut = -1;
    for (let i = children.length - 1; i >= 0 && cut < 0; i--) if (children[i]!.type === 'softbreak' || children[i]!.type === 'hardbreak') cut = i;
    const m = /^(?:—|–|--|-)\s*(\S[\s\S]*)$/.exec(inlineText(children.slice(cut + 1)).trim());
    const paragraphs = inner.filter((t) => t.type === 'inline').length;
    if (m && (cut >= 0 || paragraphs > 1)) {
      cite = m[1]!.trim();
      lastInline.children = children.slice(0, Math.max(cut, 0));
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
  return inlineText(parseInlineChecked(src, where)[0]?.children ?? []);
}
