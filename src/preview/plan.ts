import { basename, dirname } from 'node:path';
import type { Warning } from '../problems/errors.js';
import type { ArchiveEntry, Issue } from '../parse/types.js';
import { findLeftovers } from '../lint/leftovers.js';
import type { Plan, PlannedIssue as CorePlanned } from '../plan/planIssues.js';
import { openWorkspace, readPlan, type Workspace } from '../workspace/openWorkspace.js';
import type { IssueCache } from '../workspace/issueCache.js';
import { stableJson } from './cache.js';
import { toolStamp } from '../util/toolStamp.js';
import { sha256 } from '../util/sha256.js';

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
 * and templates (`stamp`), the file, its read-more entries, and what the
 * rules compare of its neighbours (the issues it teases or shares a slug or
 * subject with). A change to one issue changes only the keys of the issues
 * whose read-more or comparisons it changes, and planning stays linear.
 */
export function planIssues(src: PreviewSource, paths: string[], extra = '', cache?: IssueCache): { issues: PlannedIssue[]; problems: Warning[] } {
  return previewPlan(src, readPlan(src, paths, { drafts: true }, cache), extra);
}

/**
 * The preview's view of a core plan. With `memo` (dev, from one save to the
 * next), an issue whose file, read-more entries and neighbours' facts are
 * the same as last time keeps its key without hashing anything again.
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

/** Keys of the last plan by file, and what each was made from: an issue whose parts are the same keeps its key without hashing. */
export class KeyMemo {
  private readonly last = new Map<string, { stamp: string; parts: readonly unknown[]; key: string }>();

  key(stamp: string, p: CorePlanned, make: () => string): string {
    // The file's text and parse are compared by identity (the parse cache hands back the same ones); the rest by value.
    const parts = [p.file, p.source, p.issue, p.warnings, ...p.archive.map(entryText), '|', ...neighbourParts(p)];
    const known = this.last.get(p.path);
    if (known && known.stamp === stamp && known.parts.length === parts.length && known.parts.every((x, i) => x === parts[i])) return known.key;
    const key = make();
    this.last.set(p.path, { stamp, parts, key });
    return key;
  }
}

/** The content hash of one planned issue's render and findings (see planIssues). */
export function issueKey(stamp: string, extra: string, p: CorePlanned): string {
  return sha256(stamp, extra, p.file, p.source, stableJson(p.archive), stableJson(p.warnings), ...neighbourParts(p));
}

/**
 * What an issue's findings depend on in its neighbours: the facts the
 * editorial rules compare (file, slug, subject, date). A teaser that shows a
 * leftover (a TODO) is placed by the rule in the teased issue's own lines:
 * then all of each neighbour counts. The render itself sees only the
 * read-more entries, hashed beside these.
 */
function neighbourParts(p: CorePlanned): string[] {
  const facts = p.neighbours.map((o) => `${o.file}\0${o.slug}\0${o.subject ?? o.title}\0${o.date}\0${o.draft}`);
  return p.archive.some(showsLeftover) ? [...facts, ...p.neighbours.map(issueDigest)] : facts;
}

const leftoverShown = new WeakMap<ArchiveEntry, boolean>();

/** Whether a read-more entry shows a leftover (TODO...), which the leftover rule then places in the teased issue. */
export function showsLeftover(e: ArchiveEntry): boolean {
  let shows = leftoverShown.get(e);
  if (shows === undefined) leftoverShown.set(e, (shows = findLeftovers(entryText(e)).length > 0));
  return shows;
}

function entryText(e: ArchiveEntry): string {
  return `${e.slug}\0${e.title}\0${e.date}\0${e.teaser}`;
}

const digests = new WeakMap<Issue, string>();

/** A parsed issue's hash, made once per parsed issue. */
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
