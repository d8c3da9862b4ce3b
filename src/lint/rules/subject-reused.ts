/** subject-reused: readers may take this email for one they have read. */
import { issuePlace } from '../locate.js';
import type { Rule } from '../types.js';
import { normalise } from '../words.js';

export const subjectReused: Rule = {
  id: 'subject-reused',
  severity: 'warn',
  group: 'editorial',
  summary: 'another issue already used this subject',
  docs: 'an earlier issue (or one of the same date) of the folder already used this subject',
  run(input) {
    const others = input.others;
    if (!others) return [];
    const subject = normalise(input.rendered.subject);
    // The earlier issue had it first: the later one (or both, on the same date) is the one to change.
    const same = others.filter((o) => o.file !== input.issue.file && o.date <= input.issue.date && normalise(o.subject ?? o.title) === subject);
    if (same.length === 0) return [];
    return [
      {
        ...issuePlace(input.issue, input.issue.subject ? 'subject' : 'title'),
        message: `The subject "${input.rendered.subject}" was already used by ${same.map((o) => o.file).join(', ')}; readers may take this email for one they have read. Give this issue its own subject.`,
      },
    ];
  },
};
