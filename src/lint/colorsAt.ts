/** The colours text is shown with, read from inline styles (what survives every client). */
import type { HtmlElement } from './parseHtml.js';

const COLOR_NAMES: Record<string, string> = {
  white: '#ffffff',
  black: '#000000',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  yellow: '#ffff00',
  orange: '#ffa500',
  navy: '#000080',
};

/** A CSS colour as #rrggbb, or null for transparent, unknown and anything we can't read. */
export function parseColor(value: string | undefined): string | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})\b/.exec(v);
  if (hex) {
    const h = hex[1]!;
    return '#' + (h.length === 3 ? h.replace(/./g, (c) => c + c) : h);
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)/.exec(v);
  if (rgb) {
    if (rgb[4] !== undefined && Number(rgb[4]) < 1) return null;
    return '#' + [rgb[1], rgb[2], rgb[3]].map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('');
  }
  return COLOR_NAMES[v] ?? null;
}

/** The colour a `background` shorthand or `background-color` sets, if any. */
function backgroundOf(el: HtmlElement): string | null {
  const bc = parseColor(el.style.get('background-color'));
  if (bc) return bc;
  const shorthand = el.style.get('background');
  if (shorthand) {
    for (const token of shorthand.split(/\s+(?![^(]*\))/)) {
      const c = parseColor(token);
      if (c) return c;
    }
  }
  return parseColor(el.attrs.get('bgcolor'));
}

/** The text colour and background a text node is shown with, from inline styles only (what survives every client). */
export function colorsAt(el: HtmlElement, fallbackBackground = '#ffffff'): { color: string | null; colorFrom: HtmlElement | null; background: string } {
  let color: string | null = null;
  let colorFrom: HtmlElement | null = null;
  let background: string | null = null;
  for (let e: HtmlElement | null = el; e; e = e.parent) {
    if (!color) {
      const c = parseColor(e.style.get('color')) ?? (e.tag === 'font' ? parseColor(e.attrs.get('color')) : null);
      if (c) {
        color = c;
        colorFrom = e;
      }
    }
    if (!background) background = backgroundOf(e);
    if (color && background) break;
  }
  return { color, colorFrom, background: background ?? fallbackBackground };
}
