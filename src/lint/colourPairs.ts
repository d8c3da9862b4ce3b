/** The colours visible text is actually shown with. */
import { colorsAt } from './colorsAt.js';
import { elements, isElement, isHidden, walk, type HtmlElement } from './parseHtml.js';

/** Every distinct (text colour, background) pair that visible text is shown with, from inline styles. */
export function colourPairs(dom: HtmlElement): { color: string; background: string; sample: string; el: HtmlElement }[] {
  const pairs = new Map<string, { color: string; background: string; sample: string; el: HtmlElement }>();
  const body = elements(dom, 'body')[0];
  const page = body ? (colorsAt(body).background ?? '#ffffff') : '#ffffff';
  for (const n of walk(body ?? dom)) {
    if (isElement(n) || !n.text.trim() || ['style', 'script', 'title'].includes(n.parent.tag) || isHidden(n.parent)) continue;
    const { color, background } = colorsAt(n.parent, page);
    if (!color) continue;
    const key = `${color}|${background}`;
    if (!pairs.has(key)) pairs.set(key, { color, background, sample: n.text.replace(/\s+/g, ' ').trim(), el: n.parent });
  }
  return [...pairs.values()];
}
