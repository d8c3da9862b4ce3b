/**
 * The caniemail features an HTML document uses that Gmail, Outlook or Apple
 * Mail do not support, read with @jsx-email/doiuse-email (its data is
 * bundled, so this works offline). Loaded on first use: the data is large.
 */
import type { FeatureSet } from './types.js';

export const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*'];

type DoIUseEmail = (html: string, opts: { emailClients: string[] }) => { errors?: string[]; warnings: string[] };
let loaded: Promise<DoIUseEmail> | null = null;

function load(): Promise<DoIUseEmail> {
  loaded ??= import('@jsx-email/doiuse-email').then((m) => m.doIUseEmail as DoIUseEmail);
  return loaded;
}

/** Reads "`position` is not supported by `outlook.windows`" into its feature and client. */
export function parseSupportMessage(message: string): { feature: string; client: string } | null {
  const m = /^(.*) is not supported by `([^`]+)`/.exec(message);
  return m ? { feature: m[1]!.trim(), client: m[2]! } : null;
}

/** Every (feature, client) pair the HTML uses and the client does not support at all. */
export async function unsupportedFeatures(html: string): Promise<FeatureSet> {
  const doIUseEmail = await load();
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  const set: FeatureSet = new Map();
  for (const e of result.errors ?? []) {
    const p = parseSupportMessage(e);
    if (p) set.set(`${p.feature}\t${p.client}`, p);
  }
  return set;
}
