import { basename, dirname } from 'node:path';
import type { Warning } from '../problems/errors.js';
import type { Issue } from '../parse/types.js';
import type { Plan, PlannedIssue as CorePlanned } from '../plan/planIssues.js';
import { openWorkspace, readPlan, type Workspace } from '../workspace/openWorkspace.js';
import type { IssueCache } from '../workspace/issueCache.js';
import { sha256, stableJson, toolStamp } from './cache.js';

/** The workspace as every issue of a preview sees it, and the hash of the tool, the config and every template. */
export interface PreviewSource extends Workspace {
  stamp: string;
  /** The hash of the tool alone (what a parse depends on). */
  tool: string;
}

export function openPreviewSource(opts: { cwd: string; config?: string | undefined; version: string }): PreviewSource {
  const ws = openWorkspace(opts);
  const tool = toolStamp(opts.version);
  const stamp = sha256(tool, stableJson(ws.config), stableJson([...ws.templateSet.values()].map((t) => [t.name, t.display, t.source])));
  return { ...ws, stamp, tool };
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
 * and templates (`stamp`), the file, its read-more entries, and its
 * neighbours (the issues it teases or shares a slug or subject with: all
 * the rules see of the folder). A change to one issue changes only the keys
 * of the issues that show it or compare with it, and planning stays linear.
 */
export function planIssues(src: PreviewSource, paths: string[], extra = '', cache?: IssueCache): { issues: PlannedIssue[]; problems: Warning[] } {
  return previewPlan(src, readPlan(src, paths, { drafts: true }, cache), extra);
}

/**
 * The preview's view of a core plan. With `memo` (dev, from one save to the
 * next), an issue whose file, read-more entries and neighbours are the same
 * objects as last time keeps its key without hashing anything again.
 */
export function previewPlan(src: PreviewSource, plan: Plan, extra = '', memo?: KeyMemo): { issues: PlannedIssue[]; problems: Warning[] } {
  const ids = new Set<string>();
  const issues = plan.issues.map((p): PlannedIssue => {
    const id = uniqueId(basename(p.file).replace(/\.(md|markdown)$/i, ''), ids);
    const folder = dirname(p.path);
    const others = p.neighbours;
    if (p.error || !p.issue) return { ...p, id, folder, others, key: null };
    return { ...p, id, folder, others, key: memo ? memo.key(src.stamp + extra, p, () => issueKey(src.stamp, extra, p)) : issueKey(src.stamp, extra, p) };
  });
  return { issues, problems: plan.problems };
}

/** Keys of the last plan by file, and what each was made from (compared by identity: the parse cache hands back the same objects). */
export class KeyMemo {
  private readonly last = new Map<string, { stamp: string; parts: readonly unknown[]; key: string }>();

  key(stamp: string, p: CorePlanned, make: () => string): string {
    const parts = [p.file, p.source, p.issue, p.warnings, ...p.archive, '|', ...p.neighbours];
    const known = this.last.get(p.path);
    if (known && known.stamp === stamp && known.parts.length === parts.length && known.parts.every((x, i) => x === parts[i])) return known.key;
    const key = make();
    this.last.set(p.path, { stamp, parts, key });
    return key;
  }
}

/** The content hash of one planned issue's render and findings (see planIssues). */
export function issueKey(stamp: string, extra: string, p: CorePlanned): string {
  return sha256(stamp, extra, p.file, p.source, stableJson(p.archive), stableJson(p.warnings), ...p.neighbours.map(issueDigest));
}

const digests = new WeakMap<Issue, string>();

/** A parsed issue's hash, made once per parsed issue: the few newest of a folder are everyone's neighbours. */
function issueDigest(issue: Issue): string {
  let d = digests.get(issue);
  if (d === undefined) digests.set(issue, (d = sha256(stableJson(issue))));
  return d;
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
