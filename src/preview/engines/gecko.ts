import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { writeFileAtomic } from '../../workspace/files.js';
import { auditDocument, contentHeight, pageCall } from './auditScript.js';
import { firstLine, MAX_HEIGHT } from './blink.js';
import { fileStamp, isExecutable, onPath } from './locate.js';
import { cropPng, drawnHeight } from './png.js';
import { startProcess, waitExit } from './processes.js';
import { EmailServer } from './server.js';
import type { AuditJob, AuditResult, Engine, EngineSession, JobFailure, PageProblem, Scheme, SessionOptions, ShotJob } from './types.js';

/**
 * Gecko: Firefox's own headless `--screenshot`, one process per shot, in
 * a scratch profile. `--screenshot` takes no script, so the page reports
 * to the engines' server itself: a script added to the email measures it
 * and runs the audit on load and posts the result (a synchronous request,
 * so it is sent before the shot and the exit). No WebDriver is needed.
 */
export const gecko: Engine = {
  id: 'gecko',
  name: 'Gecko',
  find(env, platform = process.platform) {
    const path = findFirefox(env, platform);
    if ('reason' in path) return { found: false, id: 'gecko', name: 'Gecko', reason: path.reason, fix: path.fix };
    return {
      found: true,
      id: 'gecko',
      name: 'Gecko',
      how: `Firefox at ${path.path}`,
      version: fileStamp(path.path),
      canAudit: true,
      open: (opts) => openGecko(path.path, env, opts),
    };
  },
};

function findFirefox(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { path: string } | { reason: string; fix: string } {
  const fromEnv = env.FIREFOX_PATH?.trim();
  if (fromEnv) {
    return isExecutable(fromEnv, platform)
      ? { path: fromEnv }
      : { reason: `FIREFOX_PATH=${fromEnv} does not exist or can't be run`, fix: 'point it at a Firefox executable' };
  }
  const known =
    platform === 'darwin'
      ? ['/Applications/Firefox.app/Contents/MacOS/firefox']
      : platform === 'win32'
        ? [env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((p): p is string => Boolean(p)).map((p) => win32.join(p, 'Mozilla Firefox', 'firefox.exe'))
        : [];
  const path = onPath(['firefox-esr', 'firefox'], env, platform) ?? known.find((p) => isExecutable(p, platform));
  if (path) return { path };
  return {
    reason: 'no Firefox found',
    fix: platform === 'linux' ? 'Debian: apt-get install firefox-esr; or set FIREFOX_PATH' : 'install Firefox, or set FIREFOX_PATH',
  };
}

/** Tall enough for any email: the PNG is cut to the height the page reports. */
const WINDOW_HEIGHT = MAX_HEIGHT;

interface Report {
  height?: number;
  problems?: PageProblem[];
  error?: string;
}

export async function openGecko(firefox: string, env: NodeJS.ProcessEnv, opts: SessionOptions = {}): Promise<EngineSession> {
  const dir = mkdtempSync(join(tmpdir(), 'newsletter-gecko-'));
  const home = join(dir, 'home');
  mkdirSync(home);
  const server = await EmailServer.start();
  const timeout = Math.max(opts.timeoutMs ?? 0, 120_000);
  /** What each page reported, by file, scheme and width: the audit reuses what the shots measured. */
  const reports = new Map<string, Report>();
  const profiles = new Map<Scheme, string>();
  const hosts = new Set<string>();

  const profile = (scheme: Scheme): string => {
    let p = profiles.get(scheme);
    if (!p) {
      p = join(dir, `profile-${scheme}`);
      mkdirSync(p);
      profiles.set(scheme, p);
    }
    writeFileSync(join(p, 'user.js'), userJs(scheme === 'dark', [...hosts]));
    return p;
  };
  /** The hosts of the emails' remote images may be reached, as in the other engines. */
  const allowImages = (htmls: string[]): void => {
    for (const html of new Set(htmls)) {
      try {
        for (const m of readFileSync(html, 'utf8').matchAll(/<img\b[^>]*?\ssrc=["']?https?:\/\/([a-z0-9.-]+)/gi)) hosts.add(m[1]!.toLowerCase());
      } catch {
        // Unreadable: the shot will say so.
      }
    }
  };

  /** Loads the email in a fresh Firefox at `width`, writes the shot to `png`, and returns what the page reported. */
  const run = async (html: string, width: number, scheme: Scheme, png: string): Promise<Report> => {
    const report = server.expectReport();
    const script =
      `<script>addEventListener('load', function () { var r; try { r = { height: ${pageCall(contentHeight)}, ` +
      `problems: ${pageCall(auditDocument, width, scheme === 'inverted')} }; } catch (e) { r = { error: String(e) }; } ` +
      `try { var x = new XMLHttpRequest(); x.open('POST', ${JSON.stringify(report.url)}, false); x.send(JSON.stringify(r)); } catch (e) {} });</script>`;
    const url = server.emailUrl(html, scheme === 'inverted' ? 'inverted' : 'none', script);
    const args = ['--headless', '--no-remote', '--profile', profile(scheme), '--screenshot', png, `--window-size=${width},${WINDOW_HEIGHT}`, url];
    const child = startProcess(firefox, args, {
      stdio: 'ignore',
      env: { ...env, HOME: home, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_DISABLE_AUTO_SAFE_MODE: '1' },
    });
    const exit = await waitExit(child, timeout);
    if (exit.timedOut) throw new Error(`Firefox did not finish within ${Math.round(timeout / 1000)} s`);
    const body = await Promise.race([report.body, new Promise<null>((ok) => setTimeout(() => ok(null), 1_000))]);
    const r: Report = body ? (JSON.parse(body) as Report) : {};
    reports.set(`${html}\0${scheme}\0${width}`, r);
    return r;
  };

  return {
    async shoot(jobs: ShotJob[]): Promise<JobFailure<ShotJob>[]> {
      const failures: JobFailure<ShotJob>[] = [];
      allowImages(jobs.map((j) => j.html));
      for (const job of jobs) {
        const raw = join(dir, 'shot.png');
        try {
          rmSync(raw, { force: true });
          const r = await run(job.html, job.width, job.scheme, raw);
          const png = readFileSync(raw);
          // No report (a page whose scripts did not run): cut where the drawing ends.
          const height = Math.min(r.height && r.height > 0 ? r.height : drawnHeight(png), WINDOW_HEIGHT);
          writeFileAtomic(job.out, cropPng(png, { x: 0, y: 0, width: job.width, height }));
          opts.onShot?.(job);
        } catch (e) {
          failures.push({ job, error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'Firefox wrote no screenshot' : firstLine(e) });
        }
      }
      return failures;
    },
    async audit(jobs: AuditJob[]): Promise<AuditResult[]> {
      const results: AuditResult[] = [];
      allowImages(jobs.map((j) => j.html));
      for (const job of jobs) {
        const problems: PageProblem[] = [];
        let error: string | undefined;
        for (const width of job.widths) {
          try {
            const r = reports.get(`${job.html}\0${job.scheme}\0${width}`) ?? (await run(job.html, width, job.scheme, join(dir, 'audit.png')));
            if (!r.problems) throw new Error(r.error ? `the audit failed in Firefox (${r.error})` : 'the page did not report (scripts off?)');
            problems.push(...r.problems);
          } catch (e) {
            error ??= firstLine(e);
          }
        }
        results.push(error ? { job, problems: [], error } : { job, problems });
      }
      return results;
    },
    async close(): Promise<void> {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The scratch profile: the theme to report, one device pixel per CSS
 * pixel, no first-run pages, and no traffic but to 127.0.0.1 and the
 * hosts of the emails' images: every proxy points at the discard port,
 * so updates and telemetry fail at once instead of slowing the shot.
 */
function userJs(dark: boolean, imageHosts: string[]): string {
  const prefs: Record<string, string | number | boolean> = {
    'ui.systemUsesDarkTheme': dark ? 1 : 0,
    'layout.css.devPixelsPerPx': '1.0',
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': 9,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': 9,
    'network.proxy.socks': '127.0.0.1',
    'network.proxy.socks_port': 9,
    'network.proxy.no_proxies_on': ['127.0.0.1', ...imageHosts].join(', '),
    'network.proxy.allow_hijacking_localhost': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'extensions.update.enabled': false,
    'browser.sessionstore.resume_from_crash': false,
  };
  return Object.entries(prefs)
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
    .join('\n');
}
