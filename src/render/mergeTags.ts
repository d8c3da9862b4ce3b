import { randomBytes } from 'node:crypto';
import { NewsletterError } from '../problems/errors.js';
import { checkFallback } from '../parse/greeting.js';
import { escapeRegExp } from '../util/escapeRegExp.js';

export { checkFallback };

/**
 * Merge tags reach a published email in two steps, so that they can only
 * come from a provider's dialect and never from an author's text:
 *
 * 1. The render puts tokens where merge tags belong (mergeTokens(nonce):
 *    the same shape as a Dialect). A token is two private-use characters
 *    around a random nonce and a name (and, for a first name, the index of
 *    its fallback): Handlebars does not escape it, MJML
 *    and the text wrapper leave it whole, and no author can guess it.
 * 2. applyDialect(output, dialect, tokens) first makes every bit of the
 *    service's template syntax in the output inert (dialect.literal), then
 *    swaps each token for the dialect's merge tag.
 */

/**
 * The provider's syntax for per-subscriber and per-send values. These
 * strings are the only merge tags that may reach a published email: they
 * come from here, never from an author's text. null where the service has
 * no such value (the render then keeps the static URL from the config, or
 * leaves the part out).
 */
export interface Dialect {
  unsubscribeUrl: string;
  preferencesUrl: string | null;
  webVersionUrl: string | null;
  /** The postal address the service keeps in its account settings. */
  address: string | null;
  /** "The subscriber's first name, or `fallback` when it is empty." */
  firstName(fallback: string): string;
  /**
   * Makes template syntax of this service inert in a rendered email, so an
   * author who writes `{{ subscriber.email }}` gets that text, not the
   * subscriber's address. Applied to the whole output before the merge
   * tags are put in.
   */
  literal(output: string, kind: 'html' | 'text'): string;
}

export type MergeName = 'unsubscribeUrl' | 'preferencesUrl' | 'webVersionUrl' | 'address' | 'firstName';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const TOKEN = /\uE000([0-9a-f]{16})\.([A-Za-z]+)(?:\.([0-9]{1,6}))?\uE001/g;

export function newNonce(): string {
  return randomBytes(8).toString('hex');
}

export interface MergeTokens {
  /** The render's nonce: only tokens that carry it become merge tags. */
  readonly nonce: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
  webVersionUrl: string;
  address: string;
  /** A token of fixed length whatever the fallback (kept beside it), so the text wrapper breaks the line as it will read. */
  firstName(fallback: string): string;
  /** The fallbacks firstName was given, in order: its tokens carry the index. */
  readonly fallbacks: readonly string[];
}

/** The tokens a render uses in place of merge tags, for one render. */
export function mergeTokens(nonce: string): MergeTokens {
  if (!/^[0-9a-f]{16}$/.test(nonce)) throw new Error('a merge-token nonce is 16 hex digits (newNonce())');
  const t = (name: MergeName, arg?: string): string => `${OPEN}${nonce}.${name}${arg === undefined ? '' : `.${arg}`}${CLOSE}`;
  const fallbacks: string[] = [];
  return {
    nonce,
    unsubscribeUrl: t('unsubscribeUrl'),
    preferencesUrl: t('preferencesUrl'),
    webVersionUrl: t('webVersionUrl'),
    address: t('address'),
    firstName: (fallback) => t('firstName', String(fallbacks.push(fallback) - 1)),
    fallbacks,
  };
}

/** Whether a string (a link, say) is a merge token, for link checks that run before applyDialect. */
export function isMergeToken(s: string): boolean {
  return new RegExp(`^${TOKEN.source}$`).test(s);
}

/**
 * The output as the service must receive it: its template syntax inert,
 * then the tokens of this render replaced by the dialect's merge tags.
 * A token for something this service does not supply is a bug in the
 * render (it should have asked the dialect first): it throws.
 */
export function applyDialect(output: string, dialect: Dialect, tokens: MergeTokens, kind: 'html' | 'text'): string {
  const safe = dialect.literal(output, kind);
  return safe.replace(TOKEN, (whole, n: string, name: string, arg: string | undefined) => {
    if (n !== tokens.nonce) {
      // A token from another render (or pasted by an author): never a merge tag.
      return '';
    }
    const fallback = name === 'firstName' ? tokens.fallbacks[Number(arg)] : undefined;
    if (name === 'firstName' && fallback === undefined) return '';
    const value = tagFor(dialect, name, fallback);
    if (value === null) throw new Error(`the render used the merge tag ${name}, which this service does not supply`);
    return value;
  });
}

function tagFor(d: Dialect, name: string, arg: string | undefined): string | null {
  switch (name) {
    case 'unsubscribeUrl':
      return d.unsubscribeUrl;
    case 'preferencesUrl':
      return d.preferencesUrl;
    case 'webVersionUrl':
      return d.webVersionUrl;
    case 'address':
      return d.address;
    case 'firstName':
      return d.firstName(arg ?? '');
    default:
      return null;
  }
}

/** Dialects call this before building a first-name tag. */
export function fallbackOrThrow(fallback: string): string {
  const problem = checkFallback(fallback);
  if (problem) {
    throw new NewsletterError('FIELD_FORBIDDEN', `The first-name fallback ${JSON.stringify(fallback)} ${problem}`, {
      hint: "Use plain words, e.g. there or friend; letters, digits, spaces and . , ! ? - ' are fine",
    });
  }
  return fallback;
}

/**
 * Replaces each opener of a template language in `output` with what that
 * language prints it from. One left-to-right pass, so what it inserts is
 * never looked at again.
 */
export function replaceOpeners(output: string, openers: Record<string, string>): string {
  const keys = Object.keys(openers).map(escapeRegExp);
  return output.replace(new RegExp(keys.join('|'), 'g'), (m) => openers[m] ?? m);
}
