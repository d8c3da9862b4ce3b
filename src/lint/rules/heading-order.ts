/** heading-order: the outline screen-reader users navigate by. */
import { excerpt } from '../../render/text.js';
import { headingsOf } from '../headings.js';
import type { Hit, Rule } from '../types.js';

export const headingOrder: Rule = {
  id: 'heading-order',
  severity: 'warn',
  group: 'accessibility',
  summary: 'headings skip a level, or there is no single <h1>',
  docs: 'a heading you added skips a level (`#` then `####`), a second top-level heading, or no `<h1>` at all',
  run(input) {
    const headings = headingsOf(input);
    const hits: Hit[] = [];
    if (headings.length > 0 && !headings.some((h) => h.level === 1)) {
      const o = input.overrides?.get('title.mjml.hbs') ?? input.overrides?.get('layout.mjml.hbs');
      hits.push({
        ...(o ? { file: o.display } : { file: input.issue.file }),
        message: "The email has no <h1>, so screen-reader users can't jump to its title. Print the title as <h1> (the default title.mjml.hbs does).",
      });
    }
    let sawH1 = false;
    headings.forEach((h, i) => {
      const prev = headings[i - 1];
      if (h.level === 1) {
        if (sawH1 && h.origin !== 'theme') {
          hits.push({
            ...h.place,
            message: `"${excerpt(h.text, 50)}" is a second top-level heading; the issue title is the only one. ${h.origin === 'content' ? 'Write "## " instead of "# "' : 'Use <h2>'} for sections of the letter.`,
          });
        }
        sawH1 = true;
        return;
      }
      // Headings the default theme prints are its own business; what the author adds must follow on from what comes before.
      if (prev && h.level > prev.level + 1 && (h.origin !== 'theme' || prev.origin !== 'theme')) {
        const fix = h.origin === 'content' ? `Write "${'#'.repeat(prev.level + 1)} " instead of "${'#'.repeat(h.level)} "` : `Use <h${prev.level + 1}> instead`;
        hits.push({
          ...(h.origin === 'theme' ? prev.place : h.place),
          message: `The heading "${excerpt(h.text, 50)}" (h${h.level}) follows "${excerpt(prev.text, 40)}" (h${prev.level}) and skips a level, which breaks the outline screen readers navigate by. ${fix}.`,
        });
      }
    });
    return hits;
  },
};
