import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { isPrivateAddress } from '../src/podcast/addresses.js';
import { fetchChapters, fetchFeed, type FetchOptions } from '../src/podcast/fetchFeed.js';

/** One local server, routes by path; it counts connections so a refusal can be shown to happen before any. */
let server: Server;
let base: string;
let connections = 0;
const sockets = new Set<Socket>();
const LOCAL: FetchOptions = { allowAddresses: ['127.0.0.1'], allowHttp: true };

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/feed.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
    res.end('<rss><channel><title>Café</title></channel></rss>');
  },
  '/latin1.xml': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Caf'), Buffer.from([0xe9]), Buffer.from('</t>')]));
  },
  '/gzip.json': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync('{"chapters":[]}'));
  },
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
    res.end();
  },
  '/big-chunked': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const more = (): void => {
      if (sent >= 40 || res.destroyed) return void res.end();
      sent++;
      if (res.write(chunk)) setImmediate(more);
      else res.once('drain', more);
    };
    more();
  },
  '/gzip-bomb': (_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip' });
    res.end(gzipSync(Buffer.alloc(8 * 1024 * 1024, 0x61)));
  },
  '/silent': () => {
    // Never answers: the client's deadline must end it.
  },
  '/redirect-loop': (_req, res) => {
    res.writeHead(302, { location: '/redirect-loop' });
    res.end();
  },
  '/redirect-once': (_req, res) => {
    res.writeHead(301, { location: '/feed.xml' });
    res.end();
  },
  '/redirect-private': (_req, res) => {
    res.writeHead(302, { location: 'http://10.1.2.3/feed.xml' });
    res.end();
  },
  '/missing': (_req, res) => {
    res.writeHead(404);
    res.end('no');
  },
  '/busy': (_req, res) => {
    res.writeHead(503);
    res.end('busy');
  },
};

beforeAll(async () => {
  server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/missing']!)(req, res));
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

async function failure(p: Promise<unknown>): Promise<NewsletterError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NewsletterError) return e;
    throw e;
  }
  throw new Error('expected a NewsletterError');
}

describe('fetching from a local server (allowed explicitly, as only tests do)', () => {
  it('reads a feed, decoding its charset', async () => {
    const got = await fetchFeed(`${base}/feed.xml`, LOCAL);
    expect(got.text).toBe('<rss><channel><title>Café</title></channel></rss>');
    expect(got.url).toBe(`${base}/feed.xml`);
    expect((await fetchFeed(`${base}/latin1.xml`, LOCAL)).text).toContain('<t>Café</t>');
  });

  it('decompresses gzip, and follows a redirect to the URL it ends at', async () => {
    expect((await fetchChapters(`${base}/gzip.json`, LOCAL)).text).toBe('{"chapters":[]}');
    expect((await fetchFeed(`${base}/redirect-once`, LOCAL)).url).toBe(`${base}/feed.xml`);
  });

  it('refuses a body over the limit, declared or counted, and after decompression', async () => {
    const declared = await failure(fetchChapters(`${base}/big-declared`, LOCAL));
    expect(declared.code).toBe('FETCH_TOO_LARGE');
    expect(declared.message).toMatch(/larger than 1024 KB/);
    const counted = await failure(fetchFeed(`${base}/big-chunked`, { ...LOCAL, maxBytes: 256 * 1024 }));
    expect(counted.code).toBe('FETCH_TOO_LARGE');
    const bomb = await failure(fetchChapters(`${base}/gzip-bomb`, LOCAL));
    expect(bomb.code).toBe('FETCH_TOO_LARGE');
  });

  it('gives up on a server that never answers, as a temporary failure', async () => {
    const e = await failure(fetchFeed(`${base}/silent`, { ...LOCAL, timeoutMs: 300 }));
    expect(e.code).toBe('FETCH_TEMPORARY');
    expect(e.message).toMatch(/did not arrive within 0.3 s/);
    expect(e.exitCode).toBe(75);
  });

  it('follows only a few redirects', async () => {
    const e = await failure(fetchFeed(`${base}/redirect-loop`, { ...LOCAL, maxRedirects: 3 }));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/redirects more than 3 times/);
  });

  it('refuses a redirect to a private address before connecting to it', async () => {
    const e = await failure(fetchFeed(`${base}/redirect-private`, LOCAL));
    expect(e.code).toBe('FETCH_REFUSED');
    expect(e.message).toMatch(/private or local address \(10\.1\.2\.3\)/);
  });

  it('reports HTTP errors: 404 for good, 503 as temporary', async () => {
    const missing = await failure(fetchFeed(`${base}/missing`, LOCAL));
    expect([missing.code, missing.exitCode]).toEqual(['FETCH_FAILED', 69]);
    expect(missing.message).toMatch(/answered HTTP 404/);
    const busy = await failure(fetchFeed(`${base}/busy`, LOCAL));
    expect([busy.code, busy.exitCode]).toEqual(['FETCH_TEMPORARY', 75]);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await failure(fetchFeed(`http://127.0.0.1:${port}/feed.xml`, LOCAL));
    expect(e.code).toBe('FETCH_FAILED');
    expect(e.message).toMatch(/connection was refused/);
  });
});

describe('refusals, all before any connection', () => {
  it('refuses the loopback address without the explicit allowance, even over https', async () => {
    const before = connections;
    const port = (server.address() as AddressInfo).port;
    for (const url of [
      `https://127.0.0.1:${port}/feed.xml`,
      `https://[::1]:${port}/feed.xml`,
      `https://[::ffff:127.0.0.1]:${port}/feed.xml`,
      `https://localhost:${port}/feed.xml`,
    ]) {
      const e = await failure(fetchFeed(url));
      expect(e.code).toBe('FETCH_REFUSED');
      expect(e.message).toMatch(/private or local address/);
    }
    expect(connections).toBe(before);
  });

  it('refuses private, link-local and metadata addresses', async () => {
    for (const url of [
      'https://10.0.0.1/feed',
      'https://192.168.1.1/feed',
      'https://172.16.5.4/feed',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/feed',
      'https://[fe80::1]/feed',
      'https://0.0.0.0/feed',
    ]) {
      expect((await failure(fetchFeed(url))).code).toBe('FETCH_REFUSED');
    }
  });

  it('refuses http (unless allowed, and then only to allowed addresses), other schemes, and credentials', async () => {
    const before = connections;
    expect((await failure(fetchFeed(`${base}/feed.xml`, { allowAddresses: ['127.0.0.1'] }))).message).toMatch(/is not https/);
    expect((await failure(fetchFeed('http://10.0.0.1/feed', { allowHttp: true }))).code).toBe('FETCH_REFUSED');
    expect((await failure(fetchFeed('ftp://example.com/feed'))).message).toMatch(/is not https/);
    expect((await failure(fetchFeed('https://user:pw@example.com/feed'))).message).toMatch(/user name or password/);
    expect((await failure(fetchFeed('not a url'))).message).toMatch(/is not a URL/);
    expect(connections).toBe(before);
  });
});

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.1.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    'not-an-ip',
  ])('%s is private', (a) => expect(isPrivateAddress(a)).toBe(true));
  it.each(['93.184.216.34', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::5db8:d822'])('%s is public', (a) =>
    expect(isPrivateAddress(a)).toBe(false),
  );
});
