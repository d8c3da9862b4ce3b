/** chapters-duplicate: two chapters at one time, usually a copied line. */
import { formatTime } from '../../parse/time.js';
import type { Hit, Rule } from '../types.js';

export const chaptersDuplicate: Rule = {
  id: 'chapters-duplicate',
  severity: 'error',
  group: 'content',
  summary: 'two chapters have the same time',
  docs: 'two chapters start at the same time (`"05:00"` and `300` are the same)',
  run({ issue }) {
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
  },
};
