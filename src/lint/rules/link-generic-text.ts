/** link-generic-text: link text that means nothing when a screen reader lists the links. */
import { linkPlace } from '../anchors.js';
import { isGenericLinkText } from '../genericLinkText.js';
import type { Rule } from '../types.js';
import { quote, uniqueBy } from '../words.js';

export const linkGenericText: Rule = {
  id: 'link-generic-text',
  severity: 'warn',
  group: 'accessibility',
  summary: 'link text such as “click here”, “here”, “read more”, “learn more”',
  docs: 'link text that says nothing on its own, in any case: “click here”, “here”, “this link”, “read more”, “learn more”, “find out more”, “more info”, “details”, “continue reading”... (the whole list is `GENERIC_LINK_TEXT` in src/lint/genericLinkText.ts)',
  run(input) {
    return uniqueBy(
      input.anchors.filter((a) => a.text && isGenericLinkText(a.text)),
      (a) => `${a.href}\t${a.text}`,
    ).map((a) => ({
      ...linkPlace(input, a.href, a.text),
      message: `The link text ${quote(a.text)} says nothing about where it goes (screen readers list links by their text alone). Use words that name the destination, e.g. "the episode transcript".`,
    }));
  },
};
