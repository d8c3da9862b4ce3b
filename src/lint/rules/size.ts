/** size: the HTML is close to, or over, Gmail's clip. */
import { kb } from '../../util/format.js';
import { blockWeightsFromMjml } from '../blocks.js';
import { SIZE_CLIP_BYTES, SIZE_WARN_BYTES } from '../limits.js';
import { issuePlace, type Place } from '../locate.js';
import type { LintInput, Rule } from '../types.js';

/** Where in the issue each block's content is written, so a size problem can point at the heaviest one. */
const BLOCK_PATHS: Record<string, string[]> = {
  body: ['@body'],
  chapters: ['chapters'],
  resources: ['resources'],
  sponsor: ['sponsor', 'sponsors'],
  promos: ['promos'],
  listen: ['listen'],
  quote: ['quote'],
};

function heaviestPlace(input: LintInput, blocks: { name: string }[]): Place {
  for (const b of blocks) {
    const path = BLOCK_PATHS[b.name]?.find((p) => p === '@body' || input.issue.lines.has(p));
    if (path) return path === '@body' ? { file: input.issue.file, line: input.issue.bodyLine } : issuePlace(input.issue, path);
  }
  return { file: input.issue.file };
}

export const size: Rule = {
  id: 'size',
  severity: 'error',
  group: 'deliverability',
  summary: 'HTML over 90 KB (warning) or over Gmail’s 102 KB clip (error), with the heaviest blocks',
  docs: 'HTML over 90 KB (a warning) or over Gmail’s 102 KB clip (an error), naming the heaviest blocks with their size',
  run(input) {
    const { bytes, mjml } = input.rendered;
    if (bytes <= SIZE_WARN_BYTES) return [];
    const exact = Boolean(input.blockBytes);
    const blocks = (input.blockBytes ?? blockWeightsFromMjml(mjml)).filter((b) => b.bytes > 0).slice(0, 3);
    const list = blocks.map((b) => (exact ? `${b.name} (${kb(b.bytes)} KB)` : b.name)).join(', ');
    const place = heaviestPlace(input, blocks);
    const heaviest = list ? ` The heaviest blocks are ${list}.` : '';
    if (bytes > SIZE_CLIP_BYTES) {
      return [
        {
          ...place,
          severity: 'error',
          message: `The HTML is ${kb(bytes)} KB; Gmail clips messages over ${kb(SIZE_CLIP_BYTES)} KB and hides the rest, unsubscribe link included. Shorten the issue.${heaviest}`,
          hint: 'Move long sections (chapters, resources) to the web page and link to it',
        },
      ];
    }
    return [
      {
        ...place,
        severity: 'warn',
        message: `The HTML is ${kb(bytes)} KB, close to Gmail's ${kb(SIZE_CLIP_BYTES)} KB clip; shorten the issue before it grows further.${heaviest}`,
      },
    ];
  },
};
