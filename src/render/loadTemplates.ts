import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NewsletterError } from '../problems/errors.js';
import { readTextFile } from '../workspace/files.js';
import { TEMPLATE_NAMES, type TemplateSet } from './templates.js';

/** The default theme's folder, found from this module whether it runs from src/ or from the bundle. */
export function defaultTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'layout.mjml.hbs'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('The default templates folder is missing from the installation');
}

/**
 * Reads the default theme, then the workspace's `templates/` overrides of
 * the same names. A file there that matches no template is an error: it is
 * almost always a typo, and silently ignoring it would look like a bug.
 */
export function loadTemplates(workspaceRoot: string, defaultsDir = defaultTemplatesDir()): TemplateSet {
  const set: TemplateSet = new Map();
  for (const name of TEMPLATE_NAMES) {
    set.set(name, { name, display: `(default theme) ${name}`, source: readTextFile(join(defaultsDir, name), name), override: false });
  }
  const overrides = join(workspaceRoot, 'templates');
  // The tool's own repository is a workspace too: its templates/ is the default theme, not overrides of it.
  if (!existsSync(overrides) || realpathSync(overrides) === realpathSync(defaultsDir)) return set;
  for (const entry of readdirSync(overrides, { withFileTypes: true })) {
    if (!entry.name.endsWith('.hbs') || entry.name.startsWith('.')) continue;
    const display = `templates/${entry.name}`;
    if (!TEMPLATE_NAMES.includes(entry.name)) {
      throw new NewsletterError('TEMPLATE_MISSING', `${display} does not override any template of the theme`, {
        file: display,
        hint: `Template names: ${TEMPLATE_NAMES.join(', ')} ("newsletter eject" copies them)`,
      });
    }
    const source = readTextFile(join(overrides, entry.name), display, 512 * 1024);
    const include = /<mj-include\b/i.exec(source);
    if (include) {
      throw new NewsletterError('TEMPLATE_SYNTAX', 'mj-include is not supported in templates', {
        file: display,
        line: source.slice(0, include.index).split('\n').length,
        hint: 'Use a Handlebars partial instead, e.g. {{> footer}}; includes could read files outside the workspace',
      });
    }
    set.set(entry.name, { name: entry.name, display, source: source.replace(/\r\n?/g, '\n'), override: true });
  }
  return set;
}
