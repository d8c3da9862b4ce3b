import { escapeRegExp } from '../util/escapeRegExp.js';
/**
 * The generated MJML is fenced per template (`<!--nl-partial:NAME-->` ...
 * `<!--nl-end-->`): which template wrote a piece of it, and whether the
 * author overrode that template.
 */
import { PARTIAL_END, PARTIAL_START } from '../render/templates.js';
import type { LintSource, TemplateOverride } from './types.js';

/** A partial's opening fence (its display name in group 1) or its closing fence. */
export const PARTIAL_FENCE = new RegExp(`${escapeRegExp(PARTIAL_START)}(.*?)-->|${escapeRegExp(PARTIAL_END)}`, 'g');

/** The partial (by its display name) each generated MJML line came from. */
export function partialAtOffset(mjml: string, offset: number): string | null {
  const stack: string[] = [];
  const re = new RegExp(PARTIAL_FENCE);
  for (let m = re.exec(mjml); m && m.index < offset; m = re.exec(mjml)) {
    if (m[1] !== undefined) stack.push(m[1]);
    else stack.pop();
  }
  return stack[stack.length - 1] ?? null;
}

/** The template name (`header.mjml.hbs`) of a partial's display name (`templates/header.mjml.hbs`, `(default theme) header.mjml.hbs`). */
export function templateName(display: string): string {
  return display.replace(/^.*[\s/]/, '');
}

/** The override behind a partial's display name, when the author really changed that template. */
export function overrideFor(input: LintSource, display: string | null): TemplateOverride | null {
  if (!display) return null;
  return input.overrides?.get(templateName(display)) ?? null;
}

/** Line (1-based) of a character offset. */
export function lineAt(s: string, offset: number): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i >= 0 && i < offset; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
