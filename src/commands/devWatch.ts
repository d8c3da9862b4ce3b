import { watch, type FSWatcher } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isIssueFile } from '../workspace/reader.js';

/**
 * Watches what the previews are made of: the config in the workspace root,
 * issues/, templates/ and assets/ with their subfolders (each watched again
 * when it is created or replaced), and the issue given if it lives elsewhere. Editors' swap and
 * backup files are ignored.
 */
export function watchWorkspace(root: string, configName: string | null, extra: string | null, onChange: (file: string) => void): { close(): void } {
  const dirs = new Map<string, FSWatcher>();
  const relevant: Record<string, (name: string) => boolean> = {
    issues: (n) => isIssueFile(n),
    templates: (n) => n.endsWith('.hbs') && !n.startsWith('.'),
    assets: (n) => !n.startsWith('.') && !n.endsWith('~') && !/\.(swp|swx|tmp)$/i.test(n),
  };
  const watchDir = (name: string): void => {
    dirs.get(name)?.close();
    dirs.delete(name);
    const dir = join(root, name);
    try {
      // Recursive: issues/2025/x.md and assets/2025/x.png are read as well as the top level.
      const w = watch(dir, { recursive: true }, (_event, file) => {
        const rel = file?.toString();
        if (rel && relevant[name]!(basename(rel))) onChange(join(dir, rel));
      });
      w.on('error', () => dirs.delete(name));
      dirs.set(name, w);
    } catch {
      // Not there (yet): the root watcher sees it appear.
    }
  };
  const watchers: FSWatcher[] = [];
  const rootWatcher = watch(root, (_event, file) => {
    const name = file?.toString() ?? '';
    if (name in relevant) {
      watchDir(name);
      onChange(join(root, name));
    } else if (configName ? name === configName : /^newsletter\.config\.ya?ml$/.test(name)) {
      onChange(join(root, name));
    }
  });
  watchers.push(rootWatcher);
  for (const name of Object.keys(relevant)) watchDir(name);
  if (extra && resolve(extra, '..') !== join(root, 'issues')) {
    const dir = resolve(extra, '..');
    watchers.push(
      watch(dir, (_event, file) => {
        if (file?.toString() === basename(extra) || (file && isIssueFile(file.toString()))) onChange(join(dir, file!.toString()));
      }),
    );
  }
  return {
    close() {
      for (const w of [...watchers, ...dirs.values()]) w.close();
    },
  };
}
