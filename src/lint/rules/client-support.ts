/** client-support: HTML and CSS that the author's template overrides or letter add and a client readers use drops (caniemail.com). */
import { featureHits } from '../clientFeatures.js';
import type { Rule } from '../types.js';

export const clientSupport: Rule = {
  id: 'client-support',
  severity: 'warn',
  group: 'client support',
  summary: 'your templates or letter use HTML or CSS that Gmail, Outlook, Apple Mail, Yahoo, Samsung Email or Thunderbird do not support',
  docs: 'what your template overrides or the letter add to the email uses HTML or CSS that Gmail, Outlook (Windows, Mac, web), Apple Mail (iOS, macOS), Yahoo, Samsung Email or Thunderbird do not support at all (caniemail.com data; partial support is not reported), once per feature, with the blocks that write it; see below',
  run: (input) => featureHits(input, 'author'),
};
