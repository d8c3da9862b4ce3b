/** postal-address: anti-spam law wants a postal address in every newsletter. */
import { footerTemplatePlace } from '../footerTemplatePlace.js';
import { configPlace } from '../locate.js';
import { visibleText } from '../parseHtml.js';
import type { Hit, Rule } from '../types.js';
import { normalise } from '../words.js';

export const postalAddress: Rule = {
  id: 'postal-address',
  severity: 'error',
  group: 'compliance',
  summary: 'no postal address in the footer (config, HTML or text)',
  docs: 'no `footer.address` in the config, or the HTML or the text part does not show it',
  run(input) {
    const address = input.config.footer.address?.trim();
    if (!address) {
      return [
        {
          ...configPlace(input, 'footer'),
          message:
            'The footer has no postal address, which anti-spam law (CAN-SPAM, and others) requires in every newsletter. Add footer.address to the config.',
          hint: 'e.g. footer: { address: "Example Media, LLC, 1 Example St, Portland, OR 97214, USA" }',
        },
      ];
    }
    const hits: Hit[] = [];
    if (!normalise(visibleText(input.dom)).includes(normalise(address))) {
      hits.push({
        ...(footerTemplatePlace(input, 'mjml') ?? configPlace(input, 'footer.address')),
        message: 'The HTML does not show the postal address from footer.address. Print {{footer.address}} in the footer template.',
      });
    }
    if (!normalise(input.rendered.text).includes(normalise(address))) {
      hits.push({
        ...(footerTemplatePlace(input, 'txt') ?? configPlace(input, 'footer.address')),
        message: 'The text part does not show the postal address from footer.address. Print {{footer.address}} in footer.txt.hbs.',
      });
    }
    return hits;
  },
};
