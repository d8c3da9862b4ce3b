import { markdownToText } from '../render/markdown.js';
import { excerpt } from '../render/text.js';
import { compareText } from '../util/compareText.js';
import type { ArchiveEntry, Issue } from '../parse/types.js';

const entries = new WeakMap<Issue, ArchiveEntry>();

/** An issue as others tease it: made once per parsed issue, since every neighbour of a folder asks for it. */
export function toArchiveEntry(issue: Issue): ArchiveEntry {
  const known = entries.get(issue);
  if (known) return known;
  let teaser = issue.teaser;
  if (!teaser) {
    try {
      teaser = markdownToText(issue.body, { file: issue.file, line: issue.bodyLine }, { urls: false });
    } catch {
      teaser = '';
    }
  }
  const entry = { slug: issue.slug, title: issue.title, date: issue.date, teaser: excerpt(teaser, 260) };
  entries.set(issue, entry);
  return entry;
}

/** Newest first; the slug breaks ties so the order never depends on the file system. */
export function byDateDesc(a: Issue, b: Issue): number {
  return compareText(b.date, a.date) || compareText(a.slug, b.slug);
}

/**
 * The read-more entries of `issue`: the first `count` of its folder's
 * published issues (already sorted newest first), itself left out. Costs
 * O(count), so planning a folder of N issues is linear in N.
 */
export function selectArchive(issue: Issue, publishedNewestFirst: readonly Issue[], count: number): ArchiveEntry[] {
  return selectTeased(issue, publishedNewestFirst, count).map(toArchiveEntry);
}

/** The issues behind `selectArchive`'s entries: the ones whose words the issue shows. */
export function selectTeased(issue: Issue, publishedNewestFirst: readonly Issue[], count: number): Issue[] {
  const out: Issue[] = [];
  for (const o of publishedNewestFirst) {
    if (out.length >= count) break;
    if (o === issue || o.slug === issue.slug) continue;
    out.push(o);
  }
  return out;
}
