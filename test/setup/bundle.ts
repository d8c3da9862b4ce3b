import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the bundle is made of: a change to any of these makes dist-cli/ stale. */
const INPUTS = ['src', 'templates', 'scripts/bundle.mjs', 'scripts/engines', 'package.json', 'package-lock.json'];

/** The newest modification time under `path` (a file or a folder), or 0 when it is missing. */
function newest(path: string): number {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs; // a deleted file changes its folder
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

/** The oldest file of the bundle, or null when there is no complete one. */
function bundleTime(dir: string): number | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  if (!names.includes('cli.js') || !names.includes('preview-worker.js')) return null;
  return Math.min(...names.map((n) => statSync(join(dir, n)).mtimeMs));
}

/**
 * The tests that spawn bin/ run the bundle: build it from the current
 * sources first, unless dist-cli/ is already newer than every one of them.
 */
export default function setup(): void {
  const built = bundleTime('dist-cli');
  if (built !== null && built > Math.max(...INPUTS.map(newest))) return;
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { stdio: 'inherit' });
}
