/**
 * Colour for the diagnostics on stderr: only the "error" and "warning"
 * labels, red and yellow, and only for a terminal. NO_COLOR (any value)
 * turns it off, FORCE_COLOR (not "0") on, as https://no-color.org and
 * Node's own tools do; FORCE_COLOR wins when both are set.
 */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** `error[...]` and `warning[...]` at the start of a line (indented or not), coloured. */
export function paintLabels(s: string): string {
  return s.replace(/^(\s*)(error|warning)(?=\[)/gm, (_m, pad: string, label: string) =>
    label === 'error' ? `${pad}\u001b[31m${label}\u001b[39m` : `${pad}\u001b[33m${label}\u001b[39m`,
  );
}
