import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, relative, resolve } from 'node:path';
import { NewsletterError, formatError, isNewsletterError } from '../problems/errors.js';
import { onInterrupt } from '../util/interrupt.js';
import { forceDarkMode } from '../preview/darkMode.js';
import { forceInversion } from '../preview/engines/invert.js';
import { sentHeaders } from '../preview/headers.js';
import { errorPage, indexPage, issuePage, type SiteInfo } from '../preview/pages.js';
import { INDEX } from '../preview/paths.js';
import type { PlannedIssue, PreviewSource } from '../preview/plan.js';
import { issueView } from '../preview/view.js';
import { renderForPreview } from '../preview/render.js';
import type { RenderedEmail } from '../preview/wire.js';
import { DevPlan, type DevSnapshot } from './devPlan.js';
import { listenOn } from './devListen.js';
import { watchWorkspace } from './devWatch.js';
import { WARM_ISSUES, warmUp } from './devWarm.js';

export interface DevOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string | undefined;
  /** An issue file to open first (it need not be in issues/). */
  issue?: string | undefined;
  /** How many of the newest issues to render at start, to warm the render (default WARM_ISSUES; 0: none). */
  warm?: number | undefined;
  /** Absent: the first free port from DEFAULT_PORT up, so the address stays the same from one start to the next; 0: any free port. */
  port?: number | undefined;
  /** Lines for the terminal (stderr): what changed. */
  log: (line: string) => void;
}

export interface DevServer {
  url: string;
  /** The page to open first: the index, or the issue given. */
  start: string;
  close(): Promise<void>;
  /** Resolves when the server has stopped. */
  closed: Promise<void>;
}

/** The workspace at one moment: planned once per change, rendered lazily. */
interface Snapshot extends DevSnapshot {
  generation: number;
}

type Outcome = { email: RenderedEmail; error: null } | { email: null; error: NewsletterError };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/**
 * `newsletter dev`: the preview pages served from memory on 127.0.0.1.
 * A change to an issue, the config, a template or an image bumps the
 * generation; open pages hear it over server-sent events and reload. Pages
 * are built when asked for, and an issue renders again only when its
 * content hash changed. A change is taken in at once, not after a fixed
 * wait: the events that arrived together are one change, a file that reads
 * as it did is none, and an event that arrives meanwhile is the next change.
 * A saved issue starts rendering then, before its page asks for it. The
 * index lists every issue but renders none: what is not rendered yet says so.
 */
export async function dev(opts: DevOptions): Promise<DevServer> {
  let generation = 1;
  let current: Snapshot | null = null;
  const results = new Map<string, Promise<Outcome>>();
  const clients = new Set<ServerResponse>();
  const extra = opts.issue ? resolve(opts.cwd, opts.issue) : null;
  if (extra && !existsSync(extra)) {
    throw new NewsletterError('FILE_NOT_FOUND', `${opts.issue} does not exist`, {
      file: opts.issue,
      hint: 'Give the path of an issue file, e.g. issues/2026-01-07-hello.md',
    });
  }

  const plan = new DevPlan({ cwd: opts.cwd, config: opts.config, extra });
  const snapshot = (): Snapshot => {
    if (current?.generation !== generation) current = { generation, ...plan.current };
    return current;
  };
  /** Outcomes already in, by key: what the index can show without rendering. */
  const settled = new Map<string, Outcome>();

  const outcome = (snap: Snapshot, p: PlannedIssue): Promise<Outcome> => {
    if (p.error || !p.key) return Promise.resolve({ email: null, error: p.error! });
    const key = p.key;
    let r = results.get(key);
    if (!r) {
      const src = snap.src!;
      r = renderForPreview({ issue: p.issue!, archive: p.archive, others: p.others }, src.config, src.templates)
        .then((email): Outcome => {
          for (const image of email.images) src.reader.readImage(image);
          return { email, error: null };
        })
        .catch((e: unknown): Outcome => {
          if (!isNewsletterError(e)) throw e;
          return { email: null, error: e };
        })
        .then((o) => {
          if (results.has(key)) settled.set(key, o);
          return o;
        });
      results.set(key, r);
    }
    return r;
  };

  /** The index's row of an issue: as rendered if it was, else what its file says, marked as not checked yet. */
  const indexView = (p: PlannedIssue): ReturnType<typeof issueView> => {
    if (p.error || !p.key) return issueView(p, null, p.error);
    const o = settled.get(p.key);
    return o ? issueView(p, o.email, o.error) : { ...issueView(p, null, null), pending: true };
  };

  const site = (snap: Snapshot): SiteInfo => ({
    name: snap.src?.config.name ?? 'Newsletter',
    from: snap.src?.config.from ?? null,
    language: snap.src?.config.language ?? 'en',
    screenshots: false,
    live: { generation: snap.generation },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A web page the author has open may rebind its own name to 127.0.0.1 (DNS rebinding): only our own names are answered.
    if (!allowedHost(req.headers.host, port)) return send(res, 421, '.txt', 'This server answers only http://127.0.0.1:PORT and http://localhost:PORT\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '.txt', 'Only GET\n');
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return send(res, 400, '.txt', 'Bad request: malformed URL\n');
    }
    if (path === '/__events') return events(res);
    const snap = snapshot();
    if (snap.error) return send(res, 500, '.html', errorPage(site(snap), 'The preview cannot be built', formatError(snap.error)));

    if (path === '/' || path === `/${INDEX}`) {
      return send(res, 200, '.html', indexPage(site(snap), snap.planned.map(indexView)));
    }
    let m = /^\/issues\/([^/]+)\.html$/.exec(path);
    if (m) {
      const p = snap.planned.find((x) => x.id === m![1]);
      if (!p)
        return send(res, 404, '.html', errorPage(site(snap), 'No such issue', `There is no issue page ${path}: its file may have been renamed or deleted.`));
      const o = await outcome(snap, p);
      const view = toView(p, o);
      const headers = o.email ? sentHeaders(snap.src!.config, o.email) : [];
      return send(res, 200, '.html', issuePage(site(snap), view, { text: o.email?.text ?? null, headers }));
    }
    m = /^\/email\/([^/]+?)(\.dark|\.inverted)?\.(html|txt)$/.exec(path);
    if (m) {
      const p = snap.planned.find((x) => x.issue?.slug === m![1] && !x.error);
      const o = p ? await outcome(snap, p) : null;
      if (!o?.email) return send(res, 404, '.txt', `No email ${path}\n`);
      if (m[3] === 'txt') return send(res, 200, '.txt', o.email.text);
      return send(res, 200, '.html', m[2] === '.dark' ? forceDarkMode(o.email.html) : m[2] ? forceInversion(o.email.html) : o.email.html);
    }
    if (path.startsWith('/email/')) return asset(res, snap.src!, path.slice('/email/'.length));
    return send(res, 404, '.txt', `Not found: ${path}\n`);
  };

  const events = (res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 500\nevent: generation\ndata: ${generation}\n\n`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  };

  const asset = (res: ServerResponse, src: PreviewSource, rel: string): void => {
    let image: { abs: string; bytes: Buffer };
    try {
      // Only images inside the workspace, through the guarded reader: never a dotfile, the config, a draft's source, a folder or a FIFO.
      image = src.reader.readImage(encodeURI(rel));
    } catch {
      return send(res, 404, '.txt', 'No such image\n');
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(image.abs).toLowerCase()] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(image.bytes);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      opts.log(`newsletter: internal error (this is a bug; please report it):\n${(e as Error)?.stack ?? String(e)}`);
      // The stack goes to the terminal, never into a response a web page could read.
      if (!res.headersSent) send(res, 500, '.txt', 'Internal error: see the terminal running newsletter dev\n');
      else res.end();
    });
  });
  await listenOn(server, opts.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  // Plan once now: a broken config shows at once, and the issue given gets its page's name.
  const first = snapshot();
  const startIssue = extra ? first.planned.find((p) => p.path === extra) : undefined;
  const start = startIssue ? `${url}issues/${encodeURIComponent(startIssue.id)}.html` : url;

  const root = first.src?.config.root ?? resolve(opts.cwd);
  const configName = first.src ? basename(first.src.config.file) : null;
  const changed = new Set<string>();
  let pending: NodeJS.Immediate | null = null;
  let holding: NodeJS.Timeout | null = null;
  /** Takes in the changes that arrived together (one save may be several events), then tells open pages. */
  const apply = (batch: Set<string>, acceptEmpty = false): void => {
    const touched = plan.update(batch, { acceptEmpty });
    // An issue that reads empty mid-save (truncated, not yet written) waits for the write's own event; if none comes, empty it is.
    if (plan.held.size > 0 && !holding) {
      holding = setTimeout(() => {
        holding = null;
        guarded(() => apply(plan.takeHeld(), true));
      }, EMPTY_HOLD_MS);
    }
    if (!touched) return;
    generation++;
    const snap = snapshot();
    opts.log(`changed ${[...batch].map((f) => relative(opts.cwd, f) || f).join(', ')}: reloading`);
    const live = new Set(snap.planned.map((p) => p.key));
    // No key depends on an image's bytes: when assets/ changed, an issue that failed (an image missing or
    // refused) renders again, or adding the image would not clear its error until the issue changed.
    const retry = [...batch].some((f) => plan.isAssetPath(f));
    for (const key of results.keys()) {
      if (live.has(key) && !(retry && settled.get(key)?.error)) continue;
      results.delete(key);
      settled.delete(key);
    }
    // The saved issue is the page about to ask for itself: render it now, while the browser hears of the change.
    for (const p of snap.planned) if (batch.has(p.path) && p.key) void outcome(snap, p).catch(() => {});
    for (const c of clients) c.write(`event: generation\ndata: ${generation}\n\n`);
  };
  const guarded = (fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      opts.log(`newsletter: internal error (this is a bug; please report it):\n${(e as Error)?.stack ?? String(e)}`);
    }
  };
  const watcher = watchWorkspace(root, configName, extra, (what) => {
    changed.add(what);
    pending ??= setImmediate(() =>
      guarded(() => {
        pending = null;
        const batch = new Set(changed);
        changed.clear();
        apply(batch);
      }),
    );
  });
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const dropHook = onInterrupt(() => `The preview server at ${url} stopped.`);
  let stopped = false;
  const close = async (): Promise<void> => {
    stopped = true;
    dropHook();
    watcher.close();
    clearInterval(keepAlive);
    if (pending) clearImmediate(pending);
    if (holding) clearTimeout(holding);
    for (const c of clients) c.end();
    await new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    resolveClosed();
  };
  // The first save shows as fast as the tenth: the render is warmed on the newest issues while the author looks.
  warmUp(
    first.planned,
    opts.warm ?? WARM_ISSUES,
    (p) => outcome(first, p),
    () => !stopped && generation === first.generation,
  ).catch((e: unknown) => opts.log(`newsletter: internal error (this is a bug; please report it):\n${(e as Error)?.stack ?? String(e)}`));
  return { url, start, close, closed };
}

/** How long an issue that turned empty is given to be written (editors truncate, then write): only then, never on a normal save. */
const EMPTY_HOLD_MS = 100;

function toView(p: PlannedIssue, o: Outcome): ReturnType<typeof issueView> {
  return issueView(p, o.email, o.error);
}

function send(res: ServerResponse, status: number, ext: string, body: string): void {
  res.writeHead(status, { 'content-type': TYPES[ext] ?? 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/** The Host header of a request to our own server: 127.0.0.1, localhost or [::1], on our port. */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host.toLowerCase() === `${name}:${port}`);
}
