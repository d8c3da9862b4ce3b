/** preheader-too-long: inboxes cut the preview text off. */
import { issuePlace } from '../locate.js';
import type { Rule } from '../types.js';
import { graphemes } from '../words.js';

export const PREHEADER_MAX = 150;

export const preheaderTooLong: Rule = {
  id: 'preheader-too-long',
  severity: 'warn',
  group: 'deliverability',
  summary: `the preheader is over ${PREHEADER_MAX} characters`,
  docs: `the preheader is over ${PREHEADER_MAX} characters (emoji and accented letters count as one)`,
  run({ issue, rendered }) {
    // A character is at least one UTF-16 unit: a short one needs no counting (ICU's segmenter costs ~20 ms to start).
    if (rendered.preheader.length <= PREHEADER_MAX) return [];
    const n = graphemes(rendered.preheader);
    if (n <= PREHEADER_MAX) return [];
    return [
      {
        ...issuePlace(issue, issue.preheader ? 'preheader' : undefined),
        message: `The preheader is ${n} characters; inboxes show about ${PREHEADER_MAX} at most, so the end is cut off. Shorten it to one sentence of ${PREHEADER_MAX} characters or fewer.`,
      },
    ];
  },
};
