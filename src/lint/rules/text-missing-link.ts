/** text-missing-link: a link of the HTML that text-only readers can't follow. */
import { isUnsafeUrl } from '../../util/links.js';
import { locate } from '../locate.js';
import type { Rule } from '../types.js';

export const textMissingLink: Rule = {
  id: 'text-missing-link',
  severity: 'warn',
  group: 'deliverability',
  summary: 'the text part lacks a link the HTML has',
  docs: 'the text part lacks a link the HTML has',
  run(input) {
    const text = input.rendered.text;
    const hrefs = [...new Set(input.anchors.map((a) => a.href.trim()))].filter((h) => h && !h.startsWith('#') && !isUnsafeUrl(h));
    const txt = input.overrides ? [...input.overrides.values()].filter((o) => o.display.endsWith('.txt.hbs')) : [];
    return hrefs
      .filter((h) => !text.includes(h.replace(/^mailto:/i, '')))
      .map((h) => ({
        ...(locate(input, h) ?? (txt[0] ? { file: txt[0].display } : { file: input.issue.file })),
        message: `The text part lacks the link ${h}, so text-only readers can't follow it. Print it in the matching .txt.hbs template, e.g. {{label}}: {{url}}.`,
      }));
  },
};
