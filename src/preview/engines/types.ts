/**
 * The browser engines `newsletter preview` draws emails in. Each engine is a
 * module (blink.ts, gecko.ts, webkit.ts) that can say whether this machine
 * has it (`find`), and once opened, shoot a batch of emails and audit them.
 */
export type EngineId = 'blink' | 'gecko' | 'webkit';

/**
 * light and dark: the reader's system theme (`prefers-color-scheme`).
 * inverted: the Gmail apps' forced dark mode, which inverts the whole
 * message and leaves images as they are (see invert.ts).
 */
export type Scheme = 'light' | 'dark' | 'inverted';

export const SCHEMES: readonly Scheme[] = ['light', 'dark', 'inverted'];

/** One screenshot: an email file at a width (CSS px) and scheme, written to `out` as a PNG. */
export interface ShotJob {
  html: string;
  width: number;
  scheme: Scheme;
  out: string;
}

/** One audit: an email file in a scheme, laid out at each of `widths`. */
export interface AuditJob {
  html: string;
  scheme: Scheme;
  widths: number[];
}

/** What an audit found, as the page reports it (audit-script.ts). */
export type PageProblem =
  | { kind: 'overflow'; width: number; scrollWidth: number; culprit: string }
  | { kind: 'contrast'; width: number; text: string; where: string; fg: string; bg: string; ratio: number; count: number }
  | { kind: 'button'; width: number; text: string; where: string; fill: string; under: string; ratio: number; count: number };

export interface AuditResult {
  job: AuditJob;
  problems: PageProblem[];
  /** Set when the audit could not run; problems is then empty. */
  error?: string | undefined;
}

export interface JobFailure<J> {
  job: J;
  error: string;
}

export interface SessionOptions {
  /** Per page load; a page that never finishes (a remote image that never answers) is taken as it is. */
  timeoutMs?: number | undefined;
  /** Called after each finished shot. */
  onShot?: ((job: ShotJob) => void) | undefined;
}

/** An engine, opened: a browser (or a way to start one) for a batch of jobs. */
export interface EngineSession {
  /** Writes each job's PNG; returns the jobs that failed, with why. */
  shoot(jobs: ShotJob[]): Promise<JobFailure<ShotJob>[]>;
  /** Audits each job; an engine that cannot run scripts returns null. */
  audit(jobs: AuditJob[]): Promise<AuditResult[] | null>;
  close(): Promise<void>;
}

export interface EngineFound {
  found: true;
  id: EngineId;
  name: string;
  /** How it was found: "Chromium at /usr/bin/chromium". */
  how: string;
  /** Changes when the engine does (it is part of every cache key). */
  version: string;
  canAudit: boolean;
  open(opts?: SessionOptions): Promise<EngineSession>;
}

export interface EngineMissing {
  found: false;
  id: EngineId;
  name: string;
  /** Why it is not there, and how to get it: one line together. */
  reason: string;
  fix: string;
}

export type EngineLookup = EngineFound | EngineMissing;

export interface Engine {
  id: EngineId;
  name: string;
  find(env: NodeJS.ProcessEnv, platform?: NodeJS.Platform): EngineLookup;
}

/** "Gecko: no Firefox found (Debian: apt-get install firefox-esr)". */
export function missingLine(m: EngineMissing): string {
  return `${m.name}: ${m.reason} (${m.fix})`;
}
