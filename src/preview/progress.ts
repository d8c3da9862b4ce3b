/**
 * Progress of a batch: on a terminal, one line redrawn in place (throttled);
 * elsewhere (CI logs, pipes), one plain line per finished item.
 */
export interface Progress {
  /** One item finished; `note` is what to say about it (cached, 2 warnings…). */
  tick(label: string, note?: string): void;
  /** A line that must stay in the log, printed above the live line. */
  log(line: string): void;
  /** Clears the live line. */
  done(): void;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export function createProgress(stream: ProgressStream, title: string, total: number, opts: { now?: () => number } = {}): Progress {
  const tty = Boolean(stream.isTTY);
  const now = opts.now ?? (() => Date.now());
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  let current = '';
  const width = String(total).length;
  const counter = (): string => `[${String(count).padStart(width)}/${total}]`;
  const draw = (): void => {
    const cols = stream.columns && stream.columns > 20 ? stream.columns : 80;
    const line = `${title} ${counter()} ${current}`;
    stream.write(`\r\x1b[2K${line.length > cols - 1 ? line.slice(0, cols - 2) + '…' : line}`);
    shown = true;
    last = now();
  };
  const clear = (): void => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    tick(label, note) {
      count++;
      current = note ? `${label} (${note})` : label;
      if (!tty) {
        stream.write(`${title} ${counter()} ${current}\n`);
        return;
      }
      if (count === total || now() - last >= 80) draw();
    },
    log(line) {
      if (tty) clear();
      stream.write(line.endsWith('\n') ? line : line + '\n');
      if (tty && count > 0 && count < total) draw();
    },
    done() {
      if (tty) clear();
    },
  };
}
