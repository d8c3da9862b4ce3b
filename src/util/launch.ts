import { spawn } from 'node:child_process';

/**
 * Starting the author's editor and browser: argv arrays, never a shell, so
 * a file name or URL can't turn into a command.
 */

/** `code --wait` → ['code', '--wait']; single and double quotes group words ("/Applications/My Editor.app/x" -w). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|([^\s"']+)/g;
  let cur: string | null = null;
  let last = -1;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const part = m[1] ?? m[2] ?? m[3] ?? '';
    // Quoted and bare pieces with no space between are one word: --opt="a b".
    if (cur !== null && m.index === last) cur += part;
    else {
      if (cur !== null) out.push(cur);
      cur = part;
    }
    last = m.index + m[0].length;
  }
  if (cur !== null) out.push(cur);
  return out;
}

/** The editor the author set ($VISUAL, then $EDITOR) as argv, or null. */
export function editorCommand(env: NodeJS.ProcessEnv): string[] | null {
  const line = env.VISUAL?.trim() || env.EDITOR?.trim();
  const argv = line ? splitCommand(line) : [];
  return argv.length > 0 ? argv : null;
}

/** Runs argv with the terminal attached and resolves with its exit code (a start failure rejects). */
export function runAttached(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit', env, cwd, shell: false });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The platform's opener for a URL: open (macOS), explorer (Windows), xdg-open (elsewhere). */
export function openerCommand(url: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') return ['open', url];
  // explorer.exe takes the URL as one argument without cmd.exe's parsing of & and ^.
  if (platform === 'win32') return ['explorer.exe', url];
  return ['xdg-open', url];
}

/** Opens the URL in the default browser, detached; resolves false when no opener could be started. */
export function openUrl(url: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const [cmd, ...args] = openerCommand(url);
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, { stdio: 'ignore', detached: true, env, shell: false });
    child.on('error', () => resolve(false));
    child.on('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
