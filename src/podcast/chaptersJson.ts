import { parseDocument } from 'yaml';
import { NewsletterError } from '../problems/errors.js';
import type { FeedChapter } from './types.js';

/**
 * The Podcasting 2.0 JSON chapters format (podcast-namespace,
 * docs/examples/chapters/jsonChapters.md, version 1.2): { version, chapters:
 * [{ startTime, title?, img?, url?, toc?, endTime? }] }. Chapters with
 * `toc: false` are silent markers (art changes) and are left out, as are
 * chapters without a title, which have nothing to list.
 */
export function parseChaptersJson(text: string, source: string): FeedChapter[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new NewsletterError('FEED_INVALID', `The chapters file is not valid JSON: ${(e as Error).message}`, {
      file: source,
      line: jsonErrorLine(text, (e as Error).message),
      hint: 'A JSON chapters file looks like {"version": "1.2.0", "chapters": [{"startTime": 79, "title": "..."}]}',
    });
  }
  const list = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).chapters : undefined;
  if (!Array.isArray(list)) {
    throw new NewsletterError('FEED_INVALID', 'The chapters file has no "chapters" list', {
      file: source,
      hint: 'A JSON chapters file looks like {"version": "1.2.0", "chapters": [{"startTime": 79, "title": "..."}]}',
    });
  }
  const chapters: FeedChapter[] = [];
  list.forEach((item, i) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new NewsletterError('FEED_INVALID', `Chapter ${i + 1} of the chapters file is not an object`, { file: source });
    }
    const c = item as Record<string, unknown>;
    const start = typeof c.startTime === 'string' && /^\d+(?:\.\d+)?$/.test(c.startTime.trim()) ? Number(c.startTime) : c.startTime;
    if (typeof start !== 'number' || !Number.isFinite(start) || start < 0) {
      throw new NewsletterError('FEED_INVALID', `Chapter ${i + 1} of the chapters file has no startTime in seconds`, {
        file: source,
        hint: '"startTime" is required: the chapter start in seconds, e.g. "startTime": 79',
      });
    }
    if (c.toc === false) return;
    const title = typeof c.title === 'string' ? c.title.replace(/\s+/g, ' ').trim() : '';
    if (!title) return;
    chapters.push({ time: Math.floor(start), title, url: stringOrNull(c.url), image: stringOrNull(c.img) });
  });
  // The spec assumes ascending startTime; a file that is not gets sorted rather than shown out of order.
  return chapters.sort((a, b) => a.time - b.time);
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

/**
 * The line of a JSON syntax error: V8 gives a position for some errors and
 * only a snippet for others; then the YAML parser (JSON is YAML) locates it.
 */
function jsonErrorLine(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /position (\d+)/.exec(message);
  if (pos) return text.slice(0, Number(pos[1])).split('\n').length;
  return parseDocument(text, { schema: 'json' }).errors[0]?.linePos?.[0].line;
}
