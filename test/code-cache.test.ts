/**
 * src/util/codeCache.ts: a bundled CommonJS file runs the same with or
 * without V8's code cache, the cache is written once and then used, and a
 * folder that can't be written or trusted costs nothing but the time.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheDirs, loadCommonJs, pruneCaches, trustedCacheDir } from '../src/util/codeCache.js';

const root = mkdtempSync(join(tmpdir(), 'newsletter-code-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function bundle(): string {
  const file = join(root, `engine-${++n}.cjs`);
  writeFileSync(
    file,
    `'use strict';\nconst path = require('node:path');\nmodule.exports = { twice: (x) => x * 2, base: path.basename(__filename), dir: __dirname };\n`,
  );
  return file;
}
const run = (file: string, dirs: string[]): { twice: (x: number) => number; base: string; dir: string } & { save(): void } => {
  const loaded = loadCommonJs(file, createRequire(file), dirs);
  return Object.assign(loaded.exports as { twice: (x: number) => number; base: string; dir: string }, { save: () => loaded.save() });
};

describe('loadCommonJs', () => {
  it('reads a file that is not ASCII as UTF-8 (the bundled engines are ASCII, read as Latin-1)', () => {
    const file = join(root, `engine-utf8.cjs`);
    writeFileSync(file, `module.exports = { dash: '—', pattern: /[’“”]/.source };\n`);
    const loaded = loadCommonJs(file, createRequire(file), []).exports as { dash: string; pattern: string };
    expect(loaded).toEqual({ dash: '—', pattern: '[’“”]' });
  });

  it('runs the file as CommonJS, writes the cache once on save, and reads it on the next run', () => {
    const file = bundle();
    const cache = join(root, 'cache-a');
    const first = run(file, [cache]);
    expect(first.twice(21)).toBe(42);
    expect(first.base).toBe('engine-1.cjs');
    expect(first.dir).toBe(root);
    first.save();
    const written = readdirSync(cache);
    expect(written).toEqual([`engine-1.cjs.${process.version}-${process.arch}.v8`]);
    const mtime = statSync(join(cache, written[0]!)).mtimeMs;
    const second = run(file, [cache]);
    expect(second.twice(2)).toBe(4);
    second.save(); // the cache was accepted: nothing to write
    expect(statSync(join(cache, written[0]!)).mtimeMs).toBe(mtime);
    expect(readdirSync(cache)).toEqual(written); // no temp file left
  });

  it('falls back to the next folder when the first can not be created, and never throws', () => {
    const file = bundle();
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, 'x');
    const fallback = join(root, 'cache-b');
    const loaded = run(file, [join(blocker, 'cache'), fallback]);
    expect(() => loaded.save()).not.toThrow();
    expect(readdirSync(fallback)).toHaveLength(1);
    const nowhere = run(bundle(), [join(blocker, 'cache')]);
    expect(() => nowhere.save()).not.toThrow();
    expect(nowhere.twice(3)).toBe(6);
  });

  it('neither reads nor writes a cache in a folder others can write to', () => {
    const file = bundle();
    const open = join(root, 'cache-open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    run(file, [open]).save();
    expect(readdirSync(open)).toEqual([]);
  });

  it('uses no cache when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const file = bundle();
    const cache = join(root, 'cache-off');
    process.env.NODE_DISABLE_COMPILE_CACHE = '1';
    try {
      run(file, [cache]).save();
    } finally {
      delete process.env.NODE_DISABLE_COMPILE_CACHE;
    }
    expect(() => readdirSync(cache)).toThrow();
  });

  it('removes the caches of earlier builds of the same file when it writes one, and keeps its caches for other Node versions', () => {
    const cache = join(root, 'cache-stale');
    mkdirSync(cache, { mode: 0o700 });
    const stale = ['mjml-engine-AAAAAAAA.cjs.v20.0.0-x64.v8', `mjml-engine-BBBBBBBB.cjs.${process.version}-${process.arch}.v8`];
    for (const s of stale) writeFileSync(join(cache, s), 'old');
    writeFileSync(join(cache, 'other-CCCCCCCC.cjs.v20.0.0-x64.v8'), 'kept');
    writeFileSync(join(cache, 'mjml-engine-DDDDDDDD.cjs.v99.0.0-x64.v8'), 'kept');
    const file = join(root, 'mjml-engine-DDDDDDDD.cjs');
    writeFileSync(file, 'module.exports = 1;\n');
    run(file, [cache]).save();
    expect(readdirSync(cache).sort()).toEqual(
      [`mjml-engine-DDDDDDDD.cjs.${process.version}-${process.arch}.v8`, 'mjml-engine-DDDDDDDD.cjs.v99.0.0-x64.v8', 'other-CCCCCCCC.cjs.v20.0.0-x64.v8'].sort(),
    );
  });
});

describe('codeCacheDirs', () => {
  it('keeps the cache in the node_modules the package is installed in, else its own, then a temp folder of the user', () => {
    expect(codeCacheDirs('/p/node_modules/newsletter-cli')[0]).toBe('/p/node_modules/.cache/newsletter');
    expect(codeCacheDirs('/work/checkout')[0]).toBe('/work/checkout/node_modules/.cache/newsletter');
    expect(codeCacheDirs('/work/checkout')[1]).toMatch(new RegExp(`^${tmpdir()}/newsletter-cache-`));
  });
});

describe('trustedCacheDir and pruneCaches (the parse cache beside the code cache)', () => {
  it('makes the first folder it can, only this user may enter it, and a folder others can write to is passed over', () => {
    const blocker = join(root, 'blocker-file');
    writeFileSync(blocker, 'x');
    const open = join(root, 'open-to-all');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const made = join(root, 'made', 'cache');
    expect(trustedCacheDir([join(blocker, 'cache'), open, made])).toBe(made);
    expect(statSync(made).mode & 0o077).toBe(0);
    expect(trustedCacheDir([join(blocker, 'cache')])).toBeNull();
  });

  it('keeps the newest files of a prefix and leaves the others alone', () => {
    const dir = join(root, 'prune');
    mkdirSync(dir);
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, `issues-${i}.json`), '{}');
      utimesSync(join(dir, `issues-${i}.json`), 1000 + i, 1000 + i);
    }
    writeFileSync(join(dir, 'mjml-engine-AAAAAAAA.cjs.v20-x64.v8'), 'code');
    pruneCaches(dir, 'issues-', 2);
    expect(readdirSync(dir).sort()).toEqual(['issues-3.json', 'issues-4.json', 'mjml-engine-AAAAAAAA.cjs.v20-x64.v8']);
    expect(() => pruneCaches(join(root, 'nowhere'), 'issues-', 2)).not.toThrow();
  });
});
