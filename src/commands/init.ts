import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import { writeFileAtomic } from '../workspace/files.js';
import { configText, exampleIssueText, GITIGNORE_TEXT, PREVIEW_WORKFLOW_TEXT } from './initFiles.js';
import { slugify, today } from './newIssue.js';

export interface InitOptions {
  cwd: string;
  /** The folder to set up (made when missing); default: cwd. */
  dir?: string | undefined;
  name?: string | undefined;
  author?: string | undefined;
  url?: string | undefined;
  /** For tests: the example issue's date. */
  date?: string | undefined;
}

export interface InitResult {
  /** The workspace folder, as given or '.'. */
  dir: string;
  /** The files written, relative to the workspace folder. */
  written: string[];
}

/**
 * `newsletter init [DIR]`: a workspace that builds at once: the config, one
 * example issue, assets/, a .gitignore for the output and the preview
 * workflow. Nothing is ever overwritten: when any of those files exists the
 * run writes nothing and names them (exit 73).
 */
export function init(opts: InitOptions): InitResult {
  const root = resolve(opts.cwd, opts.dir ?? '.');
  const name = opts.name?.trim() || titleFromFolder(basename(root));
  if (opts.url !== undefined && !/^https?:\/\/[^\s/]+/i.test(opts.url)) {
    throw new NewsletterError('USAGE', `--url must be an http(s) address, not "${opts.url}"`, { hint: 'e.g. --url https://example.org/letters' });
  }
  const date = opts.date ?? today();
  const values = { name, author: opts.author?.trim() || null, url: opts.url ?? null, date };
  const files: [string, string][] = [
    ['newsletter.config.yaml', configText(values)],
    [`issues/${date}-${slugify(`welcome to ${name}`)}.md`, exampleIssueText(values)],
    ['assets/.gitkeep', ''],
    ['.gitignore', GITIGNORE_TEXT],
    ['.github/workflows/preview.yml', PREVIEW_WORKFLOW_TEXT],
  ];
  // A config of another name counts too: a second config would shadow or be shadowed by the first.
  const taken = [...files.map(([f]) => f), 'newsletter.config.yml'].filter((f) => existsSync(join(root, f)));
  const shown = relative(opts.cwd, root) || '.';
  if (taken.length > 0) {
    throw new NewsletterError('EXISTS', `Not initialising ${shown}: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''}; nothing was written`, {
      hint: 'init never overwrites: move those files away, or run newsletter init NEW-FOLDER',
    });
  }
  for (const [file, text] of files) {
    const abs = join(root, file);
    mkdirSync(resolve(abs, '..'), { recursive: true });
    writeFileAtomic(abs, text, join(shown, file));
  }
  return { dir: shown, written: files.map(([f]) => f) };
}

/** "my-letters" → "My Letters": a name to start from, which the author can change in the config. */
function titleFromFolder(folder: string): string {
  const words = folder
    .replace(/[-_.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return 'My Newsletter';
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}
