import type { Issue } from '../parse/types.js';
import { normalise } from '../util/normalise.js';

/**
 * A folder's issues indexed by what the editorial rules compare (slug,
 * subject), built once per folder so that each issue finds the few
 * neighbours that matter to it without scanning the folder.
 */
export interface FolderIndex {
  /** Every readable issue of the folder, in the order planning met them. */
  all: readonly Issue[];
  bySlug: Map<string, Issue[]>;
  bySubject: Map<string, Issue[]>;
  order: Map<Issue, number>;
}

/** The subject as the editorial rules compare it (what the email's subject line is made from). */
export function subjectKey(issue: Issue): string {
  return normalise(issue.subject ?? issue.title);
}

export function indexFolder(all: readonly Issue[]): FolderIndex {
  const index: FolderIndex = { all, bySlug: new Map(), bySubject: new Map(), order: new Map() };
  all.forEach((issue, i) => {
    index.order.set(issue, i);
    push(index.bySlug, issue.slug, issue);
    push(index.bySubject, subjectKey(issue), issue);
  });
  return index;
}

/**
 * The other issues of its folder that an issue's render and lint can see:
 * those with its slug or its subject (slug-duplicate, subject-reused) and
 * those it teases in "read more" (whose words it shows: leftover places a
 * TODO of a teaser there). Bounded by read_more.count plus the twins, so
 * an issue's cache key need not depend on the whole folder. In folder order,
 * as the rules' messages list them.
 */
export function neighboursOf(issue: Issue, index: FolderIndex, teased: readonly Issue[]): Issue[] {
  const found = new Set<Issue>([...(index.bySlug.get(issue.slug) ?? []), ...(index.bySubject.get(subjectKey(issue)) ?? []), ...teased]);
  found.delete(issue);
  return [...found].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
}

function push(map: Map<string, Issue[]>, key: string, issue: Issue): void {
  const list = map.get(key);
  if (list) list.push(issue);
  else map.set(key, [issue]);
}
