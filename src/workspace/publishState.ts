/** The publish state file of a workspace (newsletter.publish.json), read and written: its shape and rules are src/publish/state.ts. */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { emptyState, parseState, serializeState, STATE_FILE, type PublishState } from '../publish/state.js';
import { readTextFile, writeFileAtomic } from './files.js';

export function statePath(root: string): string {
  return join(root, STATE_FILE);
}

/** The state of a workspace; empty when the file does not exist yet. */
export function readState(root: string, cwd: string): PublishState {
  const path = statePath(root);
  if (!existsSync(path)) return emptyState();
  const display = relative(cwd, path) || path;
  return parseState(readTextFile(path, display, 4 * 1024 * 1024), display);
}

export function writeState(root: string, cwd: string, state: PublishState): void {
  const path = statePath(root);
  writeFileAtomic(path, serializeState(state), relative(cwd, path) || path);
}
