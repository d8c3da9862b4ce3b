/** The process as a command sees it: passed in, so tests run `main(argv, io)` in-process. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What a command's registration gets from main: printing, global options, the exit code. */
export interface CommandKit {
  out: (s: string) => void;
  err: (s: string) => void;
  global: () => { config?: string };
  setExit: (code: number) => void;
}
