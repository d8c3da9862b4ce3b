import type { EngineId } from './types.js';

/** The engines' names, in the order their shots are shown; a module of its own so the CLI can check `--engines` without loading them. */
export const ENGINE_IDS: readonly EngineId[] = ['blink', 'gecko', 'webkit'];

/** "blink,webkit" → ['blink', 'webkit']; an unknown name is an error that lists the known ones. */
export function parseEngineList(list: string): EngineId[] {
  const ids = list
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = ids.filter((id) => !(ENGINE_IDS as string[]).includes(id));
  if (unknown.length > 0 || ids.length === 0)
    throw new Error(`expected a comma-separated list of ${ENGINE_IDS.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
  return ENGINE_IDS.filter((id) => ids.includes(id));
}
