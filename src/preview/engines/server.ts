import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import { forceDarkMode } from '../darkMode.js';
import { forceInversion } from './invert.js';

/** How the server changes an email on its way to the browser. */
export type Transform = 'none' | 'inverted' | 'dark';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.css': 'text/css; charset=utf-8',
};

/**
 * A web server on 127.0.0.1 (a free port) for the engines that load the
 * email over HTTP: WebKit's wrapper page must be same-origin with the
 * email to measure and audit it, Gecko's page reports its height and audit
 * back here, and each engine gets the same transformed email. It serves
 * only the folders of the emails it was given, under a random path.
 */
export class EmailServer {
  private readonly token = randomBytes(12).toString('hex');
  private readonly roots: string[] = [];
  private readonly injections: string[] = [];
  private readonly reports = new Map<string, (body: string) => void>();
  private seq = 0;

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly origin: string,
  ) {}

  static async start(): Promise<EmailServer> {
    let self: EmailServer | null = null;
    const server = createServer((req, res) => {
      self!.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', () => ok());
    });
    const { port } = server.address() as AddressInfo;
    self = new EmailServer(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** The URL of an email file, with `inject` (HTML) added before `</body>`. */
  emailUrl(html: string, transform: Transform, inject = ''): string {
    const root = dirname(resolve(html));
    let i = this.roots.indexOf(root);
    if (i < 0) i = this.roots.push(root) - 1;
    const q = new URLSearchParams({ t: transform });
    if (inject) q.set('i', String(this.injections.push(inject) - 1));
    return `${this.origin}/${this.token}/e/${i}/${encodeURIComponent(basename(html))}?${q}`;
  }

  /** A page showing `src` in an iframe `width` px wide, at the top left, with nothing around it. */
  wrapperUrl(src: string, width: number): string {
    return `${this.origin}/${this.token}/wrap?${new URLSearchParams({ src, w: String(width) })}`;
  }

  /** A URL a page can POST to, and the body it will post. */
  expectReport(): { url: string; body: Promise<string> } {
    const id = String(++this.seq);
    const body = new Promise<string>((ok) => this.reports.set(id, ok));
    return { url: `${this.origin}/${this.token}/report/${id}`, body };
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const [token, kind, ...rest] = url.pathname.split('/').slice(1);
    if (token !== this.token) return notFound(res);
    if (kind === 'report' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      this.reports.get(rest[0] ?? '')?.(Buffer.concat(chunks).toString('utf8'));
      this.reports.delete(rest[0] ?? '');
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
      return;
    }
    if (kind === 'wrap') {
      const width = Number(url.searchParams.get('w')) || 375;
      const src = url.searchParams.get('src') ?? '';
      if (!src.startsWith(this.origin + '/')) return notFound(res);
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-store' }).end(wrapperPage(src, width));
      return;
    }
    if (kind !== 'e' || rest.length < 2) return notFound(res);
    const root = this.roots[Number(rest[0])];
    if (root === undefined) return notFound(res);
    let file: string;
    try {
      file = resolve(root, ...rest.slice(1).map(decodeURIComponent));
    } catch {
      return notFound(res);
    }
    if (!file.startsWith(root + sep)) return notFound(res);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return notFound(res);
    }
    if (type.startsWith('text/html')) {
      let html = data.toString('utf8');
      const t = url.searchParams.get('t');
      if (t === 'inverted') html = forceInversion(html);
      else if (t === 'dark') html = forceDarkMode(html);
      const inject = this.injections[Number(url.searchParams.get('i') ?? NaN)];
      if (inject) html = /<\/body>/i.test(html) ? html.replace(/<\/body>(?![\s\S]*<\/body>)/i, () => `${inject}</body>`) : html + inject;
      data = Buffer.from(html, 'utf8');
    }
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(data);
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

function wrapperPage(src: string, width: number): string {
  const attr = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return (
    `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}` +
    `iframe{display:block;border:0;margin:0;width:${width}px;height:900px}</style></head>` +
    `<body><iframe id="email" src="${attr}"></iframe></body></html>`
  );
}
