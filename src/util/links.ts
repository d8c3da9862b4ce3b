import type { ErrorCode } from '../problems/errors.js';

export interface UrlProblem {
  level: 'error' | 'warning';
  code: ErrorCode;
  message: string;
  hint: string;
}

const UNSAFE = ['javascript', 'data', 'vbscript', 'file'];

/** Decodes the HTML entities a scheme could hide behind (`&#106;avascript:`, `&colon;`). */
function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '');
}

/** The scheme a browser would see, after entities, whitespace and control characters are dropped. */
export function schemeOf(url: string): string | null {
  const cleaned = decodeEntities(url).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return m ? m[1]!.toLowerCase() : null;
}

export function isUnsafeUrl(url: string): boolean {
  const s = schemeOf(url);
  return s !== null && UNSAFE.includes(s);
}

/** What is wrong with a link an author wrote, if anything. */
export function checkUrl(url: string): UrlProblem | null {
  const scheme = schemeOf(url);
  if (scheme && UNSAFE.includes(scheme)) {
    return {
      level: 'error',
      code: 'LINK_UNSAFE',
      message: `The link "${url.slice(0, 60)}" uses the ${scheme}: scheme, which email must never carry`,
      hint: 'Link to an https:// page instead',
    };
  }
  if (scheme === 'https' || scheme === 'mailto') return null;
  if (scheme === 'http') {
    return {
      level: 'warning',
      code: 'LINK_UNSAFE',
      message: `The link "${url.slice(0, 60)}" is not https`,
      hint: 'Use https:// so mail clients do not flag the link',
    };
  }
  return {
    level: 'error',
    code: 'LINK_UNSAFE',
    message: scheme
      ? `The link "${url.slice(0, 60)}" uses the ${scheme}: scheme; only https:, http: and mailto: work in email`
      : `The link "${url.slice(0, 60)}" is not a full URL; a reader's mail client cannot follow it`,
    hint: 'Write the full address, starting with https://',
  };
}
