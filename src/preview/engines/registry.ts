import { blink } from './blink.js';
import { gecko } from './gecko.js';
import { ENGINE_IDS } from './names.js';
import type { Engine, EngineFound, EngineId, EngineMissing, Scheme } from './types.js';
import { webkit } from './webkit.js';

/** Every engine, in the order their shots are shown. */
export const ENGINES: readonly Engine[] = [blink, gecko, webkit];

export { ENGINE_IDS, parseEngineList } from './names.js';

/**
 * The screenshots taken of each email in each engine: light and dark at
 * the desktop and phone widths, and the Gmail apps' inversion on a phone
 * (the apps that invert run on phones).
 */
export const SHOT_VIEWS: readonly { scheme: Scheme; width: number }[] = [
  { scheme: 'light', width: 600 },
  { scheme: 'light', width: 375 },
  { scheme: 'dark', width: 600 },
  { scheme: 'dark', width: 375 },
  { scheme: 'inverted', width: 375 },
];

/**
 * The widths each scheme is audited at: the layout (overflow) at 320 and
 * 375 px, the colours at every width they are shot at. Layout does not
 * depend on the scheme, so 320 px is laid out once, in light.
 */
export const AUDIT_WIDTHS: Readonly<Record<Scheme, number[]>> = {
  light: [320, 375, 600],
  dark: [375, 600],
  inverted: [375],
};

/** Looks for each wanted engine (default: all): what this machine has, and for each missing one, why and how to get it. */
export function findEngines(
  env: NodeJS.ProcessEnv,
  wanted: readonly EngineId[] = ENGINE_IDS,
  platform: NodeJS.Platform = process.platform,
): { found: EngineFound[]; missing: EngineMissing[] } {
  const found: EngineFound[] = [];
  const missing: EngineMissing[] = [];
  for (const engine of ENGINES) {
    if (!wanted.includes(engine.id)) continue;
    const r = engine.find(env, platform);
    if (r.found) found.push(r);
    else missing.push(r);
  }
  return { found, missing };
}

/** What the engines' output depends on, for the preview's cache keys: which engines, at which versions. */
export function enginesStamp(found: readonly EngineFound[]): string {
  return found.map((e) => `${e.id}@${e.version}`).join(',');
}
