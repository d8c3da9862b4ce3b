import { join, resolve } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import type { FetchOptions } from '../podcast/fetchFeed.js';
import { parseChaptersFile, type ChaptersFormat } from '../podcast/parseChaptersFile.js';
import { readSource } from '../podcast/readSource.js';
import { replaceChapters } from '../podcast/replaceChapters.js';
import { writeFileAtomic } from '../workspace/files.js';
import { workspaceIssuePaths } from '../workspace/issueFiles.js';
import type { WorkspaceReader } from '../workspace/reader.js';
import { loadConfig } from '../workspace/loadConfig.js';

export interface ChaptersImportOptions {
  cwd: string;
  /** A chapters file or URL: JSON chapters, Podlove Simple Chapters, or lines of text. */
  source: string;
  /** The issue to change; the newest file in issues/ (drafts included) when absent. */
  issue?: string | undefined;
  config?: string | undefined;
  fetch?: FetchOptions | undefined;
}

export interface ChaptersImportResult {
  file: string;
  chapters: number;
  format: ChaptersFormat;
}

/**
 * `newsletter chapters import FILE|URL [ISSUE]`: fills or refreshes the
 * issue's `chapters:` and nothing else; the rest of the file is kept byte
 * for byte. The file is replaced atomically.
 */
export async function chaptersImport(opts: ChaptersImportOptions): Promise<ChaptersImportResult> {
  const { reader } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const issuePath = opts.issue ? resolve(opts.cwd, opts.issue) : newestIssue(reader);
  const display = reader.display(issuePath);
  // Through the guarded reader: the issue to rewrite must be a real file inside the workspace.
  const original = reader.readText(issuePath, 'issue');
  const src = await readSource(opts.source, 'chapters file', { cwd: opts.cwd, fetch: opts.fetch });
  const { chapters, format } = parseChaptersFile(src.text, src.display);
  if (chapters.length === 0) {
    throw new NewsletterError('FEED_INVALID', 'The chapters file lists no chapters to import', {
      file: src.display,
      hint: 'Chapters with "toc": false or without a title are left out',
    });
  }
  const updated = replaceChapters(original, chapters, display);
  if (updated !== original) writeFileAtomic(issuePath, updated, display);
  return { file: display, chapters: chapters.length, format };
}

function newestIssue(reader: WorkspaceReader): string {
  const files = workspaceIssuePaths(reader);
  const newest = files[files.length - 1];
  if (!newest) {
    throw new NewsletterError('NO_ISSUES', `No issue files in ${reader.display(join(reader.root, 'issues'))}`, {
      hint: 'Name the issue to import into: newsletter chapters import FILE issues/x.md',
    });
  }
  return newest;
}
