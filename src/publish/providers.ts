import { buttondown } from './buttondown.js';
import { kit } from './kit.js';
import { listmonk } from './listmonk.js';
import { mailchimp } from './mailchimp.js';
import { NewsletterError } from '../problems/errors.js';
import type { Dialect, Provider } from './types.js';

/** Every sending service publish can hand an issue to. Another service is one file and one line here. */
export const PROVIDERS = { kit, buttondown, mailchimp, listmonk } as const satisfies Record<string, Provider>;

export type ProviderId = keyof typeof PROVIDERS;

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(s: string): s is ProviderId {
  return Object.hasOwn(PROVIDERS, s);
}

/** The merge-tag dialect the render uses for `build --for PROVIDER` and publish. */
export function dialectOf(id: string): Dialect | null {
  return isProviderId(id) ? PROVIDERS[id].dialect : null;
}

/** A sending service by the id given on the command line (`--for kit`), as the render needs it. */
export function serviceOf(id: string, option = '--for'): { name: string; dialect: Dialect } {
  if (!isProviderId(id)) {
    throw new NewsletterError('USAGE', `${option} ${id}: not a sending service this tool knows`, { hint: `One of: ${PROVIDER_IDS.join(', ')}` });
  }
  return { name: PROVIDERS[id].name, dialect: PROVIDERS[id].dialect };
}
