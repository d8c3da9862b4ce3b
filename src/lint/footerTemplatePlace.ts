import type { Place } from './locate.js';
import type { LintSource } from './types.js';

/** The override that prints the footer (or the layout, when it does), for a footer problem to point at. */
export function footerTemplatePlace(input: LintSource, flavour: 'mjml' | 'txt'): Place | null {
  const o = input.overrides?.get(`footer.${flavour}.hbs`) ?? input.overrides?.get(`layout.${flavour}.hbs`);
  return o ? { file: o.display } : null;
}
