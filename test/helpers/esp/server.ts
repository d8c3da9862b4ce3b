import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1, port 0, for one provider's fake. It
 * records every request, and can be told to fail the next matching ones
 * (a status with a body and headers, or a hang that never answers).
 */
export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  raw: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = (req: Recorded) => Reply;

interface Fault {
  match: (r: Recorded) => boolean;
  reply: Reply | 'hang';
  times: number;
}

export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly faults: Fault[] = [];
  private readonly hanging = new Set<ServerResponse>();

  constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** The next `times` requests that match answer `reply` (or hang) instead of the fake's route. */
  fail(match: (r: Recorded) => boolean, reply: Reply | 'hang', times = 1): void {
    this.faults.push({ match, reply, times });
  }

  /** Requests other than reads. */
  writes(): Recorded[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  takeFault(r: Recorded): Reply | 'hang' | null {
    const f = this.faults.find((x) => x.times > 0 && x.match(r));
    if (!f) return null;
    f.times--;
    return f.reply;
  }

  hold(res: ServerResponse): void {
    this.hanging.add(res);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export async function startServer(route: Route): Promise<FakeServer> {
  let fake: FakeServer | null = null;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = Symbol.for('invalid-json');
        }
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const rec: Recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body, raw };
      fake!.requests.push(rec);
      const fault = fake!.takeFault(rec);
      if (fault === 'hang') {
        fake!.hold(res);
        return;
      }
      let reply: Reply;
      if (fault) reply = fault;
      else if (body === Symbol.for('invalid-json')) reply = { status: 400, body: { message: 'invalid JSON' } };
      else {
        try {
          reply = route(rec);
        } catch (e) {
          reply = { status: 500, body: { message: `fake server bug: ${(e as Error).message}` } };
        }
      }
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...(text ? { 'Content-Type': 'application/json' } : {}), ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  fake = new FakeServer(server, `http://127.0.0.1:${port}`);
  return fake;
}

/** A small checker for the request schemas the API references document. */
export type Kind = 'string' | 'string?' | 'nonempty' | 'int' | 'bool' | 'int[]' | 'string[]' | 'object' | 'any' | readonly string[];

export interface Schema {
  required?: readonly string[];
  props: Record<string, Kind>;
  /** Refuse keys the reference does not list. */
  closed?: boolean;
}

export function checkBody(body: unknown, schema: Schema): { field: string; problem: 'missing' | 'type' | 'extra'; message: string } | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { field: '(body)', problem: 'type', message: 'the body must be a JSON object' };
  const o = body as Record<string, unknown>;
  for (const k of schema.required ?? []) if (o[k] === undefined) return { field: k, problem: 'missing', message: `${k} is required` };
  for (const [k, v] of Object.entries(o)) {
    const kind = schema.props[k];
    if (kind === undefined) {
      if (schema.closed) return { field: k, problem: 'extra', message: `${k} is not a documented field` };
      continue;
    }
    if (!fits(v, kind)) return { field: k, problem: 'type', message: `${k} has the wrong type` };
  }
  return null;
}

function fits(v: unknown, kind: Kind): boolean {
  if (Array.isArray(kind)) return typeof v === 'string' && kind.includes(v);
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'string?':
      return v === null || typeof v === 'string';
    case 'nonempty':
      return typeof v === 'string' && v.trim().length > 0;
    case 'int':
      return Number.isInteger(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'int[]':
      return Array.isArray(v) && v.every((x) => Number.isInteger(x));
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

/** The path's segments after a prefix: "/v4/broadcasts/12" → ["12"]. */
export function segments(path: string, prefix: string): string[] | null {
  const p = path.split('?')[0] ?? '';
  if (p !== prefix && !p.startsWith(prefix + '/')) return null;
  return p
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .map((s) => decodeURIComponent(s));
}
