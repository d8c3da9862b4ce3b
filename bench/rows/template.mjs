// Row 6: `newsletter check` of 100 issues with one template overridden (a
// changed line height in the footer) against the same workspace without.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, runNode } from '../lib/measure.mjs';
import { generateWorkspace } from '../workspace.mjs';

export async function template(ctx) {
  const n = ctx.size('TEMPLATE_ISSUES', 100);
  const footer = readFileSync(join(ROOT, 'templates/footer.mjml.hbs'), 'utf8');
  const changed = footer.replace('font-size="14px" line-height="1.6"', 'font-size="14px" line-height="1.7"');
  if (changed === footer) throw new Error('templates/footer.mjml.hbs changed: update bench/rows/template.mjs');
  const plain = ctx.workspace(n);
  const overridden = generateWorkspace(n, { dir: join(ctx.tmp, `template-${n}`), templates: { 'footer.mjml.hbs': changed } });
  const rounds = ctx.rounds('TEMPLATE', 5);
  ctx.log(`6. check of ${n} issues, one template overridden vs none, ${rounds} rounds`);
  // check exits 1 when it finds an error: the generated issues have none, but the row times the work, not the verdict.
  const check = (cwd) => () => runNode([BIN, 'check'], { cwd, ok: (s) => s === 0 || s === 1 });
  const r = alternate({ plain: check(plain), overridden: check(overridden) }, rounds, { log: ctx.log });
  return [ctx.entry('6', `check, ${n} issues, 1 changed template ÷ none`, r.plain, r.overridden, 1.3, { rounds, issues: n })];
}
