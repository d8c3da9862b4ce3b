/** link-text-url: the text shows one address, the link goes to another. */
import { linkPlace } from '../anchors.js';
import type { Rule } from '../types.js';
import { addressInText, destinationOf, siteOf } from '../urlLabels.js';
import { quote, uniqueBy } from '../words.js';

export const linkTextUrl: Rule = {
  id: 'link-text-url',
  // What phishing looks like: readers trust the address they see, and filters score the mismatch.
  severity: 'error',
  group: 'links',
  summary: 'a link’s text is an address other than where the link goes',
  docs: 'a link’s text is a web or e-mail address on another site than the link’s own (`[paypal.com](https://example.net/)`): phishing looks like this, and spam filters score it',
  run(input) {
    return uniqueBy(input.anchors, (a) => `${a.href}\t${a.text}`).flatMap((a) => {
      const shown = addressInText(a.text);
      if (!shown) return [];
      const target = destinationOf(a.href);
      const same = target && (shown.email && target.email ? shown.email === target.email : siteOf(shown.host) === siteOf(target.host));
      if (same) return [];
      const where = target ? (target.email ?? target.host) : a.href.slice(0, 60);
      return [
        {
          ...linkPlace(input, a.href, a.text),
          message: `The link text ${quote(a.text, 50)} shows ${shown.email ?? shown.host}, but the link goes to ${where}. Readers trust the address they see, and spam filters flag the mismatch as phishing: show the real address, or use words instead of an address.`,
        },
      ];
    });
  },
};
