// Row 1: a cold `newsletter build` of one example issue (process start to
// exit) against the mjml CLI compiling the MJML that build renders for it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, alternate, runNode } from '../lib/measure.mjs';

const ISSUE = 'issues/2026-10-28-code-review-is-a-conversation.md';

export async function cold(ctx) {
  const dir = join(ctx.tmp, 'cold');
  mkdirSync(dir, { recursive: true });
  runNode([join(ROOT, 'bench/lib/mjmlDocs.mjs'), ROOT, join(dir, 'docs.json'), ISSUE]);
  const mjml = JSON.parse(readFileSync(join(dir, 'docs.json'), 'utf8'))[0];
  writeFileSync(join(dir, 'issue.mjml'), mjml);
  const rounds = ctx.rounds('COLD', 11);
  ctx.log(`1. cold build of ${ISSUE} vs the mjml CLI on its ${(mjml.length / 1024).toFixed(1)} KB of MJML, ${rounds} rounds`);
  const r = alternate(
    {
      ours: () => runNode([BIN, 'build', ISSUE, '--out', join(dir, 'out')], { cwd: ROOT }),
      mjml: () => runNode([join(ROOT, 'node_modules/mjml/bin/mjml'), join(dir, 'issue.mjml'), '-o', join(dir, 'mjml.html')], { cwd: dir }),
    },
    rounds,
    { log: ctx.log },
  );
  return [ctx.entry('1', 'cold build, 1 issue ÷ mjml CLI', r.mjml, r.ours, 0.5, { rounds })];
}
