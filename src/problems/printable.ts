/**
 * Values from issues, the config and file names end up in what we print: a
 * terminal, a CI log, a GitHub workflow command. A newline there forges a
 * line (`::error …` runs as a workflow command), an escape sequence drives
 * the terminal (OSC 52 writes the clipboard), a bidi override reorders what
 * the reader sees. Every printed field passes through here first.
 */
// C0 controls (tab included), DEL, C1 controls, bidi embeddings/overrides/isolates, and the line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of printable text: every control or bidi character shown as a visible escape (`\n`, `\u{1b}`). */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u{${c.codePointAt(0)!.toString(16)}}`));
}

/** JSON that shows the same characters as escapes (JSON.stringify leaves C1 and bidi controls raw). */
export function safeJson(value: unknown, space = 2): string {
  // JSON.stringify escapes C0 controls inside strings itself; raw newlines in its output are its own indentation.
  return JSON.stringify(value, null, space).replace(UNSAFE_IN_JSON, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
