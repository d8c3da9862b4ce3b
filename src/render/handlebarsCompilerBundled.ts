import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { codeCacheDirs, loadCommonJs, type LoadedScript } from '../util/codeCache.js';

/** The compiler's file in dist-cli/, named by its content's hash: set by scripts/bundle.mjs. */
declare const __NL_HANDLEBARS_COMPILER__: string;

let loaded: LoadedScript | null = null;

/**
 * Handlebars with its compiler in the bundled CLI (scripts/bundle.mjs puts
 * this module in place of handlebarsCompiler.ts): a file of its own,
 * dist-cli/handlebars-<hash>.cjs, read and run with V8's code cache only
 * when a template override has to be compiled.
 */
export function handlebarsCompiler(): typeof Handlebars {
  if (!loaded) {
    const here = dirname(fileURLToPath(import.meta.url));
    const file = join(here, __NL_HANDLEBARS_COMPILER__);
    loaded = loadCommonJs(file, createRequire(file), codeCacheDirs(dirname(here)));
  }
  return loaded.exports as typeof Handlebars;
}

export function compilerUsed(): void {
  loaded?.save();
}
