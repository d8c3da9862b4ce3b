/** link-empty: a link that goes nowhere, or that nobody can see. */
import { linkPlace } from '../anchors.js';
import { isHidden } from '../parseHtml.js';
import type { Hit, Rule } from '../types.js';
import { quote, uniqueBy } from '../words.js';

export const linkEmpty: Rule = {
  id: 'link-empty',
  severity: 'error',
  group: 'links',
  summary: 'a link has no address, or no text',
  docs: 'a link has an empty address, or no text at all',
  run(input) {
    const hits: Hit[] = [];
    for (const a of uniqueBy(input.anchors, (a) => `${a.href}\t${a.text}`)) {
      if (!a.href.trim()) {
        hits.push({
          ...linkPlace(input, a.href, a.text),
          message: `The link ${a.text ? quote(a.text, 40) : ''} has an empty address and goes nowhere. Give it the full https:// URL it should open.`,
        });
      } else if (!a.text && !isHidden(a.el)) {
        hits.push({
          ...linkPlace(input, a.href),
          message: `The link to ${a.href} has no text, so readers and screen readers can't see or tell where it goes. Give it words that say where it leads.`,
        });
      }
    }
    return hits;
  },
};
