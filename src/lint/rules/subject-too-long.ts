/** subject-too-long: phones and inboxes cut the subject off. */
import { issuePlace } from '../locate.js';
import type { Rule } from '../types.js';
import { graphemes } from '../words.js';

export const SUBJECT_MAX = 60;

export const subjectTooLong: Rule = {
  id: 'subject-too-long',
  severity: 'warn',
  group: 'deliverability',
  summary: `the subject is over ${SUBJECT_MAX} characters`,
  docs: `the subject (or the title it defaults to) is over ${SUBJECT_MAX} characters`,
  run({ issue, rendered }) {
    // A character is at least one UTF-16 unit: a short one needs no counting (ICU's segmenter costs ~20 ms to start).
    if (rendered.subject.length <= SUBJECT_MAX) return [];
    const n = graphemes(rendered.subject);
    if (n <= SUBJECT_MAX) return [];
    return [
      {
        ...issuePlace(issue, issue.subject ? 'subject' : 'title'),
        message: `The subject is ${n} characters; phones show about 40 and desktop inboxes about ${SUBJECT_MAX}. Shorten it to ${SUBJECT_MAX} characters or fewer${issue.subject ? '' : ' (add a shorter "subject:"; it defaults to the title)'}.`,
      },
    ];
  },
};
