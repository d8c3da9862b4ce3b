import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NewsletterError } from '../problems/errors.js';
import { readTextFile } from './files.js';
import type { WorkspaceReader } from './reader.js';
import { TEMPLATE_NAMES, type TemplateSet } from '../render/templates.js';

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
export function loadTemplates(reader: WorkspaceReader, defaultsDir = defaultTemplatesDir()): TemplateSet {
  const set: TemplateSet = new Map();
  for (const name of TEMPLATE_NAMES) {
    set.set(name, { name, display: `(default theme) ${name}`, source: readTextFile(join(defaultsDir, name), name), override: false });
  }
  const overrides = join(reader.root, 'templates');
  // The tool's own repository is a workspace too: its templates/ is the default theme, not overrides of it.
  if (!existsSync(overrides) || realpathSync(overrides) === realpathSync(defaultsDir)) return set;
  for (const name of reader.listFiles('templates')) {
    if (!name.endsWith('.hbs')) continue;
    const display = `templates/${name}`;
    if (!TEMPLATE_NAMES.includes(name)) {
      throw new NewsletterError('TEMPLATE_MISSING', `${display} does not override any template of the theme`, {
        file: display,
        hint: `Template names: ${TEMPLATE_NAMES.join(', ')} ("newsletter eject" copies them)`,
      });
    }
    // Through the guarded reader: a link out of the workspace, or to a dotfile, is refused.
    const source = reader.readText(join(overrides, name), 'template');
    const include = /<mj-include\b/i.exec(source);
    if (include) {
      throw new NewsletterError('TEMPLATE_SYNTAX', 'mj-include is not supported in templates', {
        file: display,
        line: source.slice(0, include.index).split('\n').length,
        hint: 'Use a Handlebars partial instead, e.g. {{> footer}}; includes could read files outside the workspace',
      });
    }
    set.set(name, { name, display, source: source.replace(/\r\n?/g, '\n'), override: true });
  }
  return set;
}
