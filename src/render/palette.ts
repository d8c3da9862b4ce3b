import type { Theme } from '../parse/types.js';

/**
 * The colours the theme uses, derived from the author's few theme colours so
 * that every text keeps at least 4.5:1 contrast, in light mode and in the
 * dark palette that mail clients with `prefers-color-scheme` show.
 */
export interface Palette {
  page: string;
  surface: string;
  text: string;
  muted: string;
  link: string;
  brand: string;
  onBrand: string;
  border: string;
  tint: string;
  /** Small print and links set on the page colour, outside the card. */
  pageText: string;
  pageLink: string;
}

export const MIN_CONTRAST = 4.5;

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

export function toHex([r, g, b]: Rgb): string {
  return (
    '#' +
    [r, g, b]
      .map((v) =>
        Math.round(Math.max(0, Math.min(255, v)))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}

export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export function mix(a: string, b: string, t: number): string {
  const [x, y] = [parseHex(a), parseHex(b)];
  return toHex([0, 1, 2].map((i) => x[i]! + (y[i]! - x[i]!) * t) as Rgb);
}

/** Moves `color` toward `toward` (black or white) until it reaches `min` contrast against `bg`. */
export function ensureContrast(color: string, bg: string, min = MIN_CONTRAST): string {
  if (contrast(color, bg) >= min) return color;
  const toward = luminance(bg) > 0.5 ? '#000000' : '#ffffff';
  for (let t = 0.05; t <= 1; t += 0.05) {
    const c = mix(color, toward, t);
    if (contrast(c, bg) >= min) return c;
  }
  return toward;
}

/** Black or white, whichever reads better on `bg`. */
export function textOn(bg: string): string {
  return contrast('#ffffff', bg) >= contrast('#111111', bg) ? '#ffffff' : '#111111';
}

/** A brand colour that white or black text reads on at 4.5:1, for buttons and the header band. */
function brandFill(color: string): { brand: string; onBrand: string } {
  const onBrand = textOn(color);
  return { brand: ensureContrast(color, onBrand), onBrand };
}

export function lightPalette(theme: Theme): Palette {
  const surface = '#ffffff';
  const text = ensureContrast(theme.text_color, surface, 7);
  const tint = mix(theme.brand_color, surface, 0.92);
  return {
    page: theme.background,
    surface,
    text: ensureContrast(text, tint, 7),
    // Checked against the tint, the darker of the two backgrounds text sits on.
    muted: ensureContrast(mix(text, surface, 0.35), tint),
    link: ensureContrast(theme.brand_color, tint),
    ...brandFill(theme.brand_color),
    border: mix(theme.background, '#000000', 0.08),
    tint,
    pageText: ensureContrast(mix(text, surface, 0.35), theme.background),
    pageLink: ensureContrast(theme.brand_color, theme.background),
  };
}

export function darkPalette(theme: Theme): Palette {
  const surface = '#1c1d21';
  const tint = mix(theme.brand_color, surface, 0.82);
  return {
    page: '#111214',
    surface,
    text: ensureContrast('#ececec', tint, 7),
    muted: ensureContrast('#b4b7bd', tint),
    // The brand keeps its hue in dark mode but is lifted until links read on the dark surface.
    link: ensureContrast(mix(theme.brand_color, '#ffffff', 0.45), tint),
    ...brandFill(theme.brand_color),
    border: '#34363c',
    tint,
    pageText: ensureContrast('#b4b7bd', '#111214'),
    pageLink: ensureContrast(mix(theme.brand_color, '#ffffff', 0.45), '#111214'),
  };
}
