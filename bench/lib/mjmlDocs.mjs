// Child of the bench: writes, as a JSON list, the MJML documents our build
// hands to mjml2html for the issues given (or for `build --all`'s issues
// with none), through the bundle's public API (dist-cli/index.js), so the
// baselines compile exactly what our commands compile.
//
//   node bench/lib/mjmlDocs.mjs WORKSPACE OUT.json [ISSUE...]
import { writeFileSync } from 'node:fs';
import { openWorkspace, readPlan, renderIssue, selectIssuePaths } from '../../dist-cli/index.js';

const [cwd, out, ...files] = process.argv.slice(2);
const ws = openWorkspace({ cwd });
const all = files.length === 0;
const plan = readPlan(ws, selectIssuePaths(ws.reader, files, { cwd, all }), { drafts: !all });
const docs = [];
for (const p of plan.issues) {
  if (p.error || !p.issue) throw p.error ?? new Error(`${p.file}: no issue`);
  docs.push((await renderIssue(p.issue, ws.config, ws.templates, p.archive)).mjml);
}
writeFileSync(out, JSON.stringify(docs));
