/** preheader-missing: the inbox preview falls back to the start of the letter. */
import { issuePlace } from '../locate.js';
import type { Rule } from '../types.js';
import { quote } from '../words.js';
import { PREHEADER_MAX } from './preheader-too-long.js';
import { excerpt } from '../../render/text.js';
import { yamlExample } from '../../parse/yamlExample.js';

export const preheaderMissing: Rule = {
  id: 'preheader-missing',
  // A warning: the preheader derived from the letter is valid (docs/format.md), just not chosen.
  severity: 'warn',
  group: 'deliverability',
  summary: 'the issue has no preheader of its own',
  docs: 'the issue has no `preheader:` of its own, so inboxes show the start of the letter',
  run({ issue, rendered }) {
    if (issue.preheader?.trim()) return [];
    const start = rendered.preheader.trim();
    return [
      {
        ...issuePlace(issue),
        message: start
          ? `No preheader: inbox previews show the start of the letter instead (${quote(start, 50)}). Add a "preheader:" line to the frontmatter, one sentence of up to ${PREHEADER_MAX} characters that makes people open the email.`
          : `No preheader, and no letter text to take one from: inbox previews will show whatever the client finds. Add a "preheader:" line to the frontmatter.`,
        // An example about this issue, quoted so that it can be pasted as it is.
        hint: `e.g. ${yamlExample('preheader', `${excerpt(issue.title, 60)}: what readers take away, in one sentence`)}`,
      },
    ];
  },
};
