import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blink } from '../src/preview/engines/blink.js';
import { ENGINE_CACHE, runEngines } from '../src/preview/screenshot.js';
import { engineSuite, SMALL_EMAIL } from './helpers/engines.js';

// Slow (a real browser): one session for the whole file, three shots and one audit.
describe('blink', () => engineSuite(blink));

const found = blink.find(process.env);

describe.skipIf(!found.found && !process.env.CI)('the engines’ cache, with Blink', () => {
  it('draws an email once: again only when its HTML or an image it uses changes', async () => {
    expect(found.found).toBe(true);
    if (!found.found) return;
    const out = mkdtempSync(join(tmpdir(), 'engines-cache-'));
    try {
      mkdirSync(join(out, 'email/assets'), { recursive: true });
      const html = join(out, 'email/a.html');
      writeFileSync(html, SMALL_EMAIL.replace('<h1>', '<img src="assets/pic.png" alt="A picture" width="10" height="10"><h1>'));
      writeFileSync(join(out, 'email/assets/pic.png'), 'not yet an image');
      const progress = { write: () => true };
      const run = () => runEngines([{ slug: 'a', html, file: 'issues/a.md' }], [found], { outDir: out, progress });

      const first = await run();
      expect(first.failures).toEqual([]);
      expect(first.fresh).toBe(5);
      expect(first.complete).toEqual(['a']);
      expect(first.shots.get('a')!.map((s) => s.file)).toEqual([
        'shots/a/blink-light-600.png',
        'shots/a/blink-light-375.png',
        'shots/a/blink-dark-600.png',
        'shots/a/blink-dark-375.png',
        'shots/a/blink-inverted-375.png',
      ]);
      // The audit's findings, with the issue file: the faint text, and the box too wide for a phone.
      expect(first.findings.get('a')!.map((f) => [f.rule, f.file])).toEqual(
        expect.arrayContaining([
          ['render-contrast', 'issues/a.md'],
          ['render-overflow', 'issues/a.md'],
        ]),
      );
      // A shot is a hard link to its cache entry: one copy on disk.
      expect(statSync(join(out, 'shots/a/blink-light-600.png')).nlink).toBe(2);

      const again = await run();
      expect([again.fresh, again.failures]).toEqual([0, []]);
      expect(again.findings.get('a')).toEqual(first.findings.get('a'));

      writeFileSync(join(out, 'email/assets/pic.png'), 'changed in place');
      const changed = await run();
      expect(changed.fresh).toBe(5);
      // The old content's entries are gone: 5 shots and 3 audits remain.
      expect(readdirSync(join(out, ENGINE_CACHE)).filter((f) => !f.includes('.tmp'))).toHaveLength(8);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
