/**
 * mjml-core, when it is first imported, reads .mjmlconfig from the working
 * directory and require()s the files it lists. An author's workspace must
 * never run code: in process (the tests, `tsx src/...`) MJML_BROWSER makes
 * that loader require nothing; the bundle replaces the loader (bin.test.ts).
 * This file runs in a process of its own, so mjml is imported here, fresh,
 * from inside the workspace.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runMain } from './helpers/run.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

const mjmlLoaded = (): boolean => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/mjml-core/'));

it('a .mjmlconfig in the workspace is not run, with the process working in the workspace', async () => {
  // Set by vitest.config.ts for every test process (src/ does not set it).
  expect(process.env.MJML_BROWSER).toBe('1');
  expect(mjmlLoaded()).toBe(false);
  const evil = "require('fs').writeFileSync(__dirname + '/pwned', 'x'); module.exports = { packages: [] };";
  const ws = makeWorkspace({
    '.mjmlconfig': JSON.stringify({ packages: ['./evil.js'] }),
    '.mjmlconfig.js': evil,
    'evil.js': evil,
  });
  const before = process.cwd();
  process.chdir(ws);
  let r;
  try {
    r = await runMain(['build', 'issues/2026-10-28-code-review-is-a-conversation.md'], { cwd: ws });
  } finally {
    process.chdir(before);
  }
  expect(r.code, r.stderr).toBe(0);
  expect(mjmlLoaded()).toBe(true); // loaded just now, from inside the workspace
  expect(existsSync(join(ws, 'dist/2026-10-28-code-review-is-a-conversation.html'))).toBe(true);
  expect(existsSync(join(ws, 'pwned'))).toBe(false);
});
