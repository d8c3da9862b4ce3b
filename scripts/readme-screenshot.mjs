// Regenerates docs/screenshot.png, the README's picture: the example issue at
// 600 px, on a 375 px phone, and on a phone in dark mode, side by side.
// Usage: npm run build && node scripts/readme-screenshot.mjs  (needs Chromium: /usr/bin/chromium or CHROMIUM_PATH)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const slug = '2026-10-28-code-review-is-a-conversation';
const out = mkdtempSync(join(tmpdir(), 'newsletter-screenshot-'));
try {
  execFileSync(process.execPath, [join(root, 'bin/newsletter.js'), 'build', `issues/${slug}.md`, '--out', out], { cwd: root, stdio: 'inherit' });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const shots = [];
  for (const [width, colorScheme] of [
    [600, 'light'],
    [375, 'light'],
    [375, 'dark'],
  ]) {
    // Drawn at 3/4 scale by Chromium itself: crisper than a scaled-down bitmap.
    const context = await browser.newContext({ viewport: { width, height: 1240 }, colorScheme, deviceScaleFactor: 0.75 });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(out, `${slug}.html`)).href, { waitUntil: 'load' });
    shots.push({ width, png: (await page.screenshot()).toString('base64') });
    await context.close();
  }
  // Three frames at 3/4 scale on a grey ground, cut at the same height.
  const page = await browser.newPage({ viewport: { width: 1072, height: 967 } });
  await page.setContent(
    `<body style="margin:0;background:#e2e5ea;display:flex;gap:15px;padding:15px;height:967px;box-sizing:border-box;overflow:hidden">` +
      shots.map((s) => `<img src="data:image/png;base64,${s.png}" style="width:${s.width * 0.75}px;height:auto;align-self:flex-start">`).join('') +
      `</body>`,
  );
  await page.screenshot({ path: join(root, 'docs/screenshot.png') });
  await browser.close();
} finally {
  rmSync(out, { recursive: true, force: true });
}
