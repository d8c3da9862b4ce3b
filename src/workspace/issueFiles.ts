import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NewsletterError, isNewsletterError } from '../problems/errors.js';
import { parseIssue } from '../parse/parseIssue.js';
import type { IssueFile } from '../plan/planIssues.js';
import type { IssueCache } from './issueCache.js';
import type { WorkspaceReader } from './reader.js';

export type { IssueFile } from '../plan/planIssues.js';

/** Reads (through the guarded reader) and parses one issue file; with a cache, only when its text is not the one parsed before. */
export function readIssueFile(reader: WorkspaceReader, path: string, cache?: IssueCache): IssueFile {
  const abs = resolve(path);
  const file = reader.display(abs);
  let source = '';
  try {
    source = reader.readText(abs, 'issue');
    let parsed = cache?.get(abs, file, source);
    if (!parsed) {
      parsed = parseIssue(source, file);
      cache?.set(abs, file, source, parsed);
    }
    const { issue, warnings } = parsed;
    return { path: abs, file, source, issue, warnings, error: null };
  } catch (e) {
    if (!isNewsletterError(e)) throw e;
    return { path: abs, file, source, issue: null, warnings: [], error: e };
  }
}

/** Every issue file of the workspace: issues/ and its subfolders. */
export function workspaceIssuePaths(reader: WorkspaceReader): string[] {
  return reader.listIssueFiles(join(reader.root, 'issues'));
}

/**
 * Turns the command line's FILE... | DIR | --all into issue paths. `--all`
 * (or no argument, where `allByDefault`) is the workspace's issues/ folder;
 * a folder means the issue files in it and its subfolders. A path that is
 * not there is a mistake on the command line: it fails the run (exit 66).
 */
export function selectIssuePaths(
  reader: WorkspaceReader,
  args: string[],
  opts: { cwd: string; all?: boolean | undefined; allByDefault?: boolean | undefined },
): string[] {
  if (opts.all || args.length === 0) {
    if (!opts.all && !opts.allByDefault) {
      throw new NewsletterError('USAGE', 'Which issue? Give a file, a folder, or --all', { hint: 'e.g. newsletter build issues/2024-12-18-product.md' });
    }
    const files = workspaceIssuePaths(reader);
    if (files.length === 0)
      throw new NewsletterError('NO_ISSUES', `No issue files in ${reader.display(join(reader.root, 'issues'))}`, {
        hint: 'Issues are .md files in the issues/ folder next to newsletter.config.yaml ("newsletter new" makes one)',
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
      throw new NewsletterError('FILE_NOT_FOUND', `${arg} does not exist`, { file: arg, hint: 'Check the path; issues usually live in issues/' });
    }
    if (isDir) {
      const files = reader.listIssueFiles(p);
      if (files.length === 0) throw new NewsletterError('NO_ISSUES', `No issue files (.md) in ${arg}`, { file: arg });
      out.push(...files);
    } else {
      out.push(p);
    }
  }
  return [...new Set(out)];
}
