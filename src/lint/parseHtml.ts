/**
 * A small, forgiving HTML reader for the rules: enough of a tree to know
 * which element a piece of text sits in, which inline styles apply to it
 * (colorsAt.ts reads its colours), and what a link or an image says. MJML's output is well
 * formed; Outlook-only markup lives in conditional comments, which are
 * skipped like every other comment.
 */

export interface HtmlElement {
  tag: string;
  attrs: Map<string, string>;
  style: Map<string, string>;
  children: HtmlNode[];
  parent: HtmlElement | null;
}

export interface HtmlText {
  text: string;
  parent: HtmlElement;
}

export type HtmlNode = HtmlElement | HtmlText;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW = new Set(['style', 'script', 'title', 'textarea']);

export function isElement(n: HtmlNode): n is HtmlElement {
  return 'tag' in n;
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  copy: '©',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

export function parseStyle(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!style) return out;
  for (const decl of style.split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const prop = decl.slice(0, i).trim().toLowerCase();
    const value = decl
      .slice(i + 1)
      .replace(/!important/i, '')
      .trim();
    if (prop) out.set(prop, value);
  }
  return out;
}

export function parseAttrs(src: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of src.matchAll(re)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return attrs;
}

/** Parses HTML into a tree under a synthetic `#root` element. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: new Map(), style: new Map(), children: [], parent: null };
  let cur = root;
  const re =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  const addText = (raw: string): void => {
    if (raw) cur.children.push({ text: decodeEntities(raw), parent: cur });
  };
  for (let m = re.exec(html); m; m = re.exec(html)) {
    addText(html.slice(last, m.index));
    last = re.lastIndex;
    if (m[1]) {
      const tag = m[1].toLowerCase();
      let e: HtmlElement | null = cur;
      while (e && e.tag !== tag) e = e.parent;
      if (e?.parent) cur = e.parent;
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrSrc = m[3] ?? '';
      const attrs = parseAttrs(attrSrc);
      const el: HtmlElement = { tag, attrs, style: parseStyle(attrs.get('style')), children: [], parent: cur };
      cur.children.push(el);
      if (RAW.has(tag)) {
        const close = html.toLowerCase().indexOf(`</${tag}`, last);
        const end = close < 0 ? html.length : close;
        el.children.push({ text: html.slice(last, end), parent: el });
        const gt = close < 0 ? html.length : html.indexOf('>', close);
        last = re.lastIndex = gt < 0 ? html.length : gt + 1;
      } else if (!VOID.has(tag) && !/\/\s*$/.test(attrSrc)) {
        cur = el;
      }
    }
  }
  addText(html.slice(last));
  return root;
}

/** Every node below `node`, in document order. Iterative: MJML's tables nest deep, and nested generators cost a step per level for every node. */
export function walk(node: HtmlElement): HtmlNode[] {
  const out: HtmlNode[] = [];
  const stack: HtmlNode[] = [...node.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    if (isElement(n)) for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
  return out;
}

export function elements(root: HtmlElement, tag?: string | RegExp): HtmlElement[] {
  const out: HtmlElement[] = [];
  for (const n of walk(root)) {
    if (!isElement(n)) continue;
    if (tag === undefined || (typeof tag === 'string' ? n.tag === tag : tag.test(n.tag))) out.push(n);
  }
  return out;
}

/** The text a reader sees in an element: its text, with images read as their alt text. */
export function textContent(el: HtmlElement, withAlt = false): string {
  let s = '';
  for (const n of walk(el)) {
    if (!isElement(n)) {
      if (!RAW.has(n.parent.tag)) s += n.text;
    } else if (withAlt && n.tag === 'img') s += n.attrs.get('alt') ?? '';
  }
  return s.replace(/\s+/g, ' ').trim();
}

/** The visible text of a whole document: what `body` shows, style and comments left out. */
export function visibleText(root: HtmlElement): string {
  const body = elements(root, 'body')[0] ?? root;
  return textContent(body);
}

/** True when an element, or one around it, hides its content from every reader. */
export function isHidden(el: HtmlElement | null): boolean {
  for (let e = el; e; e = e.parent) {
    const st = e.style;
    if (st.get('display') === 'none' || st.get('visibility') === 'hidden' || st.get('opacity') === '0') return true;
    if (/^0(px)?$/.test(st.get('max-height') ?? '') && st.get('overflow') === 'hidden') return true;
    if (e.attrs.has('hidden') || e.attrs.get('aria-hidden') === 'true') return true;
  }
  return false;
}
