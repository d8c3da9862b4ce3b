/**
 * Measurements taken inside a rendered email in Chromium (each function is
 * passed to page.evaluate, so it must be self-contained): what a reader
 * sees, computed from the real cascade, not from the templates' source.
 */

export interface TextFinding {
  element: string;
  text: string;
  color: string;
  background: string;
  ratio: number;
  fontSize: number;
  /** True inside author prose (markdown paragraphs, list items). */
  prose: boolean;
}

export interface ButtonFinding {
  text: string;
  fill: string;
  around: string;
  /** The contrast of the fill, or of the border when it stands out more, against what the button sits on. */
  ratio: number;
}

export interface TapFinding {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Audit {
  texts: TextFinding[];
  buttons: ButtonFinding[];
  /** Links outside running text: listen pills, buttons, footer, masthead, read-more titles, resources. */
  taps: TapFinding[];
  scrollWidth: number;
}

/** Runs in the page. */
export const auditPage = (): Audit => {
  type Rgba = [number, number, number, number];
  const parse = (c: string): Rgba | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0]!, p[1]!, p[2]!, p.length > 3 ? p[3]! : 1];
  };
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as Rgba;
  const lum = (c: Rgba): number => {
    const f = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a: Rgba, b: Rgba): number => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  const css = (c: Rgba): string => `rgb(${c.slice(0, 3).map(Math.round).join(',')})`;
  const dark = matchMedia('(prefers-color-scheme: dark)').matches && getComputedStyle(document.documentElement).colorScheme.includes('dark');
  const canvas: Rgba = dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const backgroundOf = (el: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((under, top) => over(top, under), canvas);
  };
  const visible = (el: Element): boolean => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 1 || rect.height < 1) return false;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
    }
    return true;
  };
  const name = (el: Element): string =>
    `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
  const label = (el: Element): string => (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40) || (el.querySelector('img')?.alt ?? '');

  const texts: TextFinding[] = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.tagName === 'IMG' || el.tagName === 'STYLE' || el.tagName === 'SCRIPT') continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
    if (own.length === 0 || !visible(el)) continue;
    const bg = backgroundOf(el);
    const style = getComputedStyle(el);
    const color = over(parse(style.color)!, bg);
    texts.push({
      element: name(el),
      text: own
        .map((n) => n.textContent!.trim())
        .join(' ')
        .slice(0, 40),
      color: css(color),
      background: css(bg),
      ratio: ratio(color, bg),
      fontSize: parseFloat(style.fontSize),
      prose: el.closest('.nl-prose') !== null && (el.tagName === 'P' || el.tagName === 'LI'),
    });
  }

  const buttons: ButtonFinding[] = [];
  for (const a of document.querySelectorAll('a.nl-pill, .nl-button a, .nl-button-alt a')) {
    if (!visible(a)) continue;
    const fill = backgroundOf(a);
    const holder = a.closest('td.nl-button, td.nl-button-alt') ?? a.parentElement;
    const around = backgroundOf(holder);
    let best = ratio(fill, around);
    // An outline button stands out by its border (on the link or the cell MJML draws it on).
    for (const e of [a, a.parentElement]) {
      if (!e) continue;
      const s = getComputedStyle(e);
      if (parseFloat(s.borderTopWidth) >= 1 && s.borderTopStyle !== 'none') best = Math.max(best, ratio(over(parse(s.borderTopColor)!, around), around));
    }
    buttons.push({ text: label(a), fill: css(fill), around: css(around), ratio: best });
  }

  const taps: TapFinding[] = [];
  for (const a of document.querySelectorAll('a')) {
    // Links in running text are exempt (WCAG 2.5.8): they cannot be taller than their line.
    if (a.closest('.nl-prose') || !visible(a)) continue;
    const r = a.getBoundingClientRect();
    taps.push({ text: label(a), x: r.x, y: r.y + scrollY, width: r.width, height: r.height });
  }

  return { texts, buttons, taps, scrollWidth: document.documentElement.scrollWidth };
};

/**
 * Runs in the page: Outlook.com's forced dark mode, as far as it matters
 * here. It rewrites every inline text and background colour and marks the
 * element with data-ogsc / data-ogsb. Here it rewrites them to colours that
 * fail on purpose (mid-grey text, a light grey fill under light dark-mode
 * text), so only the theme's own
 * `[data-ogsc]`/`[data-ogsb]` rules can make the email pass: an element they
 * miss shows up as a failure. The <body> is left alone: Outlook.com replaces it.
 */
export const simulateOutlookDark = (): number => {
  let marked = 0;
  for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
    const style = el.getAttribute('style') ?? '';
    if (/(^|;)\s*color\s*:/i.test(style) || el.hasAttribute('color')) {
      el.setAttribute('data-ogsc', el.style.color);
      el.style.color = '#777777';
      marked++;
    }
    if (/(^|;)\s*background(-color)?\s*:/i.test(style) || el.hasAttribute('bgcolor')) {
      el.setAttribute('data-ogsb', el.style.backgroundColor);
      el.removeAttribute('bgcolor');
      el.style.background = '#b0b0b0';
      marked++;
    }
  }
  return marked;
};
