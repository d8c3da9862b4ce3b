import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, win32 } from 'node:path';

/** Whether `path` is a file this process may run. */
export function isExecutable(path: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first of `names` on $PATH (with $PATHEXT on Windows), or null. */
export function onPath(names: string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const name of names)
    for (const dir of dirs)
      for (const ext of exts) {
        const path = platform === 'win32' ? win32.join(dir, name + ext) : join(dir, name + ext);
        if (isExecutable(path, platform)) return path;
      }
  return null;
}

/**
 * A version stamp for the cache: the executable's path, size and time.
 * Every update of a browser package rewrites its binary, and asking the
 * binary itself (`--version`) costs a process start, which on Windows
 * does not even print.
 */
export function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${path}:${s.size}:${Math.round(s.mtimeMs)}`;
  } catch {
    return path;
  }
}
