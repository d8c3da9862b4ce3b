/** link-relative: an email has no page for a link to be relative to. */
import { schemeOf } from '../../util/links.js';
import { linkPlace } from '../anchors.js';
import type { Rule } from '../types.js';
import { uniqueBy } from '../words.js';

export const linkRelative: Rule = {
  id: 'link-relative',
  severity: 'error',
  group: 'links',
  summary: 'a link is not a full URL',
  docs: 'a link is not a full URL (`archive/12.html`)',
  run(input) {
    return uniqueBy(input.anchors, (a) => a.href).flatMap((a) => {
      const href = a.href.trim();
      if (!href || href.startsWith('#') || schemeOf(href) || href.startsWith('//')) return [];
      return [
        {
          ...linkPlace(input, a.href, a.text),
          message: `The link "${href}" is not a full URL, and an email has no page to be relative to. Write the whole address, starting with https://.`,
        },
      ];
    });
  },
};
