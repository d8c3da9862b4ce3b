import { existsSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, relative, resolve } from 'node:path';
import { VERSION } from '../version.js';
import { NewsletterError, formatError, isNewsletterError } from '../problems/errors.js';
import { onInterrupt } from '../util/interrupt.js';
import { workspaceIssuePaths } from '../workspace/issueFiles.js';
import { isIssueFile } from '../workspace/reader.js';
import { forceDarkMode } from '../preview/darkMode.js';
import { forceInversion } from '../preview/engines/invert.js';
import { sentHeaders } from '../preview/headers.js';
import { errorPage, indexPage, issuePage, type SiteInfo } from '../preview/pages.js';
import { INDEX } from '../preview/paths.js';
import { openPreviewSource, planIssues, type PlannedIssue, type PreviewSource } from '../preview/plan.js';
import { issueView } from '../preview/view.js';
import { renderForPreview } from '../preview/render.js';
import type { RenderedEmail } from '../preview/wire.js';

export interface DevOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  config?: string | undefined;
  /** An issue file to open first (it need not be in issues/). */
  issue?: string | undefined;
  /** Absent: the first free port from DEFAULT_PORT up, so the address stays the same from one start to the next; 0: any free port. */
  port?: number | undefined;
  /** Lines for the terminal (stderr): what changed. */
  log: (line: string) => void;
  /** How long to wait after a change before reloading, so an editor's burst of events is one reload. */
  debounceMs?: number | undefined;
}

export interface DevServer {
  url: string;
  /** The page to open first: the index, or the issue given. */
  start: string;
  close(): Promise<void>;
  /** Resolves when the server has stopped. */
  closed: Promise<void>;
}

/** The workspace at one moment: planned from the files once per change, rendered lazily. */
interface Snapshot {
  generation: number;
  src: PreviewSource | null;
  /** The config or a template is broken: every page shows this. */
  error: NewsletterError | null;
  planned: PlannedIssue[];
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
 * content hash changed.
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

  const snapshot = (): Snapshot => {
    if (current?.generation === generation) return current;
    let src: PreviewSource | null = null;
    let error: NewsletterError | null = null;
    let planned: PlannedIssue[] = [];
    try {
      src = openPreviewSource({ cwd: opts.cwd, config: opts.config, version: VERSION });
      const paths = workspaceIssuePaths(src.reader);
      if (extra && !paths.includes(extra)) paths.push(extra);
      planned = planIssues(src, paths).issues;
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      error = e;
    }
    current = { generation, src, error, planned };
    const live = new Set(planned.map((p) => p.key));
    for (const key of results.keys()) if (!live.has(key)) results.delete(key);
    return current;
  };

  const outcome = (snap: Snapshot, p: PlannedIssue): Promise<Outcome> => {
    if (p.error || !p.key) return Promise.resolve({ email: null, error: p.error! });
    let r = results.get(p.key);
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
        });
      results.set(p.key, r);
    }
    return r;
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
      const views = await Promise.all(snap.planned.map(async (p) => toView(p, await outcome(snap, p))));
      return send(res, 200, '.html', indexPage(site(snap), views));
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
  let timer: NodeJS.Timeout | null = null;
  const changed = new Set<string>();
  const watcher = watchWorkspace(root, configName, extra, (what) => {
    changed.add(what);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      generation++;
      opts.log(`changed ${[...changed].map((f) => relative(opts.cwd, f) || f).join(', ')}: reloading`);
      changed.clear();
      for (const c of clients) c.write(`event: generation\ndata: ${generation}\n\n`);
    }, opts.debounceMs ?? 60);
  });
  const keepAlive = setInterval(() => {
    for (const c of clients) c.write(': keep-alive\n\n');
  }, 15_000);
  keepAlive.unref();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const dropHook = onInterrupt(() => `The preview server at ${url} stopped.`);
  const close = async (): Promise<void> => {
    dropHook();
    watcher.close();
    clearInterval(keepAlive);
    if (timer) clearTimeout(timer);
    for (const c of clients) c.end();
    await new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    resolveClosed();
  };
  return { url, start, close, closed };
}

/** Where `dev` looks for a free port first: bookmarks and open tabs keep working from one start to the next. */
export const DEFAULT_PORT = 4321;
const PORT_TRIES = 100;

/** Listens on 127.0.0.1: on `port` when given (0: any), else on the first free one from DEFAULT_PORT up. */
async function listenOn(server: ReturnType<typeof createServer>, port: number | undefined): Promise<void> {
  const attempt = (p: number): Promise<boolean> =>
    new Promise<boolean>((resolveListen, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        if (e.code === 'EADDRINUSE') resolveListen(false);
        else reject(e);
      };
      server.once('error', onError);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', onError);
        resolveListen(true);
      });
    });
  if (port !== undefined) {
    if (await attempt(port)) return;
    throw new NewsletterError('USAGE', `Port ${port} on 127.0.0.1 is already in use`, { hint: 'Leave out --port to get the next free one' });
  }
  for (let p = DEFAULT_PORT; p < DEFAULT_PORT + PORT_TRIES; p++) if (await attempt(p)) return;
  if (await attempt(0)) return;
  throw new NewsletterError('USAGE', 'No free port on 127.0.0.1', { hint: 'Pass --port N' });
}

function toView(p: PlannedIssue, o: Outcome): ReturnType<typeof issueView> {
  return issueView(p, o.email, o.error);
}

function send(res: ServerResponse, status: number, ext: string, body: string): void {
  res.writeHead(status, { 'content-type': TYPES[ext] ?? 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Watches what the previews are made of: the config in the workspace root,
 * issues/, templates/ and assets/ with their subfolders (each watched again
 * when it is created or replaced), and the issue given if it lives elsewhere. Editors' swap and
 * backup files are ignored.
 */
function watchWorkspace(root: string, configName: string | null, extra: string | null, onChange: (file: string) => void): { close(): void } {
  const dirs = new Map<string, FSWatcher>();
  const relevant: Record<string, (name: string) => boolean> = {
    issues: (n) => isIssueFile(n),
    templates: (n) => n.endsWith('.hbs') && !n.startsWith('.'),
    assets: (n) => !n.startsWith('.') && !n.endsWith('~') && !/\.(swp|swx|tmp)$/i.test(n),
  };
  const watchDir = (name: string): void => {
    dirs.get(name)?.close();
    dirs.delete(name);
    const dir = join(root, name);
    try {
      // Recursive: issues/2025/x.md and assets/2025/x.png are read as well as the top level.
      const w = watch(dir, { recursive: true }, (_event, file) => {
        const rel = file?.toString();
        if (rel && relevant[name]!(basename(rel))) onChange(join(dir, rel));
      });
      w.on('error', () => dirs.delete(name));
      dirs.set(name, w);
    } catch {
      // Not there (yet): the root watcher sees it appear.
    }
  };
  const watchers: FSWatcher[] = [];
  const rootWatcher = watch(root, (_event, file) => {
    const name = file?.toString() ?? '';
    if (name in relevant) {
      watchDir(name);
      onChange(join(root, name));
    } else if (configName ? name === configName : /^newsletter\.config\.ya?ml$/.test(name)) {
      onChange(join(root, name));
    }
  });
  watchers.push(rootWatcher);
  for (const name of Object.keys(relevant)) watchDir(name);
  if (extra && resolve(extra, '..') !== join(root, 'issues')) {
    const dir = resolve(extra, '..');
    watchers.push(
      watch(dir, (_event, file) => {
        if (file?.toString() === basename(extra) || (file && isIssueFile(file.toString()))) onChange(join(dir, file!.toString()));
      }),
    );
  }
  return {
    close() {
      for (const w of [...watchers, ...dirs.values()]) w.close();
    },
  };
}

/** The Host header of a request to our own server: 127.0.0.1, localhost or [::1], on our port. */
export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].some((name) => host.toLowerCase() === `${name}:${port}`);
}
