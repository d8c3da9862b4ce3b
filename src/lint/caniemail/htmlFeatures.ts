/** Which caniemail features an HTML element uses: the element itself, its attributes, the image format it shows. */
import type { FeatureUse } from './cssFeatures.js';
import { featureData } from './supportData.js';

const LISTS = new Set(['ul', 'ol', 'li', 'dl', 'dt', 'dd']);
const SEMANTICS = new Set(['article', 'aside', 'details', 'figcaption', 'figure', 'footer', 'header', 'main', 'mark', 'nav', 'section', 'summary', 'time']);
const ATTRIBUTES: Record<string, string> = {
  align: 'html-align',
  background: 'html-background',
  cellpadding: 'html-cellpadding',
  cellspacing: 'html-cellspacing',
  dir: 'html-dir',
  height: 'html-height',
  width: 'html-width',
  lang: 'html-lang',
  hidden: 'html-hidden',
  required: 'html-required',
  role: 'html-role',
  srcset: 'html-srcset',
  target: 'html-target',
  valign: 'html-valign',
  popover: 'html-popover',
  loading: 'html-loading-attribute',
  inert: 'css-inert-attribute',
  usemap: 'html-image-maps',
  'aria-describedby': 'html-aria-describedby',
  'aria-hidden': 'html-aria-hidden',
  'aria-label': 'html-aria-label',
  'aria-labelledby': 'html-aria-labelledby',
  'aria-live': 'html-aria-live',
};
const IMAGE_TYPES: Record<string, string> = {
  png: 'image-png',
  jpg: 'image-jpg',
  jpeg: 'image-jpg',
  gif: 'image-gif',
  webp: 'image-webp',
  avif: 'image-avif',
  svg: 'image-svg',
  bmp: 'image-bmp',
  tif: 'image-tiff',
  tiff: 'image-tiff',
  ico: 'image-ico',
  heic: 'image-heif',
  heif: 'image-heif',
  apng: 'image-apng',
};

/** The element's own feature page, if caniemail has one. */
function elementSlug(tag: string, attrs: Map<string, string>): string | null {
  if (/^h[1-6]$/.test(tag)) return 'html-h1-h6';
  if (LISTS.has(tag)) return 'html-lists';
  if (SEMANTICS.has(tag)) return 'html-semantics';
  if (tag === 'map' || tag === 'area') return 'html-image-maps';
  if (tag === 'button') return `html-button-${(attrs.get('type') ?? 'submit').toLowerCase()}`;
  if (tag === 'input') return `html-input-${(attrs.get('type') ?? 'text').toLowerCase()}`;
  return `html-${tag}`;
}

export function elementFeatures(tag: string, attrs: Map<string, string>): FeatureUse[] {
  const out: FeatureUse[] = [];
  const add = (slug: string | null, token: string, kind?: FeatureUse['kind']): void => {
    if (slug && featureData(slug)) out.push({ slug, token, kind });
  };
  add(elementSlug(tag, attrs), `<${tag}`);
  for (const name of attrs.keys()) add(ATTRIBUTES[name] ?? null, name, 'attribute');
  const href = attrs.get('href')?.trim() ?? '';
  if (tag === 'a' && href.startsWith('#') && href.length > 1) add('html-anchor-links', `href="${href}"`);
  if (tag === 'a' && /^mailto:/i.test(href)) add('html-mailto-links', 'mailto:');
  if (tag === 'meta' && attrs.get('name')?.toLowerCase() === 'color-scheme') add('html-meta-color-scheme', 'color-scheme');
  if (tag === 'img') {
    const src = attrs.get('src')?.trim() ?? '';
    if (/^data:image\//i.test(src)) add('image-base64', 'data:image');
    else {
      const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(src)?.[1]?.toLowerCase();
      if (ext) add(IMAGE_TYPES[ext] ?? null, src);
    }
  }
  return out;
}
