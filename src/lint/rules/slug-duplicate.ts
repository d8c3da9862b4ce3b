/** slug-duplicate: two issues would write the same output files and web page. */
import { issuePlace } from '../locate.js';
import type { Rule } from '../types.js';

export const slugDuplicate: Rule = {
  id: 'slug-duplicate',
  severity: 'error',
  group: 'editorial',
  summary: 'another issue has the same slug',
  docs: 'another issue of the folder has the same slug: their outputs would overwrite each other',
  run(input) {
    const others = input.others;
    if (!others) return [];
    const same = others.filter((o) => o.file !== input.issue.file && o.slug === input.issue.slug);
    if (same.length === 0) return [];
    return [
      {
        ...issuePlace(input.issue, input.issue.lines.has('slug') ? 'slug' : 'title'),
        message: `The slug "${input.issue.slug}" is also the slug of ${same.map((o) => o.file).join(', ')}: their outputs and web pages would overwrite each other. Give one of them another "slug:".`,
      },
    ];
  },
};
