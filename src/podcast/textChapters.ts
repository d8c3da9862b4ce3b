import { parseTime } from '../parse/time.js';
import type { FeedChapter } from './types.js';

/**
 * Chapters written as lines of text, the way show notes list them:
 *   01:19 – Title        (1:02:03) Title        [12:30] Title
 *   12:30 - Title        1:02:03 Title          - 05:00: Title
 * A time (MM:SS or H:MM:SS, a fraction of a second is dropped) opens the
 * line, in brackets or followed by a dash, colon, bar or space; a list
 * marker or bold around the time is allowed. A markdown link as the title
 * keeps its words and its URL.
 */
const LINE = /^([[(])?\s*(\d{1,2}(?::\d{2}){1,2})(?:[.,]\d{1,3})?\s*([\])])?(?:[*_]{1,2})?(?:\s*[-–—:|·•]\s*|\s+)(\S.*)$/;
const LIST_MARKER = /^\s*(?:[-*•·+]|\d+[.)])\s+/;

export function chapterFromLine(line: string): FeedChapter | null {
  const s = line
    .replace(LIST_MARKER, '')
    .replace(/^[*_]{1,2}(?=[[(]?\d)/, '')
    .trim();
  const m = LINE.exec(s);
  if (!m) return null;
  const [, open, time, close, rest] = m;
  if ((open === '(' && close !== ')') || (open === '[' && close !== ']') || (!open && close)) return null;
  const seconds = parseTime(time!);
  if (seconds === null) return null;
  let title = rest!
    .trim()
    .replace(/^[*_]{1,2}|[*_]{1,2}$/g, '')
    .trim();
  let url: string | null = null;
  const link = /^\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)\s*$/.exec(title);
  if (link) {
    title = link[1]!.trim();
    url = link[2]!;
  }
  if (!/[\p{L}\p{N}]/u.test(title) || parseTime(title) !== null) return null;
  return { time: seconds, title, url, image: null };
}

/**
 * The chapter lines among `lines`, with the indexes they were found at (so
 * show notes can drop them from the summary). Fewer than `min` such lines is
 * no chapter list: one "at 12:30 we ..." in prose is not a table of contents.
 */
export function chaptersFromLines(lines: readonly string[], min = 2): { chapters: FeedChapter[]; used: number[] } {
  const found: { chapter: FeedChapter; index: number }[] = [];
  lines.forEach((line, index) => {
    const chapter = chapterFromLine(line);
    if (chapter) found.push({ chapter, index });
  });
  if (found.length < min) return { chapters: [], used: [] };
  const chapters = found.map((f) => f.chapter).sort((a, b) => a.time - b.time);
  return { chapters, used: found.map((f) => f.index) };
}
