import type { Theme } from '../parse/types.js';

/**
 * The colours the theme uses, derived from the author's three theme colours
 * so that they hold for any brand, text and background colour: every text at
 * least 4.5:1 against what it sits on, and every button fill at least 3:1
 * against its surroundings (WCAG 1.4.11) with its label at 4.5:1, in light
 * mode and in the dark palette that mail apps in dark mode show (through
 * `prefers-color-scheme`, or Outlook.com's forced dark mode).
 */
export interface Palette {
  /** The page around the email, and the footer set on it. */
  page: string;
  /** The card the letter sits on. */
  surface: string;
  text: string;
  muted: string;
  /** Links, chapter times and outline buttons: text in the brand's hue. */
  link: string;
  /** Button and pill fill: the brand, or the nearest shade of it that stands out from the card and the tint (3:1). */
  accent: string;
  /** Button and pill labels on `accent`. */
  onAccent: string;
  /** The header band: the brand itself in light mode, a dark band in dark mode. */
  band: string;
  /** The newsletter's name on the header band. */
  onBand: string;
  border: string;
  /** The sponsor block's background. */
  tint: string;
  /** Small print and links set on the page colour, outside the card. */
  pageText: string;
  pageLink: string;
  /** @deprecated the name templates used before 0.2: the same as `accent`. */
  brand: string;
  /** @deprecated the same as `onAccent`. */
  onBrand: string;
}

export const MIN_CONTRAST = 4.5;
/** Buttons and other controls against what they sit on (WCAG 1.4.11). */
export const MIN_UI_CONTRAST = 3;

type Rgb = [number, number, number];

const WHITE = '#ffffff';
const BLACK = '#000000';
/** Dark label text: a touch off black, as black on a saturated fill looks harsher than it reads. */
const INK = '#111111';

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

/** The lowest contrast of `color` against any of `backgrounds`. */
function worst(color: string, backgrounds: string[]): number {
  return Math.min(...backgrounds.map((bg) => contrast(color, bg)));
}

/**
 * Black or white: whichever contrasts more with every one of `backgrounds`.
 * (Not "white when the background is dark": a mid-tone background can be
 * dark enough to look dark and still read better with black.)
 */
function pole(backgrounds: string[]): string {
  return worst(BLACK, backgrounds) >= worst(WHITE, backgrounds) ? BLACK : WHITE;
}

/**
 * Moves `color` toward black or white, only as far as needed, until it has
 * `min` contrast against every background. Scans in small steps rather than
 * bisecting: a colour lighter than a light background first loses contrast
 * on its way to black, then gains it.
 */
export function readable(color: string, backgrounds: string[], min = MIN_CONTRAST): string {
  if (worst(color, backgrounds) >= min) return color;
  const toward = pole(backgrounds);
  for (let i = 1; i <= 50; i++) {
    const c = mix(color, toward, i / 50);
    if (worst(c, backgrounds) >= min) return c;
  }
  return toward;
}

/** Moves `color` toward `toward` until it reaches `min` contrast against `bg`. Kept for callers of 0.1. */
export function ensureContrast(color: string, bg: string, min = MIN_CONTRAST): string {
  return readable(color, [bg], min);
}

/** Black-ish or white, whichever reads better on `bg`. */
export function textOn(bg: string): string {
  return contrast(WHITE, bg) >= contrast(INK, bg) ? WHITE : INK;
}

/**
 * A fill for buttons and pills: `color`, or the nearest shade of it (toward
 * black on light backgrounds, toward white on dark ones) that stands out
 * from every background by 3:1 and carries a label at 4.5:1. A white,
 * pastel or yellow brand gets a darker shade of its own hue on a white card.
 * On a dark card a shade that had to be lifted takes a dark label, as dark
 * themes do: a pale fill with white text would sit at the edge of both
 * thresholds and look washed out.
 */
export function fill(color: string, backgrounds: string[]): { fill: string; on: string } {
  const toward = pole(backgrounds);
  for (let i = 0; i <= 50; i++) {
    const c = mix(color, toward, i / 50);
    const on = i > 0 && toward === WHITE ? INK : textOn(c);
    if (worst(c, backgrounds) >= MIN_UI_CONTRAST && contrast(on, c) >= MIN_CONTRAST) return { fill: c, on };
  }
  return { fill: toward, on: textOn(toward) };
}

/** A band in the brand's colour that its own text reads on at 4.5:1. */
function band(color: string): { band: string; onBand: string } {
  const onBand = textOn(color);
  return { band: readable(color, [onBand]), onBand };
}

export function lightPalette(theme: Theme): Palette {
  const surface = WHITE;
  const tint = mix(theme.brand_color, surface, 0.92);
  const card = [surface, tint];
  const text = readable(theme.text_color, card, 7);
  const accent = fill(theme.brand_color, card);
  const pageText = readable(mix(text, surface, 0.35), [theme.background]);
  return {
    page: theme.background,
    surface,
    text,
    muted: readable(mix(text, surface, 0.35), card),
    link: readable(theme.brand_color, card),
    accent: accent.fill,
    onAccent: accent.on,
    ...band(theme.brand_color),
    border: mix(text, surface, 0.85),
    tint,
    pageText,
    pageLink: readable(theme.brand_color, [theme.background]),
    brand: accent.fill,
    onBrand: accent.on,
  };
}

export const DARK_PAGE = '#111214';
export const DARK_SURFACE = '#1c1d21';

export function darkPalette(theme: Theme): Palette {
  const surface = DARK_SURFACE;
  const tint = mix(theme.brand_color, surface, 0.82);
  const card = [surface, tint];
  // The brand keeps its hue in dark mode, lifted until it reads on the dark card.
  const lifted = mix(theme.brand_color, WHITE, 0.45);
  const accent = fill(theme.brand_color, card);
  // A dark band tinted with the brand: a white or yellow brand would glare at night.
  const darkBand = readable(mix(theme.brand_color, DARK_PAGE, 0.75), [WHITE], 7);
  return {
    page: DARK_PAGE,
    surface,
    text: readable('#ececec', card, 7),
    muted: readable('#b4b7bd', card),
    link: readable(lifted, card),
    accent: accent.fill,
    onAccent: accent.on,
    band: darkBand,
    onBand: readable('#f2f2f2', [darkBand], 7),
    border: '#3a3c42',
    tint,
    pageText: readable('#b4b7bd', [DARK_PAGE]),
    pageLink: readable(lifted, [DARK_PAGE]),
    brand: accent.fill,
    onBrand: accent.on,
  };
}
