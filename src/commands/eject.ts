import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import { loadConfig } from '../workspace/loadConfig.js';
import { defaultTemplatesDir } from '../workspace/loadTemplates.js';
import { FLAVOURS, TEMPLATE_NAMES } from '../render/templates.js';
import { writeFileAtomic } from '../workspace/files.js';
import { displayPath } from '../workspace/reader.js';

/**
 * Copies default templates into the workspace's templates/ folder. A name
 * can be a file name (header.mjml.hbs) or a block (header: both flavours).
 * Existing files are never overwritten without --force.
 */
export function eject(opts: { cwd: string; names: string[]; force?: boolean | undefined; config?: string | undefined }): string[] {
  const { config } = loadConfig({ cwd: opts.cwd, configPath: opts.config });
  const wanted = opts.names.length === 0 ? TEMPLATE_NAMES : opts.names.flatMap((n) => expand(n));
  const dir = join(config.root, 'templates');
  const targets = wanted.map((name) => ({ name, path: join(dir, name) }));
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length > 0 && !opts.force) {
    throw new NewsletterError('EXISTS', `${existing.map((t) => displayPath(t.path, opts.cwd)).join(', ')} already exist${existing.length === 1 ? 's' : ''}`, {
      hint: 'Your changes there would be lost; pass --force to overwrite them',
    });
  }
  const defaults = defaultTemplatesDir();
  return targets.map((t) => {
    writeFileAtomic(t.path, readFileSync(join(defaults, t.name)), displayPath(t.path, opts.cwd));
    return displayPath(t.path, opts.cwd);
  });
}

function expand(name: string): string[] {
  if (TEMPLATE_NAMES.includes(name)) return [name];
  const block = name.replace(/\.hbs$/, '');
  const matches = TEMPLATE_NAMES.filter((t) => FLAVOURS.some((f) => t === `${block}.${f}.hbs`) || t === `${block}.hbs`);
  if (matches.length === 0) {
    throw new NewsletterError('USAGE', `There is no template called "${name}"`, {
      hint: `Templates: ${[...new Set(TEMPLATE_NAMES.map((t) => t.split('.')[0]))].join(', ')}`,
    });
  }
  return matches;
}
