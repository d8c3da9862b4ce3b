#!/usr/bin/env node
import module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22.1+ can keep V8's compiled code of the whole bundle between runs:
// ask for it before the bundle is imported, in node_modules/.cache/newsletter
// like the bundled MJML's own cache (src/util/codeCache.ts, which is all
// Node 20 gets), else in Node's default place in the temp folder. Never fatal.
if (typeof module.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    const root = dirname(dirname(fileURLToPath(import.meta.url)));
    const nodeModules = basename(dirname(root)) === 'node_modules' ? dirname(root) : join(root, 'node_modules');
    const { status } = module.enableCompileCache(join(nodeModules, '.cache', 'newsletter', 'node'));
    if (status === module.constants?.compileCacheStatus?.FAILED) module.enableCompileCache();
  } catch {
    // Started without a cache: only slower.
  }
}

const { main } = await import('../dist-cli/cli.js');
process.exitCode = await main(process.argv.slice(2));
