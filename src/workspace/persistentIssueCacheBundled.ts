import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeCacheDirs, pruneCaches, trustedCacheDir } from '../util/codeCache.js';
import { sha256 } from '../util/sha256.js';
import { toolStamp } from '../util/toolStamp.js';
import { VERSION } from '../version.js';
import { readIssueCache } from './issueCacheFile.js';
import type { SavedIssueCache } from './persistentIssueCache.js';

/** Workspaces whose parsed issues are kept, the most recently used first. */
const KEEP = 20;
const PREFIX = 'issues-';

/**
 * The bundled CLI's parse cache (scripts/bundle.mjs puts this module in
 * place of persistentIssueCache.ts): one JSON file per workspace in the
 * code cache's folder, node_modules/.cache/newsletter (or the user's own
 * temp folder), which only this user can write to. Planning parses every
 * issue's frontmatter, for the teasers and the rules that compare issues:
 * with 1,000 issues, building one took 1.65 s, most of it YAML.
 */
export function persistentIssueCache(root: string): SavedIssueCache | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = trustedCacheDir(codeCacheDirs(dirname(here)));
  if (!dir) return null;
  const file = join(dir, `${PREFIX}${sha256(root).slice(0, 20)}.json`);
  const cache = readIssueCache(file, toolStamp(VERSION));
  return {
    get: (path, shown, source) => cache.get(path, shown, source),
    set: (path, shown, source, parsed) => cache.set(path, shown, source, parsed),
    save() {
      try {
        cache.save(file);
        pruneCaches(dir, PREFIX, KEEP);
      } catch {
        // A cache that can't be written only costs the time it would have saved.
      }
    },
  };
}
