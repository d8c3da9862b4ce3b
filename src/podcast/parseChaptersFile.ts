import { NewsletterError } from '../problems/errors.js';
import { parseChaptersJson } from './chaptersJson.js';
import { parsePodloveDocument } from './podloveChapters.js';
import { chaptersFromLines } from './textChapters.js';
import type { FeedChapter } from './types.js';

export type ChaptersFormat = 'json' | 'podlove' | 'text';

/**
 * A chapters file of any of the three kinds, told apart by its first
 * character: "{" JSON chapters (Podcasting 2.0), "<" Podlove Simple
 * Chapters, anything else lines of text ("01:19 – Title").
 */
export function parseChaptersFile(text: string, source: string): { chapters: FeedChapter[]; format: ChaptersFormat } {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return { chapters: parseChaptersJson(text, source), format: 'json' };
  if (head.startsWith('<')) {
    if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<rss\b/i.test(head)) {
      throw new NewsletterError('FEED_INVALID', 'This is a podcast feed, not a chapters file', {
        file: source,
        hint: 'newsletter new --from-feed FEED starts an issue with the chapters of an episode; chapters import takes a chapters file',
      });
    }
    return { chapters: parsePodloveDocument(text, source), format: 'podlove' };
  }
  const { chapters } = chaptersFromLines(text.split(/\r?\n/), 1);
  if (chapters.length === 0) {
    throw new NewsletterError('FEED_INVALID', 'No chapter lines found: no line starts with a time', {
      file: source,
      hint: 'Write one chapter per line, e.g. "01:19 – Title", "(1:02:03) Title" or "[12:30] Title"; or give a JSON or Podlove chapters file',
    });
  }
  return { chapters, format: 'text' };
}
