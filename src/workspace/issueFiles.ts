import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { NewsletterError, isNewsletterError, type Warning } from '../problems/errors.js';
import { parseIssue } from '../parse/parseIssue.js';
import { markdownToText } from '../render/markdown.js';
import { excerpt } from '../render/text.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import { readTextFile } from './files.js';

/** How an issue file is read: readIssue, or a memo of it when one run renders a whole folder. */
export type IssueReader = (path: string) => { issue: Issue; warnings: Warning[] };

/**
 * readIssue once per file for the life of the returned reader: building a
 * folder renders each issue and reads all its neighbours for "read more",
 * which would otherwise parse every file once per issue. Errors are kept too.
 */
export function memoIssueReader(cwd: string): IssueReader {
  const seen = new Map<string, { issue: Issue; warnings: Warning[] } | NewsletterError>();
  return (path) => {
    const key = resolve(path);
    let r = seen.get(key);
    if (!r) {
      try {
        r = readIssue(path, cwd);
      } catch (e) {
        if (!isNewsletterError(e)) throw e;
        r = e;
      }
      seen.set(key, r);
    }
    if (r instanceof NewsletterError) throw r;
    return r;
  };
}

/** Reads and parses one issue file (IO at the edge, then the pure parser). */
export function readIssue(path: string, cwd: string): { issue: Issue; warnings: Warning[] } {
  const display = displayPath(path, cwd);
  return parseIssue(readTextFile(path, display), display);
}

export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export function isIssueFile(name: string): boolean {
  return /\.(md|markdown)$/i.test(name) && !name.startsWith('.') && !/^readme\./i.test(name);
}

export function listIssueFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isIssueFile(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/**
 * Turns the command line's FILE... | DIR | --all into issue paths. `--all`
 * is the workspace's issues/ folder; a folder means the issue files in it.
 */
export function resolveIssueArgs(args: string[], opts: { all?: boolean | undefined; cwd: string; config: Config }): string[] {
  if (opts.all || args.length === 0) {
    if (!opts.all) {
      throw new NewsletterError('USAGE', 'Which issue? Give a file, a folder, or --all', { hint: 'e.g. newsletter build issues/2024-12-18-product.md' });
    }
    const files = listIssueFiles(join(opts.config.root, 'issues'));
    if (files.length === 0)
      throw new NewsletterError('NO_ISSUES', `No issue files in ${displayPath(join(opts.config.root, 'issues'), opts.cwd)}`, {
        hint: 'Issues are .md files in the issues/ folder next to newsletter.config.yaml',
      });
    return files;
  }
  const out: string[] = [];
  for (const arg of args) {
    const p = resolve(opts.cwd, arg);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Missing files are reported by the reader, with its message.
    }
    if (isDir) {
      const files = listIssueFiles(p);
      if (files.length === 0) throw new NewsletterError('NO_ISSUES', `No issue files (.md) in ${arg}`, { file: arg });
      out.push(...files);
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}

/**
 * The read-more archive of an issue: the other issue files of its folder,
 * drafts left out, newest first. A broken neighbour is skipped with a
 * warning: it must not stop this issue from building.
 */
export function readArchive(
  issuePath: string,
  issue: Issue,
  config: Config,
  cwd: string,
  read: IssueReader = (file) => readIssue(file, cwd),
): { archive: ArchiveEntry[]; warnings: Warning[]; all: Issue[] } {
  const warnings: Warning[] = [];
  const all: Issue[] = [];
  const self = resolve(issuePath);
  for (const file of listIssueFiles(dirname(self))) {
    if (resolve(file) === self) continue;
    try {
      all.push(read(file).issue);
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      warnings.push(brokenNeighbourWarning(file, e));
    }
  }
  return { archive: selectArchive(issue, all, config), warnings, all };
}

/** The read-more entries of `issue` among the already parsed `others` of its folder (pure). */
export function selectArchive(issue: Issue, others: Issue[], config: Config): ArchiveEntry[] {
  return others
    .filter((o) => !o.draft && o.slug !== issue.slug)
    .sort((a, b) => b.date.localeCompare(a.date) || a.slug.localeCompare(b.slug))
    .slice(0, config.read_more.count)
    .map((o) => toArchiveEntry(o));
}

/** The warning an issue gets when a neighbour of its folder can't be read for "read more". */
export function brokenNeighbourWarning(file: string, e: NewsletterError): Warning {
  return { rule: 'archive', message: `Left out of "read more": ${basename(file)} has an error (${e.message})`, file: e.file, line: e.line };
}

const archiveEntries = new WeakMap<Issue, ArchiveEntry>();

/** An issue as others tease it; made once per parsed issue, as every neighbour of a folder asks for it. */
export function toArchiveEntry(issue: Issue): ArchiveEntry {
  const known = archiveEntries.get(issue);
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
  archiveEntries.set(issue, entry);
  return entry;
}
