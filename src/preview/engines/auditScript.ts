import type { PageProblem } from './types.js';

/*
 * Functions that run inside the email's page, in every engine: each is
 * sent as its source text, so each must stand alone (no imports, no
 * helpers from outside its own body).
 */

/**
 * The height of the email's content: the lowest bottom edge of the body's
 * children (plus the body's own bottom padding and margin). Not the
 * document's height, which is at least the window's: Gecko and WebKit
 * shoot in windows taller than any email.
 */
export function contentHeight(doc: Document): number {
  const body = doc.body;
  if (!body) return Math.ceil(doc.documentElement.getBoundingClientRect().height);
  const y = doc.defaultView?.scrollY ?? 0;
  let bottom = 0;
  for (const el of Array.from(body.children)) bottom = Math.max(bottom, el.getBoundingClientRect().bottom + y);
  const s = doc.defaultView!.getComputedStyle(body);
  if (bottom === 0) bottom = body.getBoundingClientRect().bottom + y;
  return Math.ceil(bottom + parseFloat(s.paddingBottom || '0') + parseFloat(s.marginBottom || '0'));
}

/**
 * What a reader at `width` px would trip over: the page wider than the
 * screen (and the element that makes it so), text under 4.5:1 against
 * the background it is drawn on, and button fills under 3:1 against what
 * they sit on (WCAG 1.4.3 and 1.4.11). `invert`: the page is shown through
 * the Gmail apps' inversion (invert.ts), so colours are compared as
 * inverted; computed styles do not see CSS filters.
 */
export function auditDocument(doc: Document, width: number, invert: boolean): PageProblem[] {
  type Rgba = [number, number, number, number];
  const win = doc.defaultView!;
  const css = (el: Element): CSSStyleDeclaration => win.getComputedStyle(el);
  const parse = (c: string): Rgba | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1]!.split(/[\s,/]+/).filter(Boolean);
    const n = p.map((v) => parseFloat(v));
    return [n[0]!, n[1]!, n[2]!, n.length > 3 ? n[3]! : 1];
  };
  const over = (top: Rgba, under: Rgba): Rgba => [0, 1, 2].map((i) => top[i]! * top[3] + under[i]! * (1 - top[3])).concat(1) as Rgba;
  // invert(1) then hue-rotate(180deg), as sRGB matrices (Filter Effects 1, §13).
  const shown = (c: Rgba): Rgba => {
    if (!invert) return c;
    const [r, g, b] = [1 - c[0] / 255, 1 - c[1] / 255, 1 - c[2] / 255];
    const clamp = (v: number): number => Math.min(255, Math.max(0, v * 255));
    return [clamp(-0.574 * r + 1.43 * g + 0.144 * b), clamp(0.426 * r + 0.43 * g + 0.144 * b), clamp(0.426 * r + 1.43 * g - 0.856 * b), 1];
  };
  const lum = (c: Rgba): number => {
    const f = (v: number): number => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a: Rgba, b: Rgba): number => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  };
  const hex = (c: Rgba): string =>
    '#' +
    c
      .slice(0, 3)
      .map((v) => Math.round(v).toString(16).padStart(2, '0'))
      .join('');
  const describe = (el: Element): string => {
    const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/)[0] : '';
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '');
  };
  const sample = (s: string): string => {
    const t = s.replace(/\s+/g, ' ').trim();
    return t.length > 40 ? t.slice(0, 39) + '…' : t;
  };

  // The canvas: what shows where no element paints a background.
  const probe = doc.createElement('div');
  probe.style.cssText = 'position:absolute;width:1px;height:1px;background:Canvas';
  (doc.body ?? doc.documentElement).appendChild(probe);
  const canvas = parse(css(probe).backgroundColor) ?? [255, 255, 255, 1];
  probe.remove();

  /** The colour under `el`: its and its ancestors' background colours, blended; null over a background image. */
  const backgroundOf = (el: Element | null): Rgba | null => {
    const layers: Rgba[] = [];
    for (let e = el; e; e = e.parentElement) {
      const s = css(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return null;
      const bg = parse(s.backgroundColor);
      if (bg && bg[3] > 0) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    return layers.reverse().reduce((under, top) => over(top, under), canvas);
  };
  const visible = (el: Element): boolean => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = css(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
      if (e !== el && s.overflow !== 'visible') {
        const pr = e.getBoundingClientRect();
        if (pr.width < 1 || pr.height < 1) return false;
      }
    }
    return parseFloat(css(el).fontSize) >= 2;
  };

  const problems: PageProblem[] = [];
  const scrollWidth = doc.documentElement.scrollWidth;
  if (scrollWidth > width) {
    let culprit: Element | null = null;
    let right = width + 1;
    for (const el of Array.from(doc.body?.querySelectorAll('*') ?? [])) {
      const r = el.getBoundingClientRect();
      if (r.right > right) [culprit, right] = [el, r.right];
    }
    const what = culprit
      ? `${describe(culprit)}${culprit.textContent?.trim() ? ` "${sample(culprit.textContent)}"` : ''} (${Math.round(culprit.getBoundingClientRect().width)} px wide)`
      : 'the page';
    problems.push({ kind: 'overflow', width, scrollWidth, culprit: what });
  }

  const texts = new Map<string, Extract<PageProblem, { kind: 'contrast' }>>();
  const buttons = new Map<string, Extract<PageProblem, { kind: 'button' }>>();
  for (const el of Array.from(doc.body?.querySelectorAll('*') ?? [])) {
    if (/^(IMG|STYLE|SCRIPT|TITLE|SVG)$/i.test(el.tagName)) continue;
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3 && n.textContent!.trim() !== '')
      .map((n) => n.textContent!)
      .join(' ');
    if (own && visible(el)) {
      const bg = backgroundOf(el);
      const fg = parse(css(el).color);
      if (bg && fg && fg[3] > 0) {
        const [f, b] = [shown(over(fg, bg)), shown(bg)];
        const r = ratio(f, b);
        const key = hex(f) + hex(b);
        const seen = texts.get(key);
        if (seen) seen.count++;
        else if (r < 4.5) texts.set(key, { kind: 'contrast', width, text: sample(own), where: describe(el), fg: hex(f), bg: hex(b), ratio: r, count: 1 });
      }
    }
    // A button: a padded link whose box, or a cell hugging it, is filled.
    if (el.tagName !== 'A' || !visible(el) || !el.textContent?.trim()) continue;
    const s = css(el);
    if (parseFloat(s.paddingLeft) + parseFloat(s.paddingRight) < 8) continue;
    const box = el.getBoundingClientRect();
    // The link and the cells hugging it (MJML's buttons are a td around a padded link).
    const chain: Element[] = [el];
    for (let p = el.parentElement; p && chain.length < 4; p = p.parentElement) {
      const r = p.getBoundingClientRect();
      if (r.left < box.left - 4 || r.right > box.right + 4 || r.top < box.top - 4 || r.bottom > box.bottom + 4) break;
      chain.push(p);
    }
    const fillEl = chain.find((e) => (parse(css(e).backgroundColor)?.[3] ?? 0) > 0);
    if (!fillEl) continue;
    const under = backgroundOf(chain[chain.length - 1]!.parentElement);
    const fill = backgroundOf(fillEl);
    if (!under || !fill) continue;
    const r = ratio(shown(fill), shown(under));
    if (r >= 3) continue;
    // An outline button: its border, not its fill, sets it apart.
    const edged = chain.some((e) => {
      const b = css(e);
      const c = parse(b.borderTopColor);
      return parseFloat(b.borderTopWidth) >= 1 && b.borderTopStyle !== 'none' && c !== null && ratio(shown(over(c, under)), shown(under)) >= 3;
    });
    if (edged) continue;
    const key = hex(shown(fill)) + hex(shown(under));
    const seen = buttons.get(key);
    if (seen) seen.count++;
    else
      buttons.set(key, {
        kind: 'button',
        width,
        text: sample(el.textContent),
        where: describe(el),
        fill: hex(shown(fill)),
        under: hex(shown(under)),
        ratio: r,
        count: 1,
      });
  }
  return [...problems, ...texts.values(), ...buttons.values()];
}

/**
 * A script expression that calls `fn` with a document (`doc`, a script
 * expression: the page's by default) and `args` (as JSON). Transpilers
 * that keep function names (tsx, vitest) wrap inner functions in
 * `__name(...)`, which the page lacks: it gets a stand-in.
 */
export function pageCall<A extends unknown[]>(fn: (doc: Document, ...args: A) => unknown, ...args: A): string {
  return inDocument('document', fn, ...args);
}

/** As pageCall, in the document of the iframe with id "email" (WebKit's wrapper page). */
export function frameCall<A extends unknown[]>(fn: (doc: Document, ...args: A) => unknown, ...args: A): string {
  return inDocument("document.getElementById('email').contentDocument", fn, ...args);
}

function inDocument(doc: string, fn: (...args: never[]) => unknown, ...args: unknown[]): string {
  return `((__name) => (${fn.toString()})(${[doc, ...args.map((a) => JSON.stringify(a))].join(', ')}))((f) => f)`;
}
