import { existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stringify } from 'yaml';
import { NewsletterError } from '../problems/errors.js';
import { parseFrontmatter } from '../parse/frontmatter.js';
import type { Issue } from '../parse/types.js';
import { writeFileAtomic } from '../workspace/files.js';
import { readIssueFile, workspaceIssuePaths } from '../workspace/issueFiles.js';
import { loadConfig } from '../workspace/loadConfig.js';
import type { WorkspaceReader } from '../workspace/reader.js';

export interface NewIssueOptions {
  cwd: string;
  config?: string | undefined;
  title?: string | undefined;
  /** YYYY-MM-DD; default: today, in the machine's time zone. */
  date?: string | undefined;
}

export interface NewIssueResult {
  /** Absolute path of the file written. */
  path: string;
  /** The path as the author would type it. */
  file: string;
  /** The issue it took recurring blocks from, if any. */
  previous: string | null;
}

/** Frontmatter keys that usually recur from one issue to the next: copied from the previous issue as they are. */
const RECURRING = ['sponsor', 'sponsors', 'promos'] as const;

/**
 * `newsletter new [TITLE]`: writes issues/<date>-<slug>.md with the
 * frontmatter an author fills every week, marked as a draft. What recurs
 * (sponsor, promos) and the shape of the previous issue (chapters,
 * resources, "#N" numbering) is taken from the newest issue. Never
 * overwrites (exit 73).
 */
export function newIssue(opts: NewIssueOptions): NewIssueResult {
  const { config, reader } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const date = opts.date ?? today();
  checkDate(date);
  const prev = previousIssue(reader);
  const title = opts.title?.trim() || nextTitle(prev?.issue ?? null);
  const slug = slugify(opts.title?.trim() || 'new-issue');
  const path = join(config.root, 'issues', `${date}-${slug}.md`);
  const file = relative(opts.cwd, path) || path;
  if (existsSync(path)) {
    throw new NewsletterError('EXISTS', `${file} already exists; nothing was written`, {
      file,
      hint: 'Give another title, or another --date',
    });
  }
  mkdirSync(join(config.root, 'issues'), { recursive: true });
  writeFileAtomic(path, issueText(title, date, prev), file);
  return { path, file, previous: prev ? relative(opts.cwd, prev.path) || prev.path : null };
}

export interface Previous {
  path: string;
  issue: Issue;
  data: Record<string, unknown>;
}

/** The newest readable issue of the workspace (by date, then file name), with its frontmatter as data. */
function previousIssue(reader: WorkspaceReader): Previous | null {
  let best: Previous | null = null;
  for (const p of workspaceIssuePaths(reader)) {
    const f = readIssueFile(reader, p);
    if (!f.issue) continue;
    if (best && (f.issue.date < best.issue.date || (f.issue.date === best.issue.date && p < best.path))) continue;
    best = { path: p, issue: f.issue, data: parseFrontmatter(f.source, f.file).data };
  }
  return best;
}

/** "#12: Old title" before → "#13: TODO title"; otherwise a TODO the leftover rule reports until it is replaced. */
export function nextTitle(prev: Issue | null): string {
  const m = prev ? /^(.*?#)(\d+)\b/.exec(prev.title) : null;
  return m ? `${m[1]}${Number(m[2]) + 1}: TODO title` : 'TODO title';
}

export function issueText(title: string, date: string, prev: Previous | null): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}`,
    '# The inbox shows the subject (default: the title), then this line:',
    'preheader: TODO one sentence that makes them open it',
    '# Remove this line when the issue is ready to send.',
    'draft: true',
  ];
  if (prev && prev.issue.chapters.length > 0) lines.push('chapters:', '  - time: "00:00"', '    title: TODO first chapter');
  if (prev && prev.issue.resources.length > 0) lines.push('resources:', '  - label: TODO link text', '    url: https://example.com/TODO');
  const recurring: Record<string, unknown> = {};
  for (const key of RECURRING) if (prev?.data[key] !== undefined) recurring[key] = prev.data[key];
  if (Object.keys(recurring).length > 0) {
    lines.push(`# From ${prev!.issue.file}: keep, change or remove.`, stringify(recurring).trimEnd());
  }
  lines.push('---', '', 'TODO write the letter here, in markdown.', '');
  return lines.join('\n');
}

/** "Ça va? Naming, again!" → "ca-va-naming-again": ASCII, lowercase, at most 60 characters. */
export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return s || 'issue';
}

/** Today in the machine's time zone, as YYYY-MM-DD: the date the author sees on their calendar. */
export function today(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function checkDate(date: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !t || t.getUTCMonth() !== Number(m[2]) - 1 || t.getUTCDate() !== Number(m[3])) {
    throw new NewsletterError('USAGE', `--date must be a real date as YYYY-MM-DD, not "${date}"`, { hint: 'e.g. --date 2026-01-07' });
  }
}
