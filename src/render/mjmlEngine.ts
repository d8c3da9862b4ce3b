import type { MjmlNode } from './mjmlChecks.js';

export interface MjmlError {
  line: number;
  message: string;
  tagName: string;
}

export type Mjml2Html = (mjml: string, options: Record<string, unknown>) => Promise<{ html: string; errors: MjmlError[]; json?: MjmlNode }>;

/**
 * MJML, running from source: the `mjml` package itself. The bundle puts
 * mjmlEngineBundled.ts in this module's place (scripts/bundle.mjs): the same
 * mjml-core and components, loaded piecemeal and with V8's code cache.
 */
export async function loadMjmlEngine(): Promise<Mjml2Html> {
  const m = await import('mjml');
  return ((m as { default?: unknown }).default ?? m) as Mjml2Html;
}
