import type { MarkdownIt as Md, StateBlock, StateInline } from 'markdown-it';

/**
 * HTML comments (`<!-- note to self -->`) are how authors keep private notes
 * in a letter. Raw HTML is off, so markdown-it would show them as text: in
 * the HTML, the plain-text part and the preheader. These two rules drop them
 * instead, wherever markdown is parsed (the body and every markdown field),
 * and leave them alone inside code, where they are what the author shows.
 *
 * A comment that is never closed would hide the rest of the letter, or
 * publish a note: it becomes a `comment_unclosed` token, which the caller
 * turns into an error with its line.
 */
export function stripComments(md: Md): void {
  md.block.ruler.before('paragraph', 'comment_block', commentBlock);
  md.inline.ruler.before('autolink', 'comment_inline', commentInline);
}

const OPEN = '<!--';
const CLOSE = '-->';

/**
 * Where every `-->` of a parser state's source is, found once per state: searching
 * forward from each `<!--` instead would make a letter of unclosed comments quadratic.
 */
const closes = new WeakMap<object, number[]>();
function nextClose(state: StateBlock | StateInline, from: number): number {
  let list = closes.get(state);
  if (!list) {
    list = [];
    for (let i = state.src.indexOf(CLOSE); i >= 0; i = state.src.indexOf(CLOSE, i + 1)) list.push(i);
    closes.set(state, list);
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? list[lo]! : -1;
}

/**
 * A comment starting a line, up to the line it closes on, blank lines
 * included, within the current list item or quote. Text after `-->` makes
 * it an inline comment of a paragraph instead.
 */
function commentBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  if (!state.src.startsWith(OPEN, start)) return false;
  // `<!-->` and `<!--->` are complete comments, so the close is searched from the second dash.
  const close = nextClose(state, start + 2);
  if (close < 0) return false;
  let line = startLine;
  while (line < endLine && state.eMarks[line]! < close + CLOSE.length) {
    line++;
    // A line outdented out of the list item or quote ends the search: the comment is not closed in it.
    if (line < endLine && !state.isEmpty(line) && state.sCount[line]! < state.blkIndent) return false;
  }
  if (line >= endLine || state.bMarks[line]! > close) return false;
  if (state.src.slice(close + CLOSE.length, state.eMarks[line]!).trim() !== '') return false;
  if (!silent) {
    const token = state.push('comment', '', 0);
    token.map = [startLine, line + 1];
    token.hidden = true;
  }
  state.line = line + 1;
  return true;
}

function commentInline(state: StateInline, silent: boolean): boolean {
  const pos = state.pos;
  if (state.src.charCodeAt(pos) !== 0x3c || !state.src.startsWith(OPEN, pos)) return false;
  const close = nextClose(state, pos + 2);
  if (close < 0 || close + CLOSE.length > state.posMax) {
    if (!silent) {
      const token = state.push('comment_unclosed', '', 0);
      token.content = state.src.slice(pos, pos + 40);
      token.hidden = true;
    }
    state.pos = state.posMax;
    return true;
  }
  state.pos = close + CLOSE.length;
  return true;
}
