import { win32 } from 'node:path';
import type { Browser } from 'playwright-core';
import { isExecutable, onPath } from './engines/locate.js';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a machine that may have no network:
 * without the background-service switches it keeps retrying connections.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Google Chrome and Microsoft Edge install themselves: the places playwright-core's channels look. */
const CHANNELS = [
  {
    channel: 'chrome',
    name: 'Google Chrome',
    linux: '/opt/google/chrome/chrome',
    darwin: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    win32: 'Google\\Chrome\\Application\\chrome.exe',
  },
  {
    channel: 'msedge',
    name: 'Microsoft Edge',
    linux: '/opt/microsoft/msedge/msedge',
    darwin: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    win32: 'Microsoft\\Edge\\Application\\msedge.exe',
  },
] as const;

export type ChromiumLookup = { path: string; channel: string | null; how: string } | { path: null; reason: string; fix: string };

/**
 * The Chromium to use, the way authors have one: $CHROMIUM_PATH; Debian's
 * /usr/bin/chromium (or a `chromium` on PATH); else an installed Google
 * Chrome or Microsoft Edge, on Linux, macOS or Windows. A CHROMIUM_PATH
 * that is not there is an error, not a reason to look elsewhere.
 */
export function findChromium(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): ChromiumLookup {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    return isExecutable(fromEnv, platform)
      ? { path: fromEnv, channel: null, how: `CHROMIUM_PATH=${fromEnv}` }
      : { path: null, reason: `CHROMIUM_PATH=${fromEnv} does not exist or can't be run`, fix: 'point it at a Chromium, Chrome or Edge executable' };
  }
  if (platform === 'linux') {
    const path = isExecutable(DEFAULT_CHROMIUM, platform) ? DEFAULT_CHROMIUM : onPath(['chromium'], env, platform);
    if (path) return { path, channel: null, how: `Chromium at ${path}` };
  }
  for (const c of CHANNELS) {
    const candidates =
      platform === 'win32'
        ? [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.HOMEDRIVE && `${env.HOMEDRIVE}\\Program Files`]
            .filter((p): p is string => Boolean(p))
            .map((p) => win32.join(p, c.win32))
        : platform === 'linux' || platform === 'darwin'
          ? [c[platform]]
          : [];
    const path = candidates.find((p) => isExecutable(p, platform));
    if (path) return { path, channel: c.channel, how: `${c.name} at ${path}` };
  }
  const fix =
    platform === 'linux'
      ? 'Debian or Ubuntu: apt-get install chromium; or install Google Chrome; or set CHROMIUM_PATH'
      : 'install Google Chrome or Microsoft Edge, or set CHROMIUM_PATH';
  const where = platform === 'linux' ? `no Chromium at ${DEFAULT_CHROMIUM}, ` : '';
  return { path: null, reason: `${where}no Chromium, Google Chrome or Microsoft Edge found`, fix };
}

/** The one line said when screenshots are due but playwright-core is not installed. */
export const PLAYWRIGHT_MISSING = 'playwright-core is not installed (screenshots need it): npm i -D playwright-core';

/** Starts headless Chromium through playwright-core, loaded only now: it is large and only screenshots need it. */
export async function launchChromium(found: string | { path: string; channel: string | null }): Promise<Browser> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    // An optional dependency of newsletter-cli: a plain `npm i` may have left it out, and only screenshots need it.
    if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(`${PLAYWRIGHT_MISSING}`, { cause: e });
  }
  const { path, channel } = typeof found === 'string' ? { path: found, channel: null } : found;
  // A channel lets playwright-core apply what it knows of that browser; the path it would find is the one found here.
  return channel
    ? chromium.launch({ channel, args: CHROMIUM_ARGS, timeout: 30_000 })
    : chromium.launch({ executablePath: path, args: CHROMIUM_ARGS, timeout: 30_000 });
}
