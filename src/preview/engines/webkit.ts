import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { writeFileAtomic } from '../../workspace/files.js';
import { auditDocument, contentHeight, frameCall } from './auditScript.js';
import { firstLine, MAX_HEIGHT } from './blink.js';
import { listeningPort, startXvfb } from './display.js';
import { fileStamp, isExecutable, onPath } from './locate.js';
import { cropPng, stackPngs } from './png.js';
import { startProcess, stopProcess } from './processes.js';
import { EmailServer, type Transform } from './server.js';
import type { AuditJob, AuditResult, Engine, EngineSession, JobFailure, PageProblem, Scheme, SessionOptions, ShotJob } from './types.js';
import { driverReady, WebDriverSession } from './webdriver.js';

/**
 * WebKit: on Linux, WebKitGTK's MiniBrowser driven by WebKitWebDriver on
 * a virtual display (Debian: webkit2gtk-driver, xvfb); on macOS, Safari
 * through safaridriver. Both speak W3C WebDriver (webdriver.ts).
 */
export const webkit: Engine = {
  id: 'webkit',
  name: 'WebKit',
  find(env, platform = process.platform) {
    const miss = (reason: string, fix: string) => ({ found: false as const, id: 'webkit' as const, name: 'WebKit', reason, fix });
    const fromEnv = env.WEBKIT_DRIVER_PATH?.trim();
    if (fromEnv && !isExecutable(fromEnv, platform))
      return miss(`WEBKIT_DRIVER_PATH=${fromEnv} does not exist or can't be run`, 'point it at WebKitWebDriver or safaridriver');
    if (platform === 'darwin') {
      const driver = fromEnv || (isExecutable('/usr/bin/safaridriver', platform) ? '/usr/bin/safaridriver' : null);
      if (!driver) return miss('no safaridriver found', 'it comes with Safari; run safaridriver --enable once');
      return {
        found: true,
        id: 'webkit',
        name: 'WebKit',
        how: `Safari through ${driver}`,
        version: fileStamp(driver),
        canAudit: true,
        open: (o) => openWebKit({ kind: 'safari', driver }, env, o),
      };
    }
    if (platform !== 'linux') return miss(`no WebKit engine on ${platform}`, 'WebKit previews need Linux (WebKitGTK) or macOS (Safari)');
    const fix = 'Debian: apt-get install webkit2gtk-driver xvfb';
    const driver = fromEnv || onPath(['WebKitWebDriver'], env, platform);
    if (!driver) return miss('no WebKitWebDriver found', fix);
    const browser = findMiniBrowser();
    if (!browser) return miss('no MiniBrowser (libwebkit2gtk) found beside WebKitWebDriver', fix);
    const xvfb = onPath(['Xvfb'], env, platform);
    if (!xvfb) return miss('no Xvfb for its window', fix);
    const open = (o?: SessionOptions): Promise<EngineSession> => openWebKit({ kind: 'gtk', driver, browser, xvfb }, env, o);
    return { found: true, id: 'webkit', name: 'WebKit', how: `WebKitGTK MiniBrowser at ${browser}`, version: fileStamp(browser), canAudit: true, open };
  },
};

/** MiniBrowser ships in libwebkit2gtk's library folder (Debian, Ubuntu: /usr/lib/<triplet>/webkit2gtk-4.1/; Fedora: /usr/libexec/). */
function findMiniBrowser(): string | null {
  const dirs: string[] = [];
  for (const lib of ['/usr/lib', '/usr/lib64', '/usr/libexec']) {
    dirs.push(lib);
    try {
      for (const d of readdirSync(lib)) if (/-linux-gnu/.test(d)) dirs.push(join(lib, d));
    } catch {
      // Not there.
    }
  }
  for (const dir of dirs)
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const path = join(dir, api, 'MiniBrowser');
      if (existsSync(path) && isExecutable(path)) return path;
    }
  return null;
}

type Setup = { kind: 'gtk'; driver: string; browser: string; xvfb: string } | { kind: 'safari'; driver: string };

/** The window the email is shot in: wider than 600 px, and as tall as Xvfb's screen allows. */
const WINDOW = { width: 1000, height: MAX_HEIGHT };

export async function openWebKit(setup: Setup, env: NodeJS.ProcessEnv, opts: SessionOptions = {}): Promise<EngineSession> {
  const timeout = Math.max(opts.timeoutMs ?? 0, 60_000);
  const children: ChildProcess[] = [];
  const server = await EmailServer.start();
  // WebKitWebDriver and safaridriver run one session at a time.
  let current: { key: string; session: Promise<WebDriverSession> } | null = null;
  let driverUrl: string;
  try {
    driverUrl = await startDriver(setup, env, children, timeout);
  } catch (e) {
    await Promise.all(children.map(stopProcess));
    await server.close();
    throw e;
  }

  // WebKitGTK takes dark mode as MiniBrowser's --dark-mode, so dark gets a session of its own. Safari
  // follows the system's appearance, which a driver can't change: it is shown the email's dark rules forced on.
  const sessionKey = (scheme: Scheme): string => (setup.kind === 'gtk' && scheme === 'dark' ? 'dark' : 'light');
  const transform = (scheme: Scheme): Transform => (scheme === 'inverted' ? 'inverted' : scheme === 'dark' && setup.kind === 'safari' ? 'dark' : 'none');
  const session = async (scheme: Scheme): Promise<WebDriverSession> => {
    const key = sessionKey(scheme);
    if (current?.key === key) return current.session;
    if (current) await current.session.then((wd) => wd.quit()).catch(() => {});
    const caps: Record<string, unknown> =
      setup.kind === 'gtk'
        ? { 'webkitgtk:browserOptions': { binary: setup.browser, args: ['--automation', ...(key === 'dark' ? ['--dark-mode'] : [])] } }
        : { browserName: 'safari' };
    caps.timeouts = { pageLoad: opts.timeoutMs ?? 30_000, script: timeout };
    const started = WebDriverSession.start(driverUrl, caps, timeout).then(async (wd) => {
      await wd.setWindowRect(WINDOW.width, WINDOW.height).catch(() => {});
      return wd;
    });
    current = { key, session: started };
    return started;
  };
  /** Jobs of one session together, those of the open session first, so that each session starts once. */
  const bySession = <J extends { scheme: Scheme }>(jobs: J[]): J[] => {
    const rank = (j: J): string => (sessionKey(j.scheme) === current?.key ? '' : sessionKey(j.scheme));
    return [...jobs].sort((a, b) => rank(a).localeCompare(rank(b)));
  };
  /** Opens the email in the wrapper's iframe at `width`: WebKitGTK's window can't be narrower than about 450 px. */
  const load = async (html: string, width: number, scheme: Scheme): Promise<WebDriverSession> => {
    const wd = await session(scheme);
    // A page that does not finish loading (a remote image that never answers) is used as it is.
    await wd.navigate(server.wrapperUrl(server.emailUrl(html, transform(scheme)), width)).catch((e: Error) => {
      if (!/timeout/i.test(e.message)) throw e;
    });
    return wd;
  };

  return {
    async shoot(jobs: ShotJob[]): Promise<JobFailure<ShotJob>[]> {
      const failures: JobFailure<ShotJob>[] = [];
      for (const job of bySession(jobs)) {
        try {
          const wd = await load(job.html, job.width, job.scheme);
          writeFileAtomic(job.out, await capture(wd, job.width));
          opts.onShot?.(job);
        } catch (e) {
          failures.push({ job, error: firstLine(e) });
        }
      }
      return failures;
    },
    async audit(jobs: AuditJob[]): Promise<AuditResult[]> {
      const results: AuditResult[] = [];
      for (const job of bySession(jobs)) {
        try {
          const problems: PageProblem[] = [];
          for (const width of job.widths) {
            const wd = await load(job.html, width, job.scheme);
            problems.push(...(await wd.execute<PageProblem[]>(`return ${frameCall(auditDocument, width, job.scheme === 'inverted')};`)));
          }
          results.push({ job, problems });
        } catch (e) {
          results.push({ job, problems: [], error: firstLine(e) });
        }
      }
      return results;
    },
    async close(): Promise<void> {
      if (current) await current.session.then((wd) => wd.quit()).catch(() => {});
      await Promise.all(children.map(stopProcess));
      await server.close();
    },
  };
}

/**
 * Sizes the iframe to the email, waits for two frames so the new size is
 * painted, and shoots the window (WebKitGTK's element screenshots come
 * back partly black), a screen at a time where the window is shorter than
 * the email (Safari), cut to the email's width and height.
 */
async function capture(wd: WebDriverSession, width: number): Promise<Buffer> {
  const fit = await wd.executeAsync<{ height: number; dpr: number; viewport: number }>(
    `const done = arguments[arguments.length - 1]; const f = document.getElementById('email');` +
      `const height = Math.min(Math.max(${frameCall(contentHeight)}, 1), ${MAX_HEIGHT}); f.style.height = height + 'px';` +
      `requestAnimationFrame(() => requestAnimationFrame(() => done({ height, dpr: devicePixelRatio || 1, viewport: innerHeight })));`,
  );
  if (fit.height <= fit.viewport) return cropPng(await wd.screenshot(), { x: 0, y: 0, width, height: fit.height }, fit.dpr);
  const strips: Buffer[] = [];
  for (let y = 0; y < fit.height;) {
    const top = await wd.executeAsync<number>(
      `const done = arguments[arguments.length - 1]; scrollTo(0, ${y}); requestAnimationFrame(() => requestAnimationFrame(() => done(scrollY)));`,
    );
    const rows = Math.min(fit.viewport - (y - top), fit.height - y);
    if (rows <= 0) break;
    strips.push(cropPng(await wd.screenshot(), { x: 0, y: y - top, width, height: rows }, fit.dpr));
    y += rows;
  }
  return stackPngs(strips);
}

/** Starts the driver (and, for WebKitGTK, its display) and returns its URL once it answers. */
async function startDriver(setup: Setup, env: NodeJS.ProcessEnv, children: ChildProcess[], timeoutMs: number): Promise<string> {
  let driver: ChildProcess;
  let port: number | null = null;
  if (setup.kind === 'gtk') {
    const x = await startXvfb(setup.xvfb, timeoutMs);
    children.push(x.process);
    driver = startProcess(setup.driver, ['-p', '0'], { stdio: 'ignore', env: { ...env, DISPLAY: x.display, WAYLAND_DISPLAY: '' } });
  } else {
    // safaridriver needs a port number: a free one, taken just before.
    port = await freePort();
    driver = startProcess(setup.driver, ['-p', String(port)], { stdio: 'ignore', env });
  }
  children.push(driver);
  let exited: string | null = null;
  driver.once('exit', (code) => (exited = `the driver exited (${code})`));
  driver.once('error', (e) => (exited = e.message));
  for (const start = Date.now(); Date.now() - start < timeoutMs; await new Promise((ok) => setTimeout(ok, 100))) {
    if (exited) throw new Error(exited);
    port ??= driver.pid ? listeningPort(driver.pid) : null;
    if (port && (await driverReady(`http://127.0.0.1:${port}`))) return `http://127.0.0.1:${port}`;
  }
  throw new Error(`the WebDriver server did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => ok(port));
    });
  });
}
