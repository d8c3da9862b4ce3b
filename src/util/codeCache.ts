import { isAscii } from 'node:buffer';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

/**
 * Loads a bundled CommonJS file (the MJML engine, the Handlebars compiler)
 * with V8's compiled code kept between runs: parsing and compiling 2 MB of
 * JavaScript is a large part of a cold start, and Node 20 has no
 * `module.enableCompileCache()` to do it for us. The cache is written once,
 * after the code has run (`save()`), so it also holds the functions the
 * first render compiled. Any failure to read or write it only costs the
 * time it would have saved.
 *
 * Bundled file names carry a hash of their content (scripts/bundle.mjs), and
 * the cache's name carries the file name, Node's version and the CPU: V8
 * itself only checks a cache against the source's length and its own flags.
 */
export interface LoadedScript {
  exports: unknown;
  /** Writes the cache if there was none or V8 refused it; call after the first real use. */
  save(): void;
}

export function loadCommonJs(file: string, requireFn: NodeJS.Require, cacheDirs: readonly string[]): LoadedScript {
  const bytes = readFileSync(file);
  // The bundle writes the engines in ASCII (scripts/bundle.mjs): as Latin-1 they become V8's one-byte string at
  // the cost of a copy, where UTF-8 decoding of 1.6 MB cost 15-25 ms.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cacheName = `${basename(file)}.${process.version}-${process.arch}.v8`;
  const disabled = process.env.NODE_DISABLE_COMPILE_CACHE !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE !== '';
  const dirs = disabled ? [] : cacheDirs;
  let cachedData: Buffer | undefined;
  for (const dir of dirs) {
    cachedData = readCache(dir, cacheName);
    if (cachedData) break;
  }
  // The wrapper keeps the file's first line on line 1, so stack traces point at the right lines.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, requireFn, mod, file, dirname(file));
  let pending = dirs.length > 0 && (!cachedData || script.cachedDataRejected === true);
  return {
    exports: mod.exports,
    save() {
      if (!pending) return;
      pending = false;
      let data: Buffer;
      try {
        data = script.createCachedData();
      } catch {
        return;
      }
      for (const dir of dirs) {
        if (!writeCache(dir, cacheName, data)) continue;
        removeStale(dir, basename(file));
        return;
      }
    },
  };
}

/**
 * Where the caches go: node_modules/.cache/newsletter of the project the CLI
 * is installed in (or of its own checkout), as other tools keep theirs, then
 * a folder of this user's own in the OS temp folder for installs that can't
 * be written to (a global install run by a user).
 */
export function codeCacheDirs(packageRoot: string): string[] {
  const parent = dirname(packageRoot);
  const nodeModules = basename(parent) === 'node_modules' ? parent : join(packageRoot, 'node_modules');
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  return [join(nodeModules, '.cache', 'newsletter'), join(tmpdir(), `newsletter-cache-${uid ?? 'user'}`)];
}

function readCache(dir: string, name: string): Buffer | undefined {
  try {
    if (!trusted(dir)) return undefined;
    return readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, name: string, data: Buffer): boolean {
  // Preview workers are threads of one process: the thread id keeps their temp names apart.
  const temp = join(dir, `${name}.${process.pid}-${threadId}.tmp`);
  try {
    if (trustedCacheDir([dir]) === null) return false;
    // Written whole under another name, then renamed: a run started meanwhile reads the old cache or none.
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, join(dir, name));
    return true;
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    return false;
  }
}

/**
 * Caches of earlier builds of the same file (mjml-engine-<other hash>.cjs…)
 * will never be read again: remove them, so upgrades don't pile up
 * megabytes. Those of this file for another Node version stay: a project
 * whose CI or nvm switches between Node 20 and 22 would otherwise lose its
 * cache on every switch (they go with the file's next build).
 */
function removeStale(dir: string, file: string): void {
  const stem = /^(.*-)[A-Z0-9]{8}\.cjs$/.exec(file)?.[1];
  if (!stem) return;
  try {
    for (const name of readdirSync(dir)) {
      if (name.startsWith(stem) && !name.startsWith(`${file}.`) && name.endsWith('.v8')) unlinkSync(join(dir, name));
    }
  } catch {
    // Another run removed them first, or the folder can't be listed: they only take space.
  }
}

/**
 * The first of `dirs` that is, or can be made, a folder this user may keep
 * caches in (see trusted); null when none can. For the caches that are data
 * kept beside the code cache (the parsed issues): the same trust.
 */
export function trustedCacheDir(dirs: readonly string[]): string | null {
  for (const dir of dirs) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (trusted(dir)) return dir;
    } catch {
      // The next one.
    }
  }
  return null;
}

/** Keeps the `keep` newest files of `dir` whose names start with `prefix` (by modification time) and removes the rest. */
export function pruneCaches(dir: string, prefix: string, keep: number): void {
  try {
    const files = readdirSync(dir)
      .filter((n) => n.startsWith(prefix))
      .map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const f of files.slice(keep)) unlinkSync(join(dir, f.n));
  } catch {
    // Another run pruned first, or the folder can't be listed: they only take space.
  }
}

/**
 * A cache is code that will run: only read or write one in a real folder
 * (not a link) that this user owns and no one else can write to. Anyone who
 * can write to the install's node_modules can change the CLI itself anyway;
 * the temp folder is shared, hence the checks.
 */
function trusted(dir: string): boolean {
  const st = lstatSync(dir);
  if (!st.isDirectory()) return false;
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return false;
  return (st.mode & 0o022) === 0 || process.platform === 'win32';
}
