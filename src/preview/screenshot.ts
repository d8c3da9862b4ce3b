import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../workspace/files.js';
import { auditFindings, type EngineAudit } from './engines/auditFindings.js';
import { firstLine } from './engines/blink.js';
import { contentHash, engineKey } from './engines/contentKey.js';
import { AUDIT_WIDTHS, SHOT_VIEWS } from './engines/registry.js';
import type { AuditJob, EngineFound, EngineId, PageProblem, Scheme, ShotJob } from './engines/types.js';
import type { Finding } from './findings.js';
import { CACHE_DIR, shotPath } from './paths.js';
import { createProgress, type ProgressStream } from './progress.js';

/** An email to draw: its file, and the slug its screenshots are named after. */
export interface EmailForEngines {
  slug: string;
  html: string;
  /** The issue file, as the user would type it: the audit's findings point at it. */
  file?: string | undefined;
}

export interface EngineShot {
  engine: EngineId;
  scheme: Scheme;
  width: number;
  /** Relative to the preview folder. */
  file: string;
}

export interface EnginesRun {
  /** Per slug, the screenshots that are on disk and show its current HTML. */
  shots: Map<string, EngineShot[]>;
  /** Per slug, what the audits found. */
  findings: Map<string, Finding[]>;
  /** Shots and audits that failed, and engines that did not start: a line each. */
  failures: string[];
  /** Shots taken by this run (the rest came from the cache). */
  fresh: number;
  /** The slugs with every shot and audit in every engine. */
  complete: string[];
}

/** The engines' cache: shots and audits by content key, in the preview folder's hidden cache. */
export const ENGINE_CACHE = `${CACHE_DIR}/engines`;

interface Due {
  shots: (ShotJob & { key: string })[];
  audits: (AuditJob & { key: string })[];
}

/**
 * Screenshots and audits of every email in every engine found. Each shot
 * and audit is cached by what it shows (the HTML and the local files it
 * uses, the view, the engine and its version): only new content is drawn,
 * and each engine with work starts once for all of it, the engines side by
 * side. The shots are linked from the cache to shots/<slug>/.
 */
export async function runEngines(
  emails: EmailForEngines[],
  engines: EngineFound[],
  opts: { outDir: string; progress: ProgressStream; timeoutMs?: number },
): Promise<EnginesRun> {
  const store = join(opts.outDir, ENGINE_CACHE);
  mkdirSync(store, { recursive: true });
  const cached = (name: string): string => join(store, name);
  const run: EnginesRun = { shots: new Map(), findings: new Map(), failures: [], fresh: 0, complete: [] };
  const used = new Set<string>();
  const due = new Map<EngineFound, Due>(engines.map((e) => [e, { shots: [], audits: [] }]));
  const plan: { email: EmailForEngines; engine: EngineFound; scheme: Scheme; width?: number; name: string }[] = [];

  for (const email of emails) {
    let content: string;
    try {
      content = contentHash(email.html);
    } catch (e) {
      run.failures.push(`${email.slug}: ${firstLine(e)}`);
      continue;
    }
    for (const engine of engines) {
      const d = due.get(engine)!;
      const base = { content, engine: engine.id, version: engine.version };
      for (const v of SHOT_VIEWS) {
        const name = `${engine.id}-${engineKey({ ...base, scheme: v.scheme, width: v.width, what: 'shot' })}.png`;
        plan.push({ email, engine, scheme: v.scheme, width: v.width, name });
        if (!existsSync(cached(name))) d.shots.push({ html: email.html, width: v.width, scheme: v.scheme, out: cached(name), key: name });
      }
      if (!engine.canAudit) continue;
      for (const scheme of Object.keys(AUDIT_WIDTHS) as Scheme[]) {
        const name = `${engine.id}-${engineKey({ ...base, scheme, what: 'audit' })}.json`;
        plan.push({ email, engine, scheme, name });
        if (!existsSync(cached(name))) d.audits.push({ html: email.html, scheme, widths: AUDIT_WIDTHS[scheme], key: name });
      }
    }
  }

  const total = [...due.values()].reduce((n, d) => n + d.shots.length + d.audits.length, 0);
  if (total > 0) {
    const progress = createProgress(opts.progress, 'Screenshots', total);
    const label = (engine: EngineFound, html: string, what: string): string => `${engine.name} ${slugOf(emails, html)} ${what}`;
    await Promise.all(
      [...due].map(async ([engine, d]) => {
        if (d.shots.length + d.audits.length === 0) return;
        let session;
        try {
          session = await engine.open({ timeoutMs: opts.timeoutMs, onShot: (j) => progress.tick(label(engine, j.html, `${j.scheme} ${j.width}`)) });
        } catch (e) {
          run.failures.push(`${engine.name} did not start (${engine.how}): ${firstLine(e)}`);
          return;
        }
        try {
          const failed = await session.shoot(d.shots);
          run.fresh += d.shots.length - failed.length;
          for (const f of failed) run.failures.push(`${engine.name}: ${slugOf(emails, f.job.html)} ${f.job.scheme} ${f.job.width} px: ${f.error}`);
          const results = (await session.audit(d.audits)) ?? [];
          for (const r of results) {
            const job = r.job as AuditJob & { key: string };
            progress.tick(label(engine, job.html, `audit ${job.scheme}`));
            if (r.error) run.failures.push(`${engine.name}: audit of ${slugOf(emails, job.html)} ${job.scheme}: ${r.error}`);
            else writeFileAtomic(cached(job.key), JSON.stringify(r.problems));
          }
        } finally {
          await session.close().catch(() => {});
        }
      }),
    );
    progress.done();
  }

  const audits = new Map<string, EngineAudit[]>();
  const incomplete = new Set<string>();
  for (const p of plan) {
    const from = cached(p.name);
    if (!existsSync(from)) {
      incomplete.add(p.email.slug);
      continue;
    }
    used.add(p.name);
    if (p.width === undefined) {
      const problems = readJson(from);
      if (problems) audits.set(p.email.slug, [...(audits.get(p.email.slug) ?? []), { engine: p.engine.name, scheme: p.scheme, problems }]);
      continue;
    }
    const file = shotPath(p.email.slug, p.engine.id, p.scheme, p.width);
    try {
      linkInto(from, join(opts.outDir, file));
    } catch (e) {
      run.failures.push(`${p.engine.name}: ${file}: ${firstLine(e)}`);
      incomplete.add(p.email.slug);
      continue;
    }
    run.shots.set(p.email.slug, [...(run.shots.get(p.email.slug) ?? []), { engine: p.engine.id, scheme: p.scheme, width: p.width, file }]);
  }
  run.complete = emails.filter((e) => plan.some((p) => p.email === e) && !incomplete.has(e.slug)).map((e) => e.slug);
  for (const email of emails) {
    const found = auditFindings(audits.get(email.slug) ?? []);
    run.findings.set(
      email.slug,
      found.map((f) => ({ ...f, file: email.file })),
    );
  }
  pruneStore(store, engines, used);
  return run;
}

function slugOf(emails: EmailForEngines[], html: string): string {
  return emails.find((e) => e.html === html)?.slug ?? html;
}

function readJson(path: string): PageProblem[] | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return Array.isArray(v) ? (v as PageProblem[]) : null;
  } catch {
    return null;
  }
}

/** Puts the cached file at `to` (a hard link: no second copy), unless it is there already. */
function linkInto(from: string, to: string): void {
  try {
    const [a, b] = [statSync(from), statSync(to)];
    if (a.ino === b.ino && a.dev === b.dev) return;
  } catch {
    // Not there yet.
  }
  mkdirSync(dirname(to), { recursive: true });
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Removes what the engines of this run cached for content no email has now; other engines' entries stay for their next run. */
function pruneStore(store: string, engines: EngineFound[], used: Set<string>): void {
  const prefixes = engines.map((e) => `${e.id}-`);
  for (const name of readdirSync(store)) {
    if (used.has(name) || !prefixes.some((p) => name.startsWith(p))) continue;
    rmSync(join(store, name), { force: true });
  }
}
