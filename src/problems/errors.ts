import { printable } from './printable.js';

/**
 * One error type for everything the author (not the code) got wrong.
 * Its `code` picks the exit status; `file`, `line`, `column` and `hint`
 * make a message editors and CI annotations can parse.
 */

/** sysexits-style exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  dataErr: 65,
  noInput: 66,
  unavailable: 69,
  software: 70,
  cantCreate: 73,
  ioErr: 74,
  tempFail: 75,
  noPerm: 77,
  config: 78,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Every error code the tool raises, and the exit status each one maps to. */
export const ERROR_CODES = {
  USAGE: EXIT.usage,
  FILE_NOT_FOUND: EXIT.noInput,
  FILE_NOT_REGULAR: EXIT.noInput,
  FILE_TOO_LARGE: EXIT.dataErr,
  FILE_ENCODING: EXIT.dataErr,
  FILE_BINARY: EXIT.dataErr,
  FILE_EMPTY: EXIT.dataErr,
  FILE_READ: EXIT.ioErr,
  FILE_REFUSED: EXIT.dataErr,
  IMAGE_REFUSED: EXIT.dataErr,
  FRONTMATTER_MISSING: EXIT.dataErr,
  FRONTMATTER_UNCLOSED: EXIT.dataErr,
  FRONTMATTER_LANGUAGE: EXIT.dataErr,
  FRONTMATTER_YAML: EXIT.dataErr,
  FRONTMATTER_SHAPE: EXIT.dataErr,
  FIELD_REQUIRED: EXIT.dataErr,
  FIELD_TYPE: EXIT.dataErr,
  FIELD_FORBIDDEN: EXIT.dataErr,
  LINK_UNSAFE: EXIT.dataErr,
  COMMENT_UNCLOSED: EXIT.dataErr,
  CONTENT_LIMIT: EXIT.dataErr,
  HTML_TOO_LARGE: EXIT.dataErr,
  CONFIG_NOT_FOUND: EXIT.config,
  CONFIG_INVALID: EXIT.config,
  TEMPLATE_SYNTAX: EXIT.dataErr,
  TEMPLATE_MISSING: EXIT.dataErr,
  TEMPLATE_RUNTIME: EXIT.dataErr,
  MJML_INVALID: EXIT.dataErr,
  OUTPUT_NOT_WRITABLE: EXIT.cantCreate,
  OUTPUT_IO: EXIT.ioErr,
  NO_ISSUES: EXIT.noInput,
  EXISTS: EXIT.cantCreate,
  ADDRESS_INVALID: EXIT.dataErr,
  HEADER_INVALID: EXIT.dataErr,
  SMTP_CONNECTION: EXIT.unavailable,
  SMTP_TIMEOUT: EXIT.tempFail,
  SMTP_TLS: EXIT.unavailable,
  SMTP_AUTH: EXIT.noPerm,
  SMTP_TEMPORARY: EXIT.tempFail,
  SMTP_REJECTED: EXIT.unavailable,
  SMTP_UNKNOWN_STATE: EXIT.tempFail,
  SMTP_URL: EXIT.config,
  SMTP_MISSING: EXIT.unavailable,
  TLS_CA_INVALID: EXIT.config,
  BROWSER_MISSING: EXIT.unavailable,
  SCREENSHOT_FAILED: EXIT.unavailable,
  SLUG_DUPLICATE: EXIT.dataErr,
  FEED_INVALID: EXIT.dataErr,
  EPISODE_NOT_FOUND: EXIT.noInput,
  FETCH_REFUSED: EXIT.dataErr,
  FETCH_TOO_LARGE: EXIT.dataErr,
  FETCH_FAILED: EXIT.unavailable,
  FETCH_TEMPORARY: EXIT.tempFail,
  PUBLISH_CONFIG: EXIT.config,
  PUBLISH_KEY_MISSING: EXIT.noPerm,
  PUBLISH_AUTH: EXIT.noPerm,
  PUBLISH_REJECTED: EXIT.dataErr,
  PUBLISH_ALREADY_SENT: EXIT.dataErr,
  PUBLISH_UNSUPPORTED: EXIT.usage,
  PUBLISH_TEMPORARY: EXIT.tempFail,
  PUBLISH_TIMEOUT: EXIT.tempFail,
  PUBLISH_CONNECTION: EXIT.unavailable,
  PUBLISH_PROTOCOL: EXIT.unavailable,
  PUBLISH_STATE: EXIT.dataErr,
  PUBLISH_CHECK_FAILED: EXIT.dataErr,
  INTERRUPTED: EXIT.interrupted,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorDetail {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
  hint?: string | undefined;
  /** More problems of the same kind, reported together (e.g. every missing field). */
  more?: NewsletterError[] | undefined;
  cause?: unknown;
}

export class NewsletterError extends Error {
  readonly code: ErrorCode;
  file: string | undefined;
  line: number | undefined;
  column: number | undefined;
  hint: string | undefined;
  readonly more: NewsletterError[];

  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'NewsletterError';
    this.code = code;
    this.file = detail.file;
    this.line = detail.line;
    this.column = detail.column;
    this.hint = detail.hint;
    this.more = detail.more ?? [];
  }

  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

export function isNewsletterError(e: unknown): e is NewsletterError {
  return e instanceof NewsletterError;
}

/** `file:line:col`, leaving out what is unknown. */
export function formatLocation(file?: string, line?: number, column?: number): string {
  if (!file) return '';
  let s = printable(file);
  if (line) s += `:${line}`;
  if (line && column) s += `:${column}`;
  return s;
}

/**
 * error[FRONTMATTER_YAML] issues/2024-05-01.md:3:11
 *   Invalid YAML in frontmatter: ...
 *   hint: ...
 */
export function formatError(e: NewsletterError): string {
  const all = [e, ...e.more];
  return all
    .map((err) => {
      const where = formatLocation(err.file, err.line, err.column);
      const lines = [`error[${err.code}]${where ? ' ' + where : ''}`, `  ${printable(err.message)}`];
      if (err.hint) lines.push(`  hint: ${printable(err.hint)}`);
      return lines.join('\n');
    })
    .join('\n');
}

/** A warning is data, not an exception: the build goes on. */
export interface Warning {
  rule: string;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  hint?: string | undefined;
}

export function formatWarning(w: Warning): string {
  const where = formatLocation(w.file, w.line);
  const lines = [`warning[${printable(w.rule)}]${where ? ' ' + where : ''}`, `  ${printable(w.message)}`];
  if (w.hint) lines.push(`  hint: ${printable(w.hint)}`);
  return lines.join('\n');
}
