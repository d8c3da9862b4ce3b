import { parsePublishConfig } from '../publish/config.js';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { NewsletterError, type Warning } from '../problems/errors.js';
import { parseYamlMapping } from '../parse/frontmatter.js';
import type { Config } from '../parse/types.js';
import { validateConfig } from '../parse/validateConfig.js';
import { createReader, type WorkspaceReader } from './reader.js';

export const CONFIG_NAME = 'newsletter.config.yaml';

/** The config in `start` or the nearest parent folder that has one. */
export function findConfig(start: string): string | null {
  let dir = resolve(start);
  for (;;) {
    for (const name of [CONFIG_NAME, 'newsletter.config.yml']) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Finds (or takes, with --config), reads and validates the workspace config.
 * Its folder is the workspace root: the guarded reader made here is the one
 * every later read of the run goes through.
 */
export function loadConfig(opts: { cwd: string; configPath?: string | undefined }): { config: Config; warnings: Warning[]; reader: WorkspaceReader } {
  const path = opts.configPath ? resolve(opts.cwd, opts.configPath) : findConfig(opts.cwd);
  if (!path) {
    throw new NewsletterError('CONFIG_NOT_FOUND', `No ${CONFIG_NAME} in ${opts.cwd} or any parent folder`, {
      hint: `Create one with "newsletter init", or a ${CONFIG_NAME} with at least "name: My Newsletter"; or pass --config FILE`,
    });
  }
  const display = relative(opts.cwd, path) || path;
  if (!existsSync(path)) {
    throw new NewsletterError('CONFIG_NOT_FOUND', `The config file ${display} does not exist`, { file: display, hint: 'Check the --config path' });
  }
  const reader = createReader(dirname(path), opts.cwd);
  const source = reader
    .readText(path, 'config')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  let parsed;
  try {
    parsed = parseYamlMapping(source, display, 0, 'config');
  } catch (e) {
    // Config problems exit 78 (configuration), not 65 (bad issue data).
    if (e instanceof NewsletterError) throw new NewsletterError('CONFIG_INVALID', e.message, { file: e.file, line: e.line, column: e.column, hint: e.hint });
    throw e;
  }
  return { ...validateConfig(parsed.data, parsed.lines, display, dirname(path), parsed.raw, { publish: parsePublishConfig }), reader };
}
