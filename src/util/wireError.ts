import { NewsletterError, isNewsletterError, type ErrorCode } from '../problems/errors.js';

/** An error that crossed a thread: a NewsletterError keeps its code and location; anything else is a bug. */
export type WireError =
  | { kind: 'newsletter'; code: ErrorCode; message: string; file?: string; line?: number; column?: number; hint?: string; more: WireError[] }
  | { kind: 'bug'; message: string; stack?: string };

export function toWire(e: unknown): WireError {
  if (isNewsletterError(e)) {
    return { kind: 'newsletter', code: e.code, message: e.message, file: e.file, line: e.line, column: e.column, hint: e.hint, more: e.more.map(toWire) };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: 'bug', message: err.message, stack: err.stack };
}

export function fromWire(w: WireError): Error {
  if (w.kind === 'bug') {
    const e = new Error(w.message);
    if (w.stack) e.stack = w.stack;
    return e;
  }
  return new NewsletterError(w.code, w.message, {
    file: w.file,
    line: w.line,
    column: w.column,
    hint: w.hint,
    more: w.more.map((m) => fromWire(m) as NewsletterError),
  });
}
