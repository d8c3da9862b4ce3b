import { dirname, resolve } from 'node:path';
import { NewsletterError, isNewsletterError, type Warning } from '../problems/errors.js';
import { loadConfig } from '../workspace/loadConfig.js';
import { parseIssue, slugFromFile } from '../parse/parseIssue.js';
import { loadTemplates } from '../render/loadTemplates.js';
import { compileTemplates, type CompiledTemplates, type TemplateSet } from '../render/templates.js';
import type { ArchiveEntry, Config, Issue } from '../parse/types.js';
import { readTextFile } from '../workspace/files.js';
import { brokenNeighbourWarning, displayPath, listIssueFiles, selectArchive } from '../workspace/issueFiles.js';
import { sha256, stableJson, toolStamp } from './cache.js';

/** The workspace as every issue of a preview sees it: config, templates, and their hash. */
export interface PreviewSource {
  cwd: string;
  config: Config;
  warnings: Warning[];
  templateSet: TemplateSet;
  /** Compiled once here so that a broken template fails before any issue renders. */
  templates: CompiledTemplates;
  /** Hash of the tool, the config and every template. */
  stamp: string;
}

export function openPreviewSource(opts: { cwd: string; config?: string | undefined; version: string }): PreviewSource {
  const { config, warnings } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const templateSet = loadTemplates(config.root);
  const templates = compileTemplates(templateSet);
  const stamp = sha256(toolStamp(opts.version), stableJson(config), stableJson([...templateSet.values()].map((t) => [t.name, t.display, t.source])));
  return { cwd: opts.cwd, config, warnings, templateSet, templates, stamp };
}

/** One issue file, read and parsed, with what it needs to render and the key of that render. */
export interface PlannedIssue {
  path: string;
  /** The path as the user would type it. */
  file: string;
  /** The name of its page: the file's name, which stays the same when the slug changes or the file breaks. */
  id: string;
  issue: Issue | null;
  /** Warnings of parsing it and of its read-more neighbours. */
  warnings: Warning[];
  archive: ArchiveEntry[];
  /** Its folder, and the other (readable) issues in it. */
  folder: string;
  others: Issue[];
  /** Why it can't be rendered: it can't be read or parsed, or its slug is taken. */
  error: NewsletterError | null;
  /** The content hash of its render; null when it has an error. */
  key: string | null;
}

interface Parsed {
  source: string;
  issue: Issue | null;
  warnings: Warning[];
  error: NewsletterError | null;
}

/**
 * Reads and parses each issue once, then gives each its read-more archive
 * from its folder's other issues (the same selection `build` makes), flags
 * slugs used twice, and hashes what each render depends on. `extra` goes
 * into every key (what else the run's pages depend on). A broken neighbour
 * that is itself planned shows as its own error; only one outside the plan
 * costs its neighbours a "read more" warning (as in `newsletter check`).
 */
export function planIssues(src: PreviewSource, paths: string[], extra = ''): PlannedIssue[] {
  const parsed = new Map<string, Parsed>();
  const parse = (path: string): Parsed => {
    const abs = resolve(path);
    let p = parsed.get(abs);
    if (!p) {
      const file = displayPath(abs, src.cwd);
      try {
        const source = readTextFile(abs, file);
        const { issue, warnings } = parseIssue(source, file);
        p = { source, issue, warnings, error: null };
      } catch (e) {
        if (!isNewsletterError(e)) throw e;
        p = { source: '', issue: null, warnings: [], error: e };
      }
      parsed.set(abs, p);
    }
    return p;
  };
  const folders = new Map<string, string[]>();
  const siblingsOf = (path: string): string[] => {
    const dir = dirname(resolve(path));
    let files = folders.get(dir);
    if (!files) folders.set(dir, (files = listIssueFiles(dir).map((f) => resolve(f))));
    return files;
  };

  const planned = new Set(paths.map((p) => resolve(p)));
  const bySlug = new Map<string, string>();
  const ids = new Set<string>();
  return paths.map((path): PlannedIssue => {
    const abs = resolve(path);
    const file = displayPath(abs, src.cwd);
    const p = parse(abs);
    const id = uniqueId(slugFromFile(file), ids);
    const folder = dirname(abs);
    if (!p.issue) return { path: abs, file, id, issue: null, warnings: [], archive: [], folder, others: [], error: p.error, key: null };

    const other = bySlug.get(p.issue.slug);
    if (other) {
      const error = new NewsletterError('SLUG_DUPLICATE', `The slug "${p.issue.slug}" is also the slug of ${other}: their outputs would overwrite each other`, {
        file,
        line: p.issue.lines.get('slug'),
        hint: 'Give one of them its own slug: line in the frontmatter',
      });
      return { path: abs, file, id, issue: p.issue, warnings: p.warnings, archive: [], folder, others: [], error, key: null };
    }
    bySlug.set(p.issue.slug, file);

    const others: Issue[] = [];
    const broken: string[] = [];
    const warnings = [...p.warnings];
    for (const sibling of siblingsOf(abs)) {
      if (sibling === abs) continue;
      const s = parse(sibling);
      if (s.issue) others.push(s.issue);
      else if (s.error) {
        broken.push(sibling);
        if (!planned.has(sibling)) warnings.push(brokenNeighbourWarning(sibling, s.error));
      }
    }
    const archive = selectArchive(p.issue, others, src.config);
    // The editorial rules compare the file, slug, subject and date of the others.
    const neighbours = others.map((o) => [o.file, o.slug, o.subject ?? o.title, o.date]);
    const key = sha256(src.stamp, extra, file, p.source, stableJson(archive), stableJson(broken), stableJson(warnings), stableJson(neighbours));
    return { path: abs, file, id, issue: p.issue, warnings, archive, folder, others, error: null, key };
  });
}

function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
