import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from './sha256.js';

/**
 * The tool's identity for what it keeps between runs (preview's and site's
 * pages, the parsed issues), so that a changed tool never reuses what an
 * older one made, and a rebuild that changed nothing keeps it: its version,
 * Node's (whose ICU writes dates and counts graphemes), and the code of
 * this module's folder (folderStamp).
 */
export function toolStamp(version: string): string {
  return sha256(version, process.version, folderStamp(import.meta.url));
}

const folders = new Map<string, string>();

/**
 * The code of the folder of the module at `moduleUrl`: in the bundle, every
 * file's name, which carries a hash of its content (and so of the files it
 * imports), and the content of the entry files, whose names don't (a few
 * hundred KB to hash, not the bundle's megabytes); from source, every
 * file's content. Once per folder and process: `dev` asks on every save.
 */
export function folderStamp(moduleUrl: string): string {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(moduleUrl));
  } catch {
    // Not a file URL: nothing to hash.
    return '';
  }
  let stamp = folders.get(dir);
  if (stamp === undefined) {
    const names = readdirSync(dir)
      .filter((n) => /\.(c?js|ts)$/.test(n))
      .sort();
    const unhashed = names.filter((n) => !/-[A-Z0-9]{8}\.c?js$/.test(n));
    folders.set(dir, (stamp = sha256(...names, ...unhashed.map((n) => readFileSync(join(dir, n), 'latin1')))));
  }
  return stamp;
}
