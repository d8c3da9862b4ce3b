import { blockBytesOf } from './blocks.js';

type Mjml2Html = (mjml: string, options: Record<string, unknown>) => Promise<{ html: string }>;

/** Exact HTML bytes per top-level block: the same MJML rendered again with its block fences kept as comments. */
export async function measureBlocks(mjml: string): Promise<{ name: string; bytes: number }[]> {
  const m = await import('mjml');
  const mjml2html = ((m as { default?: unknown }).default ?? m) as Mjml2Html;
  let html: string;
  try {
    ({ html } = await mjml2html(mjml, { validationLevel: 'skip', keepComments: true, ignoreIncludes: true, fonts: {}, minify: false, beautify: false }));
  } catch {
    return [];
  }
  return blockBytesOf(html);
}
