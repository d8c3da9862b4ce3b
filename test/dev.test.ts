import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { spawnDev, startDev, type DevServer } from './helpers/dev.js';
import { runMain } from './helpers/run.js';
import { ROOT, cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

const ISSUE = 'issues/2026-10-28-code-review-is-a-conversation.md';
const SLUG = '2026-10-28-code-review-is-a-conversation';
const running: DevServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((d) => d.stop()));
});
afterAll(cleanupWorkspaces);

async function dev(ws: string, args: string[] = [], options: { warm?: number } = {}): Promise<DevServer> {
  const d = await startDev(ws, args, {}, options);
  running.push(d);
  return d;
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const r = await fetch(url);
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

interface EventStream {
  /** Resolves when the event "generation" with this data has arrived (at once if it has). */
  until: (data: string) => Promise<void>;
  /** The generations announced so far, in order. */
  generations: () => string[];
  close: () => void;
}

/** Reads a server-sent event stream; each wait ends on an event, not on a clock. */
async function events(url: string): Promise<EventStream> {
  const ctl = new AbortController();
  const r = await fetch(`${url}__events`, { signal: ctl.signal });
  expect(r.headers.get('content-type')).toBe('text/event-stream');
  const reader = r.body!.getReader();
  let text = '';
  const generations = (): string[] => [...text.matchAll(/event: generation\ndata: (\S+)\n\n/g)].map((m) => m[1]!);
  const waiters = new Set<{ data: string; resolve: () => void }>();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString();
        const seen = generations();
        for (const w of waiters) {
          if (seen.includes(w.data)) {
            waiters.delete(w);
            w.resolve();
          }
        }
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    until: (data) => (generations().includes(data) ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ data, resolve }))),
    generations,
    close: () => ctl.abort(),
  };
}

describe('newsletter dev', () => {
  it('serves the index, the issue pages and the emails on 127.0.0.1, on a free port', async () => {
    const ws = makeWorkspace();
    const [a, b] = await Promise.all([dev(ws), dev(ws)]);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(b.url).not.toBe(a.url);
    expect(a.start).toBe(a.url);

    const index = await get(a.url);
    expect(index.status).toBe(200);
    expect(index.type).toBe('text/html; charset=utf-8');
    expect(index.body.match(/<li class="row/g)).toHaveLength(5);
    expect(index.body).toContain(`href="issues/${SLUG}.html"`);
    expect(index.body).toContain("new EventSource('/__events')");

    const page = await get(`${a.url}issues/${SLUG}.html`);
    expect(page.body).toContain(`src="../email/${SLUG}.html"`);
    expect(page.body).toContain('01:19  Why Priya stopped');

    // The email is the one `build` writes.
    await runMain(['build', ISSUE, '--out', 'built'], { cwd: ws });
    const email = await get(`${a.url}email/${SLUG}.html`);
    expect(email.body).toBe(readFileSync(join(ws, 'built', `${SLUG}.html`), 'utf8'));
    expect((await get(`${a.url}email/${SLUG}.txt`)).body).toBe(readFileSync(join(ws, 'built', `${SLUG}.txt`), 'utf8'));
    expect((await get(`${a.url}email/${SLUG}.dark.html`)).body).toContain('<meta name="color-scheme" content="dark">');
    expect((await get(`${a.url}email/${SLUG}.inverted.html`)).body).toContain('html { filter: invert(1) hue-rotate(180deg)');

    const logo = await fetch(`${a.url}email/assets/logo.png`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer()).equals(readFileSync(join(ws, 'assets/logo.png')))).toBe(true);
    for (const path of [
      'email/../newsletter.config.yaml',
      'email/%2e%2e/newsletter.config.yaml',
      'email/..%2f..%2fetc/passwd',
      'email/assets/none.png',
      'nothing',
    ]) {
      expect((await get(a.url + path)).status, path).toBe(404);
    }
  });

  it('lists every issue on the index without rendering one; an issue opened shows its findings there', async () => {
    const ws = makeWorkspace();
    // No warm-up: what the index renders by itself (nothing) is what this is about.
    const d = await dev(ws, [], { warm: 0 });
    const before = (await get(d.url)).body;
    expect(before.match(/<li class="row/g)).toHaveLength(5);
    expect(before.match(/not checked yet: open it/g)).toHaveLength(5);
    expect(before).toContain('Code review is a conversation, not a verdict'); // the subject, from the file
    expect((await get(`${d.url}issues/${SLUG}.html`)).status).toBe(200);
    const after = (await get(d.url)).body;
    expect(after.match(/not checked yet: open it/g)).toHaveLength(4);
    expect(after).toMatch(/<span class="size">\d/);
  });

  it('warms the render on the newest issues at start: they are checked before anyone opens them, the oldest is not', async () => {
    const ws = makeWorkspace();
    const d = await dev(ws, [], { warm: 4 });
    // Poll the index (which renders nothing itself) until the warm-up is through; the test's timeout bounds it.
    let body = (await get(d.url)).body;
    while ((body.match(/not checked yet: open it/g) ?? []).length > 1) {
      await new Promise((r) => setTimeout(r, 20));
      body = (await get(d.url)).body;
    }
    const rows = body.split('<li class="row').slice(1);
    const pending = rows.filter((r) => r.includes('not checked yet'));
    expect(pending).toHaveLength(1);
    // The one left is the oldest of the five.
    expect(pending[0]).toContain('The Case for Small Commits');
  });

  it('opens the issue given, and tells the reload to every open page when it changes', async () => {
    const ws = makeWorkspace();
    const d = await dev(ws, [ISSUE]);
    expect(d.start).toBe(`${d.url}issues/${SLUG}.html`);
    const sse = await events(d.url);
    await sse.until('1');
    const file = join(ws, ISSUE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: Code Review Is a Conversation, Not a Verdict', 'title: Code Review Is a Dialogue'));
    await sse.until('2');
    await d.waitForLog(/changed issues\/2026-10-28-code-review-is-a-conversation\.md: reloading/);
    expect((await get(`${d.url}email/${SLUG}.html`)).body).toContain('Code Review Is a Dialogue');
    sse.close();
  });

  it('reloads on changes in subfolders of issues/ and assets/', async () => {
    const ws = makeWorkspace({ 'issues/2027/2027-01-06-sub.md': '---\ntitle: In a subfolder\ndate: 2027-01-06\n---\n\nHi.\n', 'assets/2027/a.txt': 'x' });
    const d = await dev(ws);
    const sse = await events(d.url);
    await sse.until('1');
    expect((await get(`${d.url}email/2027-01-06-sub.html`)).body).toContain('In a subfolder');
    writeFileSync(join(ws, 'issues/2027/2027-01-06-sub.md'), '---\ntitle: Still in a subfolder\ndate: 2027-01-06\n---\n\nHi.\n');
    await sse.until('2');
    expect((await get(`${d.url}email/2027-01-06-sub.html`)).body).toContain('Still in a subfolder');
    writeFileSync(join(ws, 'assets/2027/a.txt'), 'y');
    await sse.until('3');
    await d.waitForLog(/changed assets\/2027\/a\.txt: reloading/);
    sse.close();
  });

  it('an image added to assets/ clears the error of the issue that names it, without touching the issue', async () => {
    const ws = makeWorkspace({ 'issues/2027-01-06-late.md': '---\ntitle: A late image\ndate: 2027-01-06\n---\n\nHi.\n\n![A diagram](assets/late.png)\n' });
    const d = await dev(ws);
    const sse = await events(d.url);
    await sse.until('1');
    const missing = await get(`${d.url}issues/2027-01-06-late.html`);
    expect(missing.body).toContain('assets/late.png');
    expect(missing.body).not.toContain('<iframe');
    copyFileSync(join(ROOT, 'assets/sponsor.png'), join(ws, 'assets/late.png'));
    await sse.until('2');
    const shown = await get(`${d.url}issues/2027-01-06-late.html`);
    expect(shown.body).toContain('<iframe');
    expect((await get(`${d.url}email/2027-01-06-late.html`)).body).toContain('alt="A diagram"');
    sse.close();
  });

  it('a broken save shows the error in the page, and the next good save recovers', async () => {
    const ws = makeWorkspace();
    const d = await dev(ws);
    const sse = await events(d.url);
    const file = join(ws, ISSUE);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace(/^title: .*$/m, 'title: "unclosed'));
    await sse.until('2');
    const broken = await get(`${d.url}issues/${SLUG}.html`);
    expect(broken.status).toBe(200);
    expect(broken.body).toContain('FRONTMATTER_YAML');
    expect(broken.body).toContain(`${ISSUE}:`);
    expect(broken.body).not.toContain('<iframe');
    expect((await get(d.url)).body).toMatch(/class="badge error">1 error/);

    writeFileSync(file, good);
    await sse.until('3');
    const fixed = await get(`${d.url}issues/${SLUG}.html`);
    expect(fixed.body).toContain('<iframe');
    expect(fixed.body).not.toContain('FRONTMATTER_YAML');
    sse.close();
  });

  it('reloads on a change of the config or a template; a broken config is the page until it is fixed', async () => {
    const ws = makeWorkspace();
    const d = await dev(ws);
    const sse = await events(d.url);
    const config = join(ws, 'newsletter.config.yaml');
    const good = readFileSync(config, 'utf8');

    writeFileSync(config, 'name: [unclosed\n');
    await sse.until('2');
    const broken = await get(d.url);
    expect(broken.status).toBe(500);
    expect(broken.body).toContain('error[CONFIG_INVALID] newsletter.config.yaml');
    expect(broken.body).toContain("new EventSource('/__events')"); // it still reloads
    writeFileSync(config, good.replace(/^greeting: .*$/m, 'greeting: Hello makers,'));
    await sse.until('3');
    expect((await get(`${d.url}email/maintenance-mode.html`)).body).toContain('Hello makers,'); // an issue without a greeting of its own

    mkdirSync(join(ws, 'templates'));
    copyFileSync(join(ROOT, 'templates/title.txt.hbs'), join(ws, 'templates/title.txt.hbs'));
    await sse.until('4');
    writeFileSync(join(ws, 'templates/title.txt.hbs'), 'TITLE: {{title}}\n');
    await sse.until('5');
    expect((await get(`${d.url}email/${SLUG}.txt`)).body).toContain('TITLE: Code Review Is a Conversation');
    sse.close();
  });

  it('ignores editor swap files, and one save is one reload', async () => {
    const ws = makeWorkspace();
    const d = await dev(ws);
    const sse = await events(d.url);
    await sse.until('1');
    writeFileSync(join(ws, 'issues/.2026-10-28-code-review-is-a-conversation.md.swp'), 'x');
    writeFileSync(join(ws, 'issues/notes.txt'), 'x');
    const file = join(ws, ISSUE);
    writeFileSync(file, readFileSync(file, 'utf8') + '\nOne more line.\n');
    await sse.until('2');
    // Then another change: had the swap files or the one save made reloads of their own, this one
    // would not be generation 3, or the log would name them.
    const config = join(ws, 'newsletter.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8') + '\n');
    await sse.until('3');
    expect(sse.generations()).toEqual(['1', '2', '3']);
    expect(d.log()).toEqual([`changed ${ISSUE}: reloading`, 'changed newsletter.config.yaml: reloading']);
    sse.close();
  });

  it('a missing issue argument is an error (66); a taken --port is a usage error (2); SIGTERM stops it', async () => {
    const ws = makeWorkspace();
    const missing = await runMain(['dev', 'issues/nope.md'], { cwd: ws });
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/error\[FILE_NOT_FOUND\] issues\/nope\.md/);

    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const taken = await runMain(['dev', '--port', String(port)], { cwd: ws });
    blocker.close();
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));

    // The real bin: SIGTERM is the process's.
    const d = await spawnDev(ws);
    const code = await d.stop();
    expect(code).toBe(143);
    expect(d.stderr()).toContain(`The preview server at ${d.url} stopped`);
  });
});

/** A raw request, so the Host header and the path are exactly what a hostile page could send. */
function raw(url: string, path: string, host?: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, headers: { host: host ?? `${hostname}:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('newsletter dev against a hostile page', () => {
  it('answers only its own host names, serves no workspace file but images, and survives bad requests', async () => {
    const ws = makeWorkspace({ '.env': 'SECRET=hunter2\n', 'assets/notes.txt': 'private notes\n' });
    const d = await dev(ws);
    const { port } = new URL(d.url);
    // DNS rebinding: a page at evil.example:PORT that now resolves to 127.0.0.1.
    expect((await raw(d.url, '/', `evil.example:${port}`)).status).toBe(421);
    expect((await raw(d.url, '/', `localhost:${port}`)).status).toBe(200);
    for (const path of [
      '/email/.env',
      '/email/../.env',
      '/email/newsletter.config.yaml',
      `/email/${ISSUE}`,
      '/email/assets/notes.txt',
      '/email/assets',
      '/email/assets/',
    ]) {
      const r = await raw(d.url, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toMatch(/hunter2|private notes|title:/);
    }
    const bad = await raw(d.url, '/email/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.body).not.toMatch(/\n\s+at /);
    // Still serving after all that: the logo the emails use.
    expect((await raw(d.url, '/email/assets/logo.png')).status).toBe(200);
  });
});
