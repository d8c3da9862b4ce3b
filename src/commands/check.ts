import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { blockName, makeFinding, ruleMeta, runRules } from '../lint/rules.js';
import { SIZE_WARN_BYTES } from '../lint/limits.js';
import { locate } from '../lint/locate.js';
import { checkUrls, describeStatus } from '../lint/online.js';
import type { CheckedIssue } from '../problems/printers.js';
import type { Finding, RuleInput, TemplateOverride } from '../lint/types.js';
import { NewsletterError, isNewsletterError, type Warning } from '../problems/errors.js';
import { defaultTemplatesDir, loadTemplates } from '../render/loadTemplates.js';
import { renderIssue, type RenderedIssue } from '../render/renderIssue.js';
import { compileTemplates, type CompiledTemplates, type TemplateSet } from '../render/templates.js';
import { issueUrl } from '../render/viewModel.js';
import { localImagePath, openSession } from '../session.js';
import type { Config, Issue } from '../parse/types.js';
import { displayPath, listIssueFiles, readIssue, resolveIssueArgs, selectArchive } from '../workspace/issueFiles.js';

export interface CheckOptions {
  cwd: string;
  files: string[];
  all?: boolean | undefined;
  config?: string | undefined;
  /** Also fetch every http(s) link and image. */
  online?: boolean | undefined;
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
  /** With online: fetch loopback, private and link-local addresses too. */
  allowPrivate?: boolean | undefined;
  /** Check drafts too (the default: a draft is what an author checks before sending). */
  drafts?: boolean | undefined;
}

export interface CheckReport {
  issues: CheckedIssue[];
  findings: Finding[];
}

/** Rule ids whose config-time warnings the rules report again, with more context, from the rendered email. */
const RECHECKED = new Set(['postal-address', 'unsubscribe', 'link-not-https']);

/**
 * Renders each issue (writing nothing) and runs every rule over it. An
 * issue that can't be read or rendered is a finding too, so one broken file
 * does not hide the problems of the others.
 */
export async function check(opts: CheckOptions): Promise<CheckReport> {
  const session = openSession(opts);
  const { config } = session;
  const settings = config.check.rules;
  const findings: Finding[] = [];
  const push = (f: Finding | null): void => void (f && findings.push(f));

  for (const w of session.warnings) if (!RECHECKED.has(w.rule)) push(fromWarning(w, settings));
  for (const id of Object.keys(settings)) {
    if (ruleMeta(id)) continue;
    push(
      makeFinding(
        'unknown-rule',
        {
          file: config.file,
          line: config.lines.get(`check.rules.${id}`),
          message: `check.rules names "${id}", which is not a rule of newsletter check, so it does nothing. Fix the spelling (docs/check.md lists every rule).`,
        },
        settings,
      ),
    );
  }

  const paths = resolveIssueArgs(opts.files, { all: opts.all || opts.files.length === 0, cwd: opts.cwd, config });
  const selected = new Set(paths.map((p) => resolve(p)));
  const templates = readOverrides(config, opts.cwd);
  const folders = new Map<string, Map<string, { issue: Issue; warnings: Warning[] } | NewsletterError>>();
  const issues: CheckedIssue[] = [];
  const online: { url: string; kind: 'link' | 'image'; input: RuleInput }[] = [];

  for (const path of paths) {
    const file = displayPath(path, opts.cwd);
    const folder = readFolder(folders, dirname(resolve(path)), opts.cwd);
    const parsed = folder.get(resolve(path)) ?? readOne(path, opts.cwd);
    // A path that is not there is a mistake on the command line, not a problem of an issue: exit 66 as build does.
    if (parsed instanceof NewsletterError && (parsed.code === 'FILE_NOT_FOUND' || parsed.code === 'FILE_NOT_REGULAR')) throw parsed;
    if (parsed instanceof NewsletterError) {
      issues.push({ file, slug: null, draft: false });
      findings.push(...errorFindings(parsed, file));
      continue;
    }
    const { issue } = parsed;
    if (issue.draft && opts.drafts === false) continue;
    issues.push({ file, slug: issue.slug, draft: issue.draft });
    for (const w of parsed.warnings) if (!RECHECKED.has(w.rule)) push(fromWarning(w, settings));

    const others = [...folder.entries()]
      .filter(([p, v]) => p !== resolve(path) && !(v instanceof NewsletterError))
      .map(([, v]) => (v as { issue: Issue }).issue);
    for (const [p, v] of folder) {
      // A broken neighbour that is checked itself is reported as its own error; one that is not still costs this issue its "read more" entry.
      if (v instanceof NewsletterError && p !== resolve(path) && !selected.has(p)) {
        push(
          makeFinding(
            'archive',
            {
              file: v.file ?? displayPath(p, opts.cwd),
              line: v.line,
              message: `This issue has an error (${v.message}), so the other issues leave it out of "read more". Fix it, or move it out of the folder.`,
            },
            settings,
          ),
        );
      }
    }
    const archive = selectArchive(issue, others, config);
    let rendered: RenderedIssue;
    try {
      rendered = await renderIssue(issue, config, session.templates, archive, { refuseClipped: false });
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      findings.push(...errorFindings(e, file));
      continue;
    }
    const input: RuleInput = {
      issue,
      config,
      rendered,
      configFile: config.file,
      overrides: templates.overrides,
      others,
      imageExists: (src) => {
        try {
          localImagePath(config, src, opts.cwd);
          return true;
        } catch {
          return false;
        }
      },
    };
    if (rendered.bytes > SIZE_WARN_BYTES) input.blockBytes = await measureBlocks(rendered.mjml);
    if (templates.baseline && settings['client-support'] !== 'off') {
      const { unsupportedFeatures } = await import('../lint/clientSupport.js');
      const base = await renderIssue(issue, config, templates.baseline, archive, { refuseClipped: false }).catch(() => null);
      if (base) input.clientSupport = { html: await unsupportedFeatures(rendered.html), baseline: await unsupportedFeatures(base.html) };
    }
    findings.push(...sortByLine(runRules(input)));

    if (opts.online) {
      const own = issueUrl(config, issue.slug);
      for (const url of new Set(rendered.links)) if (/^https?:\/\//i.test(url) && url !== own) online.push({ url, kind: 'link', input });
      for (const m of rendered.html.matchAll(/<img\b[^>]*?\bsrc="(https?:\/\/[^"]+)"/gi)) online.push({ url: decode(m[1]!), kind: 'image', input });
    }
  }

  if (opts.online && online.length > 0) {
    const statuses = await checkUrls(
      online.map((o) => o.url),
      { timeoutMs: opts.timeoutMs, concurrency: opts.concurrency, allowPrivate: opts.allowPrivate },
    );
    for (const o of online) {
      const s = statuses.get(o.url);
      const d = s && describeStatus(s, o.kind);
      if (d) push(makeFinding(d.rule, { ...(locate(o.input, o.url) ?? { file: o.input.issue.file }), message: d.message }, settings));
    }
  }
  return { issues, findings: dedupe(findings) };
}

function fromWarning(w: Warning, settings: Config['check']['rules']): Finding | null {
  return makeFinding(w.rule, { file: w.file ?? '', line: w.line, message: w.message, hint: w.hint }, settings);
}

/** An issue that can't be read or rendered: one error finding per problem, named by its error code. */
function errorFindings(e: NewsletterError, file: string): Finding[] {
  return [e, ...e.more].map((x) => ({
    rule: x.code,
    severity: 'error',
    message: x.message,
    file: x.file ?? file,
    line: x.line,
    ...(x.hint ? { hint: x.hint } : {}),
  }));
}

function readOne(path: string, cwd: string): { issue: Issue; warnings: Warning[] } | NewsletterError {
  try {
    return readIssue(path, cwd);
  } catch (e) {
    if (isNewsletterError(e)) return e;
    throw e;
  }
}

/** Parses every issue of a folder once: the editorial rules and "read more" need them all. */
function readFolder(cache: Map<string, Map<string, ReturnType<typeof readOne>>>, dir: string, cwd: string): Map<string, ReturnType<typeof readOne>> {
  let folder = cache.get(dir);
  if (!folder) {
    folder = new Map();
    for (const f of listIssueFiles(dir)) folder.set(resolve(f), readOne(f, cwd));
    cache.set(dir, folder);
  }
  return folder;
}

/**
 * The author's template overrides that really differ from the default theme
 * (a workspace may hold untouched copies), and, when the HTML templates were
 * changed, the default theme compiled on its own as the baseline the
 * client-support rule compares against.
 */
function readOverrides(config: Config, cwd: string): { overrides: Map<string, TemplateOverride>; baseline: CompiledTemplates | null } {
  const set = loadTemplates(config.root);
  const defaults: TemplateSet = new Map();
  const overrides = new Map<string, TemplateOverride>();
  for (const t of set.values()) {
    if (!t.override) {
      defaults.set(t.name, t);
      continue;
    }
    const source = readFileSync(join(defaultTemplatesDir(), t.name), 'utf8').replace(/\r\n?/g, '\n');
    defaults.set(t.name, { ...t, source, display: `(default theme) ${t.name}`, override: false });
    if (source !== t.source) overrides.set(t.name, { display: displayPath(join(config.root, 'templates', t.name), cwd), source: t.source });
  }
  const htmlChanged = [...overrides.keys()].some((n) => n.endsWith('.mjml.hbs'));
  return { overrides, baseline: htmlChanged ? compileTemplates(defaults) : null };
}

type Mjml2Html = (mjml: string, options: Record<string, unknown>) => Promise<{ html: string }>;

/** Exact HTML bytes per top-level block: the same MJML rendered again with its block fences kept as comments. */
export async function measureBlocks(mjml: string): Promise<{ name: string; bytes: number }[]> {
  const m = await import('mjml');
  const mjml2html = ((m as { default?: unknown }).default ?? m) as Mjml2Html;
  let html: string;
  try {
    ({ html } = await mjml2html(mjml, { validationLevel: 'skip', keepComments: true, ignoreIncludes: true, fonts: {}, minify: false, beautify: false }));
  } catch {
    return [];
  }
  return blockBytesOf(html);
}

/** Sums the bytes between each outermost `<!--nl-partial:NAME-->` and its `<!--nl-end-->`. */
export function blockBytesOf(html: string): { name: string; bytes: number }[] {
  const sizes = new Map<string, number>();
  const stack: { name: string; start: number }[] = [];
  for (const m of html.matchAll(/<!--nl-partial:(.*?)-->|<!--nl-end-->/g)) {
    if (m[1] !== undefined) stack.push({ name: blockName(m[1]), start: m.index + m[0].length });
    else {
      const top = stack.pop();
      if (top && stack.length === 0) sizes.set(top.name, (sizes.get(top.name) ?? 0) + Buffer.byteLength(html.slice(top.start, m.index)));
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function decode(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function sortByLine(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.file.localeCompare(b.f.file) || (a.f.line ?? 0) - (b.f.line ?? 0) || a.i - b.i)
    .map((x) => x.f);
}

/** The same finding from several issues (a config problem, a shared link) is reported once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.file}\u0000${f.line ?? ''}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
