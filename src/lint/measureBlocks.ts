import { loadMjml } from '../render/renderIssue.js';
import { blockBytesOf } from './blocks.js';

/** Exact HTML bytes per top-level block: the same MJML rendered again with its block fences kept as comments. */
export async function measureBlocks(mjml: string): Promise<{ name: string; bytes: number }[]> {
  // The engine the render loaded (code-cached): not all of `mjml` a second time.
  const mjml2html = await loadMjml();
  let html: string;
  try {
    ({ html } = await mjml2html(mjml, { validationLevel: 'skip', keepComments: true, ignoreIncludes: true, fonts: {}, minify: false, beautify: false }));
  } catch {
    return [];
  }
  return blockBytesOf(html);
}
