import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../src/preview/engines/png.js';
import { missingLine, type Engine, type EngineSession, type ShotJob } from '../../src/preview/engines/types.js';

/**
 * A small email with planted problems: a light grey line (1.9:1 on white),
 * a box 500 px wide, and a dark palette under prefers-color-scheme.
 */
export const SMALL_EMAIL = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><meta name="color-scheme" content="light dark">
<style>
body { margin: 0; font: 16px/1.5 Helvetica, Arial, sans-serif; background: #ffffff; color: #222222; }
.card { padding: 16px; }
@media (prefers-color-scheme: dark) { body { background: #121212; color: #eeeeee; } .faint { color: #8a8a8a !important; } }
</style></head><body><div class="card">
<h1>Hello</h1><p class="plain">Readable text for the reader, in a dark grey.</p>
<p class="faint" style="color:#bbbbbb">Faint text that fails</p>
<div class="wide" style="width:500px;background:#eeeeee">A wide box</div>
</div></body></html>
`;

/** The env that makes each engine missing, and the path its line must name. */
export const MISSING_ENV = {
  CHROMIUM_PATH: '/nonexistent/chromium',
  FIREFOX_PATH: '/nonexistent/firefox',
  WEBKIT_DRIVER_PATH: '/nonexistent/WebKitWebDriver',
};

/** Share of pixels that differ between two decoded PNGs of the same size. */
export function differingShare(a: Buffer, b: Buffer): number {
  const [x, y] = [decodePng(a), decodePng(b)];
  expect([x.width, x.height]).toEqual([y.width, y.height]);
  let differ = 0;
  for (let i = 0; i < x.data.length; i += 4) if (x.data[i] !== y.data[i] || x.data[i + 1] !== y.data[i + 1] || x.data[i + 2] !== y.data[i + 2]) differ++;
  return differ / (x.width * x.height);
}

/** Mean luminance (0-255) of a PNG. */
export function meanLuma(png: Buffer): number {
  const { data, width, height } = decodePng(png);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!;
  return sum / (width * height);
}

/**
 * The tests every engine passes, with one session for the file: three
 * shots of the small email at 375 px (light, dark, inverted) and one audit.
 * Without the engine they are skipped, except in CI, where a missing
 * engine fails (so CI can't pass by not testing).
 */
export function engineSuite(engine: Engine): void {
  const lookup = engine.find(process.env);
  const skip = !lookup.found && !process.env.CI;

  it(`${engine.name}: a missing engine is one line that says why and how to get it`, () => {
    const m = engine.find({ ...process.env, ...MISSING_ENV, PATH: '/nonexistent' });
    expect(m.found).toBe(false);
    if (m.found) return;
    const line = missingLine(m);
    expect(line).not.toContain('\n');
    expect(line).toMatch(new RegExp(`^${engine.name}: .*/nonexistent/.* \\(.+\\)$`));
  });

  describe.skipIf(skip)(`${engine.name} on this machine`, () => {
    let dir: string;
    let session: EngineSession | null = null;
    const shots: Record<string, Buffer> = {};
    let failures: unknown[] = [];

    beforeAll(async () => {
      expect(lookup.found, lookup.found ? '' : missingLine(lookup)).toBe(true);
      if (!lookup.found) return;
      dir = mkdtempSync(join(tmpdir(), `engines-${engine.id}-`));
      writeFileSync(join(dir, 'email.html'), SMALL_EMAIL);
      session = await lookup.open();
      const jobs: ShotJob[] = (['light', 'dark', 'inverted'] as const).map((scheme) => ({
        html: join(dir, 'email.html'),
        width: 375,
        scheme,
        out: join(dir, `${scheme}.png`),
      }));
      failures = await session.shoot(jobs);
      for (const j of jobs) shots[j.scheme] = readFileSync(j.out);
    }, 600_000);

    afterAll(async () => {
      await session?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('shoots the email 375 px wide, as tall as its content, light and dark different', () => {
      expect(failures).toEqual([]);
      for (const scheme of ['light', 'dark', 'inverted']) {
        const png = decodePng(shots[scheme]!);
        expect(png.width, scheme).toBe(375);
        // The content is about 300 px tall: the window (Gecko's is 16000 px) is cut to it.
        expect(png.height, scheme).toBeGreaterThan(150);
        expect(png.height, scheme).toBeLessThan(600);
      }
      expect(differingShare(shots.light!, shots.dark!)).toBeGreaterThan(0.5);
      expect(meanLuma(shots.light!)).toBeGreaterThan(200);
      expect(meanLuma(shots.dark!)).toBeLessThan(60);
      // The Gmail apps' inversion: the white page turns black.
      expect(meanLuma(shots.inverted!)).toBeLessThan(60);
    });

    it('the audit finds the faint text and the 500 px box, and not the readable text', async () => {
      const results = await session!.audit([{ html: join(dir, 'email.html'), scheme: 'light', widths: [375] }]);
      expect(results).not.toBeNull();
      const [r] = results!;
      expect(r!.error).toBeUndefined();
      const overflow = r!.problems.filter((p) => p.kind === 'overflow');
      expect(overflow).toEqual([expect.objectContaining({ width: 375, culprit: expect.stringContaining('div.wide') })]);
      expect(overflow[0]!.kind === 'overflow' && overflow[0]!.scrollWidth).toBeGreaterThanOrEqual(500);
      const contrast = r!.problems.filter((p) => p.kind === 'contrast');
      expect(contrast).toEqual([expect.objectContaining({ text: 'Faint text that fails', fg: '#bbbbbb', bg: '#ffffff' })]);
      expect(contrast[0]!.kind === 'contrast' && contrast[0]!.ratio).toBeCloseTo(1.92, 1);
    });
  });
}
