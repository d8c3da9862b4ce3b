import { PassThrough, Readable, Writable } from 'node:stream';
import { main, type Io } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  /** The whole environment the command sees: nothing of the test process's leaks in (no SMTP_URL, CHROMIUM_PATH, CI...). */
  env?: NodeJS.ProcessEnv;
  /** What stdin holds, for a command that reads it (none does today). */
  input?: string;
}

/** A stream that keeps what is written to it, as text. */
function capture(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * `newsletter ARGS` run in this process: main(argv, io) with captured
 * streams and the given cwd and env, as the real bin would see them, but
 * without a process start and a bundle per call. The few tests about the
 * process itself (signals, a closed stdout, start-up) spawn bin/ instead:
 * see helpers/workspace.ts.
 */
export async function runMain(args: string[], opts: RunOptions): Promise<RunResult> {
  const stdout = capture();
  const stderr = capture();
  const io: Io & { stdin: NodeJS.ReadableStream } = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd,
    stdin: opts.input === undefined ? endedStream() : Readable.from([opts.input]),
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

function endedStream(): NodeJS.ReadableStream {
  const s = new PassThrough();
  s.end();
  return s;
}
