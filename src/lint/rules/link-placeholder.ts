/** link-placeholder: a link left pointing at "#". */
import { linkPlace } from '../anchors.js';
import type { Rule } from '../types.js';
import { quote, uniqueBy } from '../words.js';

export const linkPlaceholder: Rule = {
  id: 'link-placeholder',
  severity: 'error',
  group: 'links',
  summary: 'a link points at “#”',
  docs: 'a link points at `#`',
  run(input) {
    return uniqueBy(
      input.anchors.filter((a) => a.href.trim().startsWith('#')),
      (a) => a.href + a.text,
    ).map((a) => ({
      ...linkPlace(input, a.href, a.text),
      message: `The link ${quote(a.text || a.href, 40)} points at "${a.href}", a placeholder that goes nowhere in email. Replace it with the full https:// URL.`,
    }));
  },
};
