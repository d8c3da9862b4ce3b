/** unsubscribe: readers must be able to leave, from the HTML and from the text. */
import { schemeOf } from '../../util/links.js';
import { footerTemplatePlace } from '../footerTemplatePlace.js';
import { configPlace } from '../locate.js';
import type { Hit, Rule } from '../types.js';

export const unsubscribe: Rule = {
  id: 'unsubscribe',
  severity: 'error',
  group: 'compliance',
  summary: 'no https unsubscribe link in the HTML and the text',
  docs: 'no `footer.unsubscribe_url`, one that is not https, or the HTML or the text part does not carry it',
  run(input) {
    const url = input.config.footer.unsubscribe_url?.trim();
    if (!url) {
      return [
        {
          ...configPlace(input, 'footer'),
          message:
            'The email has no unsubscribe link, which the law and every large mailbox provider require. Add footer.unsubscribe_url: https://... to the config.',
        },
      ];
    }
    if (schemeOf(url) !== 'https') {
      return [
        {
          ...configPlace(input, 'footer.unsubscribe_url'),
          message: `The unsubscribe link ${url} is not https; clients warn about it and some readers won't be able to leave. Use an https:// URL.`,
        },
      ];
    }
    const hits: Hit[] = [];
    if (!input.anchors.some((a) => a.href.trim() === url)) {
      hits.push({
        ...(footerTemplatePlace(input, 'mjml') ?? configPlace(input, 'footer.unsubscribe_url')),
        message: `The HTML has no link to the unsubscribe URL ${url}. Keep <a href="{{footer.unsubscribe_url}}"> in the footer template.`,
      });
    }
    if (!input.rendered.text.includes(url)) {
      hits.push({
        ...(footerTemplatePlace(input, 'txt') ?? configPlace(input, 'footer.unsubscribe_url')),
        message: `The text part has no unsubscribe URL. Print {{footer.unsubscribe_url}} in footer.txt.hbs.`,
      });
    }
    return hits;
  },
};
