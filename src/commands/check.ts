import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toProblem } from '../lint/registry.js';
import { locate } from '../lint/locate.js';
import { checkUrls, describeStatus } from '../lint/online.js';
import type { TemplateOverride } from '../lint/types.js';
import { isNewsletterError } from '../problems/errors.js';
import type { Problem } from '../problems/problem.js';
import type { CheckedIssue } from '../problems/printers.js';
import type { Issue } from '../parse/types.js';
import type { RenderedIssue } from '../render/renderIssue.js';
import { issueUrl } from '../render/viewModel.js';
import { selectIssuePaths } from '../workspace/issueFiles.js';
import { defaultTemplatesDir } from '../workspace/loadTemplates.js';
import { openWorkspace, readPlanCached, type Workspace } from '../workspace/openWorkspace.js';
import { eachRendered } from './batch.js';
import { configProblems, errorProblems, uniqueProblems, warningProblems, type Service } from './pipeline.js';

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
  /** Render threads (default: one per core from PARALLEL_FROM issues on; 1: this thread only). */
  jobs?: number | undefined;
  /** Also check each issue as this sending service will get it. */
  for?: string | undefined;
}

export interface CheckReport {
  issues: CheckedIssue[];
  findings: Problem[];
}

/**
 * Renders each issue (writing nothing) and runs every rule over it. An
 * issue that can't be read or rendered is a finding too, so one broken file
 * does not hide the problems of the others.
 */
export async function check(opts: CheckOptions): Promise<CheckReport> {
  const ws = openWorkspace(opts);
  const settings = ws.config.check.rules;
  const selected = selectIssuePaths(ws.reader, opts.files, { cwd: opts.cwd, all: opts.all, allByDefault: true });
  const plan = readPlanCached(ws, selected, { drafts: opts.drafts !== false });
  const overrides = readOverrides(ws);
  const service: Service | undefined = opts.for === undefined ? undefined : (await import('../publish/providers.js')).serviceOf(opts.for);
  const findings: Problem[] = [...configProblems(ws), ...warningProblems(plan.problems, settings)];
  const issues: CheckedIssue[] = [];
  const online: { url: string; kind: 'link' | 'image'; issue: Issue; file: string; rendered: RenderedIssue }[] = [];

  // Online checks need each email's MJML to place what they find, and --for a service's dialect (code, which can't
  // be sent to a worker): those run in this thread.
  await eachRendered(ws, plan.issues, { command: 'check', jobs: opts.online || service ? 1 : opts.jobs, overrides, service }, (planned, result) => {
    const { issue } = planned;
    // A path that is not there is a mistake on the command line, not a problem of an issue: exit 66 as build does.
    if (!issue && (planned.error?.code === 'FILE_NOT_FOUND' || planned.error?.code === 'FILE_NOT_REGULAR')) throw planned.error;
    issues.push({ file: planned.file, slug: issue?.slug ?? null, draft: issue?.draft ?? false });
    if (planned.error || !issue) {
      findings.push(...errorProblems(planned.error!, planned.file));
      return;
    }
    if (!result.ok) {
      if (!isNewsletterError(result.error)) throw result.error;
      findings.push(...errorProblems(result.error, planned.file));
      return;
    }
    const { rendered, problems } = result.value;
    findings.push(...problems);

    if (opts.online) {
      const own = issueUrl(ws.config, issue.slug);
      const at = { issue, file: planned.file, rendered: rendered as RenderedIssue };
      for (const url of new Set(rendered.links)) if (/^https?:\/\//i.test(url) && url !== own) online.push({ url, kind: 'link', ...at });
      for (const m of rendered.html.matchAll(/<img\b[^>]*?\bsrc="(https?:\/\/[^"]+)"/gi)) online.push({ url: decode(m[1]!), kind: 'image', ...at });
    }
  });

  if (opts.online && online.length > 0) {
    const statuses = await checkUrls(
      online.map((o) => o.url),
      { timeoutMs: opts.timeoutMs, concurrency: opts.concurrency, allowPrivate: opts.allowPrivate },
    );
    for (const o of online) {
      const s = statuses.get(o.url);
      const d = s && describeStatus(s, o.kind);
      if (!d) continue;
      const input = { issue: o.issue, config: ws.config, rendered: o.rendered, configFile: ws.config.file, overrides };
      const f = toProblem(d.rule, { ...(locate(input, o.url) ?? { file: o.file }), message: d.message }, settings);
      if (f) findings.push(f);
    }
  }
  return { issues, findings: uniqueProblems(findings) };
}

/** The author's template overrides that really differ from the default theme (a workspace may hold untouched copies). */
function readOverrides(ws: Workspace): Map<string, TemplateOverride> {
  const overrides = new Map<string, TemplateOverride>();
  for (const t of ws.templateSet.values()) {
    if (!t.override) continue;
    const source = readFileSync(join(defaultTemplatesDir(), t.name), 'utf8').replace(/\r\n?/g, '\n');
    if (source !== t.source) overrides.set(t.name, { display: ws.reader.display(join(ws.reader.root, 'templates', t.name)), source: t.source, base: source });
  }
  return overrides;
}

function decode(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
