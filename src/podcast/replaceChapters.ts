import { isMap, isScalar, parseDocument } from 'yaml';
import { NewsletterError } from '../problems/errors.js';
import { parseIssue } from '../parse/parseIssue.js';
import type { FeedChapter } from './types.js';
import { chaptersYaml } from './yamlText.js';

/**
 * replaceChapters(source, chapters, file) → the issue file with only its
 * `chapters:` key rewritten: pure. Every other byte stays as it was
 * (comments, key order, quoting, blank lines, CRLF line ends, a BOM), which
 * is why this edits the text at the key's span, found through the YAML
 * parser's source ranges, instead of re-serialising the frontmatter. A file
 * without `chapters:` gets the key at the end of its frontmatter.
 */
export function replaceChapters(source: string, chapters: readonly FeedChapter[], file: string): string {
  // Refuses a broken issue with the usual error (line, hint) before touching it.
  parseIssue(source, file);
  const { start, end } = frontmatterSpan(source, file);
  const yamlText = source.slice(start, end);
  const eol = /\r\n/.test(yamlText) ? '\r\n' : '\n';
  const doc = parseDocument(yamlText, { schema: 'core', keepSourceTokens: true });
  if (!isMap(doc.contents)) throw new NewsletterError('FRONTMATTER_SHAPE', 'The frontmatter is not a mapping of keys to values', { file, line: 2 });
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'chapters');
  if (!pair || !isScalar(pair.key) || !pair.key.range) {
    const tail = yamlText === '' || yamlText.endsWith('\n') ? '' : eol;
    return source.slice(0, end) + tail + chaptersYaml(chapters, eol) + source.slice(end);
  }
  const keyStart = pair.key.range[0];
  // The key's own line ends where its value (or the key itself, when the value is empty) ends.
  const valueEnd = (pair.value as { range?: [number, number, number] } | null)?.range?.[2] ?? pair.key.range[2];
  let spanEnd = Math.max(valueEnd, endOfLine(yamlText, pair.key.range[1]));
  if (spanEnd < yamlText.length && yamlText[spanEnd - 1] !== '\n') spanEnd = endOfLine(yamlText, spanEnd);
  const indent = yamlText.slice(yamlText.lastIndexOf('\n', keyStart - 1) + 1, keyStart);
  // The key's column is already in the text before keyStart; the list's lines need it too.
  let replacement = chaptersYaml(chapters, eol, /^[ \t]*$/.test(indent) ? indent : '').slice(/^[ \t]*$/.test(indent) ? indent.length : 0);
  if (!yamlText.slice(0, spanEnd).endsWith('\n')) replacement = replacement.slice(0, -eol.length);
  return source.slice(0, start + keyStart) + replacement + source.slice(start + spanEnd);
}

/** Offsets of the YAML between the opening `---` line and the closing one (the closing line excluded). */
function frontmatterSpan(source: string, file: string): { start: number; end: number } {
  const bom = source.startsWith('\uFEFF') ? 1 : 0;
  const firstEnd = source.indexOf('\n', bom);
  if (firstEnd < 0) throw new NewsletterError('FRONTMATTER_UNCLOSED', 'The frontmatter opened on line 1 is never closed', { file, line: 1 });
  let pos = firstEnd + 1;
  while (pos <= source.length) {
    const nl = source.indexOf('\n', pos);
    const line = source
      .slice(pos, nl < 0 ? source.length : nl)
      .replace(/\r$/, '')
      .trimEnd();
    if (line === '---' || line === '...') return { start: firstEnd + 1, end: pos };
    if (nl < 0) break;
    pos = nl + 1;
  }
  throw new NewsletterError('FRONTMATTER_UNCLOSED', 'The frontmatter opened on line 1 is never closed', { file, line: 1 });
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}
