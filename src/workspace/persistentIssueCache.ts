import type { IssueCache } from './issueCache.js';

export type SavedIssueCache = IssueCache & { save(): void };

/**
 * The parse cache that `build`, `check`, `send`, `publish` and `site` keep
 * between runs. Running from source (the tests) there is none: a cache
 * there would outlive a change to the parser. The bundle puts
 * persistentIssueCacheBundled.ts in this module's place (scripts/bundle.mjs),
 * where every change to the code renames a file and so renews the cache.
 */
export function persistentIssueCache(root: string): SavedIssueCache | null {
  void root;
  return null;
}
