/** The links of an email, and where each was written. */
import { elements, textContent, type HtmlElement } from './parseHtml.js';
import { locate, type Place } from './locate.js';
import { overrideFor, partialAtOffset } from './partials.js';
import type { Anchor, LintSource } from './types.js';

/** Every `<a href>`, with the text a reader sees (images read as their alt). */
export function anchorsOf(dom: HtmlElement): Anchor[] {
  return elements(dom, 'a')
    .filter((el) => el.attrs.has('href'))
    .map((el) => ({ href: el.attrs.get('href')!, text: textContent(el, true), el }));
}

/**
 * Where a link was written. A link printed by a template override is found
 * through the MJML it generated; otherwise the issue, then the config.
 */
export function linkPlace(input: LintSource, href: string, text?: string): Place {
  const fromTemplate = overridePlace(input, [`href="${href}"`, text ? `>${text}<` : ''], [`href="${href}"`, text ?? '', href]);
  if (fromTemplate) return fromTemplate;
  const trivial = !href.trim() || href.trim().startsWith('#');
  return (trivial ? null : locate(input, href)) ?? (text ? locate(input, text) : null) ?? { file: input.issue.file };
}

/** The override line behind a piece of generated MJML: `snippets` find it in the MJML, `needles` find the line in the template. */
export function overridePlace(input: LintSource, snippets: string[], needles: string[]): Place | null {
  if (!input.overrides?.size) return null;
  const { mjml } = input.rendered;
  for (const snippet of snippets) {
    if (!snippet) continue;
    for (let at = mjml.indexOf(snippet); at >= 0; at = mjml.indexOf(snippet, at + 1)) {
      const o = overrideFor(input, partialAtOffset(mjml, at));
      if (!o) continue;
      const lines = o.source.split('\n');
      for (const n of needles) {
        const i = n ? lines.findIndex((l) => l.includes(n)) : -1;
        if (i >= 0) return { file: o.display, line: i + 1 };
      }
      return { file: o.display };
    }
  }
  return null;
}
