import { basename, dirname } from 'node:path';
import type { Warning } from '../problems/errors.js';
import type { Issue } from '../parse/types.js';
import type { PlannedIssue as CorePlanned } from '../plan/planIssues.js';
import { openWorkspace, readPlan, type Workspace } from '../workspace/openWorkspace.js';
import { sha256, stableJson, toolStamp } from './cache.js';

/** The workspace as every issue of a preview sees it, and the hash of the tool, the config and every template. */
export interface PreviewSource extends Workspace {
  stamp: string;
}

export function openPreviewSource(opts: { cwd: string; config?: string | undefined; version: string }): PreviewSource {
  const ws = openWorkspace(opts);
  const stamp = sha256(toolStamp(opts.version), stableJson(ws.config), stableJson([...ws.templateSet.values()].map((t) => [t.name, t.display, t.source])));
  return { ...ws, stamp };
}

/** A planned issue as the preview needs it: its page id, its folder, and the content hash of its render. */
export interface PlannedIssue extends CorePlanned {
  /** The name of its page: the file's name, which stays the same when the slug changes or the file breaks. */
  id: string;
  folder: string;
  /** The other readable issues of its folder, for the editorial rules. */
  others: Issue[];
  /** The content hash of its render; null when it has an error. */
  key: string | null;
}

/**
 * The core plan (every command's), plus what the preview's cache needs. The
 * key hashes what the render and its findings depend on: the tool, config
 * and templates (`stamp`), the file, its read-more entries, and a digest of
 * its folder's editorial facts (slug, subject, date of each issue), made
 * once per folder so planning stays linear in the number of issues.
 */
export function planIssues(src: PreviewSource, paths: string[], extra = ''): { issues: PlannedIssue[]; problems: Warning[] } {
  const plan = readPlan(src, paths, { drafts: true });
  const folderDigest = new Map<readonly Issue[], string>();
  const ids = new Set<string>();
  const issues = plan.issues.map((p): PlannedIssue => {
    const id = uniqueId(basename(p.file).replace(/\.(md|markdown)$/i, ''), ids);
    const folder = dirname(p.path);
    const others = p.folderIssues.filter((o) => o !== p.issue);
    if (p.error || !p.issue) return { ...p, id, folder, others, key: null };
    let digest = folderDigest.get(p.folderIssues);
    if (digest === undefined) {
      digest = sha256(stableJson(p.folderIssues.map((o) => [o.file, o.slug, o.subject ?? o.title, o.date, o.draft])));
      folderDigest.set(p.folderIssues, digest);
    }
    const key = sha256(src.stamp, extra, p.file, p.source, stableJson(p.archive), stableJson(p.warnings), digest);
    return { ...p, id, folder, others, key };
  });
  return { issues, problems: plan.problems };
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
