// Helper of bench/preview.mjs, run with tsx. `docs <workspace> <out.json>`
// writes the MJML documents `newsletter preview` renders for every issue of
// the workspace (the same planning and templates); `compile <docs.json>`
// compiles them one after the other with mjml2html in this process and
// prints the milliseconds that took (MJML loaded and warmed up first).
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import mjml2html from 'mjml';
import { openPreviewSource, planIssues } from '../src/preview/plan.js';
import { toViewModel } from '../src/render/viewModel.js';
import { workspaceIssuePaths } from '../src/workspace/issueFiles.js';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'docs') {
  const src = openPreviewSource({ cwd: a!, version: 'bench' });
  const planned = planIssues(src, workspaceIssuePaths(src.reader)).issues;
  const docs = planned.map((p) => src.templates.html(toViewModel(p.issue!, src.config, p.archive)));
  writeFileSync(b!, JSON.stringify(docs));
} else if (mode === 'compile') {
  const docs = JSON.parse(readFileSync(a!, 'utf8')) as string[];
  const options = { validationLevel: 'soft', keepComments: false, ignoreIncludes: true, fonts: {}, minify: false, beautify: false } as const;
  await mjml2html(docs[0]!, options);
  const t = performance.now();
  for (const doc of docs) await mjml2html(doc, options);
  process.stdout.write(String(performance.now() - t));
} else {
  throw new Error('usage: preview-mjml.ts docs <workspace> <out.json> | compile <docs.json>');
}
