/** link-unsafe-scheme: a link email must never carry. */
import { isUnsafeUrl, schemeOf } from '../../util/links.js';
import { linkPlace } from '../anchors.js';
import type { Rule } from '../types.js';
import { uniqueBy } from '../words.js';

export const linkUnsafeScheme: Rule = {
  id: 'link-unsafe-scheme',
  severity: 'error',
  group: 'links',
  summary: 'a link uses javascript:, data:, vbscript: or file:',
  docs: 'a link uses `javascript:`, `data:`, `vbscript:` or `file:` (also entity-encoded)',
  run(input) {
    return uniqueBy(
      input.anchors.filter((a) => isUnsafeUrl(a.href)),
      (a) => a.href,
    ).map((a) => ({
      ...linkPlace(input, a.href, a.text),
      message: `The link "${a.href.slice(0, 60)}" uses the ${schemeOf(a.href)}: scheme, which email must never carry (clients block it, filters flag it). Link to an https:// page instead.`,
    }));
  },
};
