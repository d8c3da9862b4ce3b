import type { createServer } from 'node:http';
import { NewsletterError } from '../problems/errors.js';

/** Where `dev` looks for a free port first: bookmarks and open tabs keep working from one start to the next. */
export const DEFAULT_PORT = 4321;
const PORT_TRIES = 100;

/** Listens on 127.0.0.1: on `port` when given (0: any), else on the first free one from DEFAULT_PORT up. */
export async function listenOn(server: ReturnType<typeof createServer>, port: number | undefined): Promise<void> {
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
