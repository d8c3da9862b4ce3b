/** text-missing: the plain-text part is empty. */
import type { Rule } from '../types.js';

export const textMissing: Rule = {
  id: 'text-missing',
  severity: 'error',
  group: 'deliverability',
  summary: 'the plain-text part is empty',
  docs: 'the plain-text part is empty',
  run(input) {
    if (input.rendered.text.trim()) return [];
    const layout = input.overrides?.get('layout.txt.hbs');
    return [
      {
        ...(layout ? { file: layout.display, line: 1 } : { file: input.issue.file }),
        message:
          'The plain-text part is empty; spam filters distrust HTML-only email and text-only readers see nothing. Print the blocks in layout.txt.hbs ("newsletter eject layout" restores the default).',
      },
    ];
  },
};
