/**
 * The Gmail apps' forced dark mode, as email developers emulate it: the
 * whole message is inverted (light backgrounds turn dark, dark text turns
 * light; hue-rotate keeps a brand colour's hue), and images are inverted
 * back so photos and logos keep their colours. An opaque logo on white
 * thus stays a white box on a dark page: what readers of those apps see.
 * The apps ignore `prefers-color-scheme`, so this applies to the light email.
 */
const FILTER = 'invert(1) hue-rotate(180deg)';

/**
 * `html` gets a white background of its own so the canvas is inverted too
 * (a background set on `body` alone would otherwise spread to the canvas,
 * which no filter reaches).
 */
export const INVERT_CSS =
  `html { filter: ${FILTER} !important; background-color: #ffffff !important; }` + ` img, picture, video, svg, [background] { filter: ${FILTER} !important; }`;

/** The email as the Gmail apps' full inversion shows it. */
export function forceInversion(html: string): string {
  const style = `<style data-newsletter-preview="inverted">${INVERT_CSS}</style>`;
  if (/<\/head>/i.test(html)) return html.replace(/<\/head>/i, `${style}</head>`);
  if (/<body\b/i.test(html)) return html.replace(/<body\b/i, `${style}<body`);
  return style + html;
}
