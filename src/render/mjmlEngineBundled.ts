import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDirs, loadCommonJs } from '../util/codeCache.js';
import type { Mjml2Html } from './mjmlEngine.js';

/** The engine's file in dist-cli/, named by its content's hash: set by scripts/bundle.mjs. */
declare const __NL_MJML_ENGINE__: string;

/**
 * MJML in the bundled CLI (scripts/bundle.mjs puts this module in place of
 * mjmlEngine.ts): dist-cli/mjml-engine-<hash>.cjs, built from
 * scripts/engines/mjml.cjs, run with V8's code cache. The cache is written
 * after the first document is rendered, so it also holds the code that
 * rendering compiled.
 */
export async function loadMjmlEngine(): Promise<Mjml2Html> {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = join(here, __NL_MJML_ENGINE__);
  const loaded = loadCommonJs(file, createRequire(file), codeCacheDirs(dirname(here)));
  const engine = (loaded.exports as { mjml2html: Mjml2Html }).mjml2html;
  let first = true;
  return async (mjml, options) => {
    const result = await engine(mjml, options);
    if (first) {
      first = false;
      loaded.save();
    }
    return result;
  };
}
