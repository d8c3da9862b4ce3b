/** lang-missing: screen readers guess the email's language. */
import { configPlace, type Place } from '../locate.js';
import { lineAt } from '../partials.js';
import { elements } from '../parseHtml.js';
import type { Rule } from '../types.js';

export const langMissing: Rule = {
  id: 'lang-missing',
  severity: 'error',
  group: 'deliverability',
  summary: 'the <html> element has no lang attribute',
  docs: 'the `<html>` element has no `lang` (or MJML’s `und`): a layout override dropped `<mjml lang="{{lang}}">`',
  run(input) {
    const html = elements(input.dom, 'html')[0];
    // MJML writes lang="und" (undetermined) when the template gives none.
    const lang = html?.attrs.get('lang')?.trim() ?? '';
    if (lang && lang.toLowerCase() !== 'und') return [];
    const layout = input.overrides?.get('layout.mjml.hbs');
    const place: Place = layout
      ? { file: layout.display, line: lineAt(layout.source, Math.max(0, layout.source.search(/<mjml\b/))) }
      : configPlace(input, 'language');
    return [
      {
        ...place,
        message:
          'The email has no lang attribute, so screen readers guess its language. Write <mjml lang="{{lang}}"> in the layout template (the config\'s "language" sets it).',
      },
    ];
  },
};
