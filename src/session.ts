import { existsSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { NewsletterError, type Warning } from './problems/errors.js';
import { loadConfig } from './workspace/loadConfig.js';
import { loadTemplates } from './render/loadTemplates.js';
import { renderIssue, type RenderedIssue } from './render/renderIssue.js';
import { compileTemplates, type CompiledTemplates } from './render/templates.js';
import type { Config, Issue } from './parse/types.js';
import { readArchive, readIssue, type IssueReader } from './workspace/issueFiles.js';

/** What every command needs once per run: the config and the compiled templates. */
export interface Session {
  cwd: string;
  config: Config;
  templates: CompiledTemplates;
  warnings: Warning[];
}

export function openSession(opts: { cwd: string; config?: string | undefined }): Session {
  const { config, warnings } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const templates = compileTemplates(loadTemplates(config.root));
  return { cwd: opts.cwd, config, templates, warnings };
}

export interface IssueResult {
  path: string;
  issue: Issue;
  rendered: RenderedIssue;
  warnings: Warning[];
}

/** Reads an issue and its archive, then renders it: the IO-then-pure step every command shares. */
export async function renderFile(session: Session, path: string, read: IssueReader = (file) => readIssue(file, session.cwd)): Promise<IssueResult> {
  const { issue, warnings } = read(path);
  const archive = readArchive(path, issue, session.config, session.cwd, read);
  const rendered = await renderIssue(issue, session.config, session.templates, archive.archive);
  return { path, issue, rendered, warnings: [...warnings, ...archive.warnings, ...rendered.warnings] };
}

/** The absolute path of a local image the issue uses, checked to stay inside the workspace. */
export function localImagePath(config: Config, src: string, cwd: string): string {
  const root = realpathSync(config.root);
  const abs = resolve(root, decodeURI(src.split(/[?#]/)[0] ?? src));
  const rel = relative(root, abs);
  if (rel.startsWith('..') || resolve(rel) === rel) {
    throw new NewsletterError('FIELD_FORBIDDEN', `The image ${src} is outside the workspace`, {
      file: relative(cwd, config.file),
      hint: 'Keep images in the assets/ folder',
    });
  }
  if (!existsSync(abs)) {
    throw new NewsletterError('FILE_NOT_FOUND', `The image ${src} does not exist`, {
      file: relative(cwd, join(root, rel)),
      hint: 'Check the path; images are looked up from the folder of newsletter.config.yaml',
    });
  }
  return abs;
}
