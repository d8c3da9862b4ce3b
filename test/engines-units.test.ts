import { mkdtempSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/preview/browser.js';
import { auditFindings } from '../src/preview/engines/auditFindings.js';
import { contentHash, engineKey } from '../src/preview/engines/contentKey.js';
import { forceInversion } from '../src/preview/engines/invert.js';
import { parseEngineList } from '../src/preview/engines/names.js';
import { cropPng, decodePng, drawnHeight, stackPngs } from '../src/preview/engines/png.js';
import { findEngines } from '../src/preview/engines/registry.js';
import { EmailServer } from '../src/preview/engines/server.js';
import { engineShotsSection } from '../src/preview/engines/shotsSection.js';
import { missingLine } from '../src/preview/engines/types.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'engines-units-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A PNG `width` × `height`, each row's grey level given by `row(y)`. */
function png(width: number, height: number, row: (y: number) => number): Buffer {
  const p = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      p.data[i] = p.data[i + 1] = p.data[i + 2] = row(y);
      p.data[i + 3] = 255;
    }
  return PNG.sync.write(p);
}

describe('finding engines', () => {
  it('--engines takes known names in any case and order, and refuses others', () => {
    expect(parseEngineList('WebKit, blink')).toEqual(['blink', 'webkit']);
    expect(() => parseEngineList('blink,trident')).toThrow(/blink, gecko, webkit \(not trident\)/);
    expect(() => parseEngineList(',')).toThrow(/comma-separated/);
  });

  it('on a platform with none of them, each engine is missing with one line saying how to get it', () => {
    const { found, missing } = findEngines({ PATH: '/nonexistent' }, undefined, 'freebsd');
    expect(found).toEqual([]);
    expect(missing.map(missingLine)).toEqual([
      'Blink: no Chromium, Google Chrome or Microsoft Edge found (install Google Chrome or Microsoft Edge, or set CHROMIUM_PATH)',
      'Gecko: no Firefox found (install Firefox, or set FIREFOX_PATH)',
      'WebKit: no WebKit engine on freebsd (WebKit previews need Linux (WebKitGTK) or macOS (Safari))',
    ]);
  });

  it('only the engines asked for are looked for', () => {
    const { found, missing } = findEngines({ PATH: '/nonexistent' }, ['gecko'], 'freebsd');
    expect([...found, ...missing].map((e) => e.id)).toEqual(['gecko']);
  });

  it('CHROMIUM_PATH wins, and one that is not there is an error rather than a search elsewhere', () => {
    const dir = tempDir();
    const exe = join(dir, 'my-chrome');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(findChromium({ CHROMIUM_PATH: exe }, 'linux')).toEqual({ path: exe, channel: null, how: `CHROMIUM_PATH=${exe}` });
    const bad = findChromium({ CHROMIUM_PATH: join(dir, 'none') }, 'linux');
    expect(bad.path).toBeNull();
    expect('reason' in bad && bad.reason).toMatch(/CHROMIUM_PATH=.*none does not exist/);
  });
});

describe('the shots cache key', () => {
  it('changes with the HTML and with a local image it uses, not with other files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'e.html'), '<img src="assets/logo.png"><img src="https://cdn.example.com/x.png">');
    writeFileSync(join(dir, 'assets/logo.png'), 'one');
    writeFileSync(join(dir, 'assets/other.png'), 'x');
    const first = contentHash(join(dir, 'e.html'));
    writeFileSync(join(dir, 'assets/other.png'), 'y');
    expect(contentHash(join(dir, 'e.html'))).toBe(first);
    writeFileSync(join(dir, 'assets/logo.png'), 'two');
    const second = contentHash(join(dir, 'e.html'));
    expect(second).not.toBe(first);
    writeFileSync(join(dir, 'e.html'), '<img src="assets/logo.png"> ');
    expect(contentHash(join(dir, 'e.html'))).not.toBe(second);
  });

  it('differs per engine version, scheme, width and kind', () => {
    const base = { content: 'c', engine: 'gecko', version: '1', scheme: 'light', width: 375, what: 'shot' as const };
    const keys = new Set([
      engineKey(base),
      engineKey({ ...base, version: '2' }),
      engineKey({ ...base, scheme: 'dark' }),
      engineKey({ ...base, width: 600 }),
      engineKey({ ...base, what: 'audit' }),
    ]);
    expect(keys.size).toBe(5);
  });
});

describe('PNG cropping', () => {
  it('cuts a rect, and brings a 2× screenshot back to CSS pixels', () => {
    const src = png(40, 30, (y) => (y < 10 ? 0 : 255));
    const cut = decodePng(cropPng(src, { x: 0, y: 5, width: 20, height: 10 }));
    expect([cut.width, cut.height]).toEqual([20, 10]);
    expect([cut.data[0], cut.data[9 * 20 * 4]]).toEqual([0, 255]);
    const half = decodePng(cropPng(src, { x: 0, y: 0, width: 20, height: 15 }, 2));
    expect([half.width, half.height]).toEqual([20, 15]);
    expect([half.data[0], half.data[14 * 20 * 4]]).toEqual([0, 255]);
  });

  it('finds where the drawing ends above a uniform bottom, and stacks strips', () => {
    expect(drawnHeight(png(10, 50, (y) => (y === 20 ? 0 : 255)))).toBe(21);
    const stacked = decodePng(stackPngs([png(10, 5, () => 0), png(10, 7, () => 255)]));
    expect([stacked.width, stacked.height, stacked.data[4 * 10 * 4], stacked.data[5 * 10 * 4]]).toEqual([10, 12, 0, 255]);
  });
});

describe('the forced inversion', () => {
  it('inverts the page and re-inverts its images, whatever the document looks like', () => {
    for (const html of ['<html><head></head><body>x</body></html>', '<body>x</body>', 'x']) {
      const out = forceInversion(html);
      expect(out).toMatch(/html \{ filter: invert\(1\) hue-rotate\(180deg\)/);
      expect(out).toMatch(/img, picture, video, svg, \[background\] \{ filter: invert\(1\)/);
      expect(out.replace(/<style[^>]*>[\s\S]*?<\/style>/, '')).toBe(html);
    }
  });
});

describe('audit findings', () => {
  it('one finding per problem, naming every engine and width that saw it', () => {
    const contrast = { kind: 'contrast' as const, text: 'Hello', where: 'p', fg: '#bbbbbb', bg: '#ffffff', ratio: 1.92, count: 2 };
    const f = auditFindings([
      {
        engine: 'Blink',
        scheme: 'light',
        problems: [
          { ...contrast, width: 375 },
          { kind: 'overflow', width: 320, scrollWidth: 516, culprit: 'div.wide' },
        ],
      },
      { engine: 'WebKit', scheme: 'light', problems: [{ ...contrast, width: 600, ratio: 1.9 }] },
      { engine: 'WebKit', scheme: 'dark', problems: [{ ...contrast, width: 600 }] },
    ]);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([
      ['render-contrast', 'warning'],
      ['render-overflow', 'warning'],
      ['render-contrast', 'warning'],
    ]);
    expect(f[0]!.message).toBe(
      'Text "Hello" is 1.9:1 against its background in light mode (#bbbbbb on #ffffff); text needs 4.5:1 (and 1 more in these colours) (Blink, WebKit at 375 and 600 px)',
    );
    expect(f[1]!.message).toBe('The email is 516 px wide on a 320 px screen: div.wide (Blink)');
    expect(f[2]!.message).toMatch(/in dark mode .*\(WebKit at 600 px\)$/);
  });
});

describe('the engines’ server', () => {
  it('serves the email and its folder, and nothing outside it or without its token', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'mail'));
    writeFileSync(join(dir, 'mail/e.html'), '<html><head></head><body>hi</body></html>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    const server = await EmailServer.start();
    try {
      const url = server.emailUrl(join(dir, 'mail/e.html'), 'inverted', '<i>added</i>');
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const page = await (await fetch(url)).text();
      expect(page).toContain('filter: invert(1)');
      expect(page).toContain('hi<i>added</i></body>');
      const base = url.slice(0, url.indexOf('/e/'));
      for (const path of [
        `${base}/e/0/..%2Fsecret.txt`,
        `${base}/e/0/../secret.txt`,
        `${base}/e/1/e.html`,
        url.replace(/\/[0-9a-f]{24}\//, '/000000000000000000000000/'),
      ])
        expect((await fetch(path)).status, path).toBe(404);
      const report = server.expectReport();
      await fetch(report.url, { method: 'POST', body: '{"height":12}' });
      expect(await report.body).toBe('{"height":12}');
    } finally {
      await server.close();
    }
  });
});

describe('the issue page’s screenshots', () => {
  it('shows each engine’s shot of a view side by side, and says when one is missing', () => {
    const html = engineShotsSection(
      [
        { id: 'blink', name: 'Blink' },
        { id: 'gecko', name: 'Gecko' },
      ],
      [{ engine: 'blink', scheme: 'light', width: 375, file: 'shots/s/blink-light-375.png' }],
      'Subject <b>',
    );
    expect(html).toContain('<h2>As Blink and Gecko draw it</h2>');
    const phoneLight = /<div class="shotset shotset-0">(.*?)<\/div>/.exec(html)![1]!;
    expect(phoneLight).toContain('<img src="../shots/s/blink-light-375.png"');
    expect(phoneLight).toMatch(/<figcaption>Gecko<\/figcaption><p class="noshot">/);
    expect(html).toContain('Subject &lt;b&gt;, as Blink draws it at 375 px, light');
    expect(html.match(/type="radio"/g)).toHaveLength(5);
  });
});
