/** chapters-order: a chapter listed before one it plays after. */
import { formatTime } from '../../parse/time.js';
import type { Hit, Rule } from '../types.js';

export const chaptersOrder: Rule = {
  id: 'chapters-order',
  severity: 'error',
  group: 'content',
  summary: 'a chapter starts before the one above it',
  docs: 'a chapter starts before the one above it',
  run({ issue }) {
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
  },
};
