import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import type { WorkspaceReader } from './reader.js';

/** Folders of the workspace that hold the author's sources: outputs never go there. */
const SOURCE_FOLDERS = ['issues', 'assets', 'templates'];

/**
 * The output folder of a run: `--out` (from the current folder) or `dist/`
 * beside the config. It may not be the workspace root, a folder above it,
 * or one of the author's source folders: a build there would write over the
 * author's own files (images copied onto themselves, hard links broken).
 */
export function outputDir(reader: WorkspaceReader, cwd: string, out: string | undefined, fallback = 'dist'): string {
  const dir = out ? resolve(cwd, out) : join(reader.root, fallback);
  const real = realExisting(dir);
  const fromRoot = relative(reader.root, real);
  const insideRoot = fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot));
  const aboveRoot = !insideRoot && !relative(real, reader.root).startsWith('..');
  const source = insideRoot ? SOURCE_FOLDERS.find((f) => fromRoot === f || fromRoot.startsWith(f + sep)) : undefined;
  if (fromRoot === '' || aboveRoot || source) {
    throw new NewsletterError(
      'OUTPUT_NOT_WRITABLE',
      `--out ${out ?? fallback} is ${source ? `inside ${source}/, where your sources live` : 'the workspace itself (or a folder above it)'}: outputs would mix with or overwrite your own files`,
      {
        file: out,
        hint: 'Choose a folder of its own, e.g. --out dist or --out public',
      },
    );
  }
  return dir;
}

/** The real path of `p`, or of its nearest existing parent with the rest appended. */
function realExisting(p: string): string {
  let head = p;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) return p;
    tail.unshift(head.slice(up.length + 1));
    head = up;
  }
  return join(realpathSync(head), ...tail);
}
