/**
 * The weight of each block (top-level template) of an email: exactly, from
 * HTML rendered with the block fences kept as comments, or roughly, from
 * the MJML, when that render was not made.
 */
import { templateName } from './partials.js';

/** `header` for `(default theme) header.mjml.hbs` or `templates/header.mjml.hbs`. */
export function blockName(display: string): string {
  return templateName(display).replace(/\.(mjml|txt)\.hbs$/, '');
}

/**
 * Sums the bytes between each outermost `<!--nl-partial:NAME-->` and its
 * `<!--nl-end-->`, heaviest block first. On HTML rendered with comments kept
 * these are the exact HTML bytes; on the MJML, a rough order of weight.
 */
export function blockBytesOf(fenced: string): { name: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  const stack: { name: string; start: number }[] = [];
  for (const m of fenced.matchAll(/<!--nl-partial:(.*?)-->|<!--nl-end-->/g)) {
    if (m[1] !== undefined) stack.push({ name: blockName(m[1]), start: m.index + m[0].length });
    else {
      const top = stack.pop();
      if (top && stack.length === 0) sizes.set(top.name, (sizes.get(top.name) ?? 0) + Buffer.byteLength(fenced.slice(top.start, m.index)));
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/** The MJML blocks by the size of what they wrote: the fallback when exact HTML bytes are not known. */
export function blockWeightsFromMjml(mjml: string): { name: string; bytes: number }[] {
  return blockBytesOf(mjml);
}
