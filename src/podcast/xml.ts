import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NewsletterError } from '../problems/errors.js';

/**
 * XML for feeds and Podlove chapter files: fast-xml-parser underneath, then
 * a small element tree whose names are resolved to namespace URIs, because
 * the specs name namespaces, not prefixes (`xmlns:pod=` is as valid as
 * `xmlns:podcast=`, and psc:chapters often declares its own namespace).
 */

export const NS = {
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0',
  psc: 'http://podlove.org/simple-chapters',
  content: 'http://purl.org/rss/1.0/modules/content/',
  atom: 'http://www.w3.org/2005/Atom',
} as const;

/** Spellings of the namespace URIs seen in real feeds, read as the spec's one. */
const NS_ALIASES: Record<string, string> = {
  'http://podcastindex.org/namespace/1.0': NS.podcast,
  'https://podcastindex.org/namespace/1.0/': NS.podcast,
  'https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md': NS.podcast,
  'http://www.itunes.com/dtds/podcast-1.0.dtd/': NS.itunes,
  'https://www.itunes.com/dtds/podcast-1.0.dtd': NS.itunes,
  'http://podlove.org/simple-chapters/': NS.psc,
};

export interface XmlElement {
  /** Namespace URI, or null for unqualified names (RSS's own elements). */
  ns: string | null;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), not its descendants'. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

type Raw = Record<string, unknown>;

/** Parses an XML document into its root element; refuses malformed XML with the parser's line and column. */
export function parseXml(xml: string, source: string, what = 'feed'): XmlElement {
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new NewsletterError('FEED_INVALID', `The ${what} ${source} is empty`, { file: source });
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new NewsletterError('FEED_INVALID', `The ${what} is not well-formed XML: ${valid.err.msg}`, {
      file: source,
      line: valid.err.line,
      column: valid.err.col,
      hint: what === 'feed' ? 'Check the URL points at the RSS feed itself, not at a web page about it' : undefined,
    });
  }
  let raw: Raw[];
  try {
    raw = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      captureMetaData: true,
      // XML's own references (&#233;) are decoded only with this on; entity expansion stays bounded by the parser's limits.
      htmlEntities: true,
    }).parse(text) as Raw[];
  } catch (e) {
    throw new NewsletterError('FEED_INVALID', `The ${what} can't be read: ${(e as Error).message}`, { file: source });
  }
  const lines = lineStarts(text);
  const root = raw.map((r) => toElement(r, {}, lines)).find((e): e is XmlElement => e !== null);
  if (!root) throw new NewsletterError('FEED_INVALID', `The ${what} has no root element`, { file: source });
  return root;
}

const META = XMLParser.getMetaDataSymbol() as unknown as string;

function toElement(node: Raw, scope: Record<string, string>, lines: number[]): XmlElement | null {
  const name = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
  if (!name) return null;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries((node[':@'] as Record<string, unknown> | undefined) ?? {})) attrs[k] = String(v);
  let inner = scope;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (inner === scope) inner = { ...scope };
      inner[k === 'xmlns' ? '' : k.slice(6)] = NS_ALIASES[v] ?? v;
    }
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const ns = inner[prefix] ?? (prefix ? `unbound:${prefix}` : null);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[name] as Raw[] | undefined) ?? []) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const el = toElement(child, inner, lines);
      if (el) children.push(el);
    }
  }
  const meta = (node as Record<string, unknown>)[META] as { startIndex?: number } | undefined;
  return { ns: ns || null, local: colon < 0 ? name : name.slice(colon + 1), attrs, children, text, line: lineAt(lines, meta?.startIndex ?? 0) };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The first child with this namespace and local name. */
export function child(el: XmlElement, ns: string | null, local: string): XmlElement | undefined {
  return el.children.find((c) => c.ns === ns && c.local === local);
}

export function childrenOf(el: XmlElement, ns: string | null, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

/** A child's text, trimmed; null when absent or blank. */
export function childText(el: XmlElement, ns: string | null, local: string): string | null {
  const t = child(el, ns, local)?.text.trim();
  return t ? t : null;
}
