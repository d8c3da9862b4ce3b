/** link-not-https: plain http, or a scheme mail clients won't open. */
import { isUnsafeUrl, schemeOf } from '../../util/links.js';
import { linkPlace } from '../anchors.js';
import type { Rule } from '../types.js';
import { uniqueBy } from '../words.js';

const ALLOWED_SCHEMES = new Set(['https', 'mailto', 'tel', 'sms']);

export const linkNotHttps: Rule = {
  id: 'link-not-https',
  severity: 'warn',
  group: 'links',
  summary: 'a link is http: or another scheme than https, mailto, tel, sms',
  docs: 'a link is `http:`, or uses a scheme other than `https:`, `mailto:`, `tel:`, `sms:`',
  run(input) {
    return uniqueBy(input.anchors, (a) => a.href).flatMap((a) => {
      const scheme = schemeOf(a.href);
      if (!scheme || ALLOWED_SCHEMES.has(scheme) || isUnsafeUrl(a.href)) return [];
      return [
        {
          ...linkPlace(input, a.href, a.text),
          message:
            scheme === 'http'
              ? `The link ${a.href} is not https; mail clients and filters flag plain http. Change it to https:// (check that the site answers there).`
              : `The link ${a.href} uses the ${scheme}: scheme, which many mail clients won't open. Link to an https:// page instead.`,
        },
      ];
    });
  },
};
