/**
 * The shapes shared by the sending-service providers: what a provider is
 * (its merge-tag dialect, its settings, its credentials, its API client)
 * and what publishing hands it. One file per provider implements these.
 */
import type { Credentials, ErrorReader, Http } from './http.js';
export type { Credentials } from './http.js';

import type { Dialect } from '../render/mergeTags.js';
export type { Dialect };

/** A provider setting under `publish:` in newsletter.config.yaml. */
export interface SettingSpec {
  key: string;
  kind: 'string' | 'int' | 'ints' | 'strings' | 'bool' | 'enum';
  values?: readonly string[];
  required?: boolean;
  /** One line for docs and "unknown key" hints. */
  doc: string;
}

export type { PublishConfig, Settings } from '../parse/types.js';
import type { Settings } from '../parse/types.js';

/** The API key (or user and token) a provider reads from the environment. */

export type CredentialResult = { ok: true; credentials: Credentials } | { ok: false; missing: string[]; placeholder: Credentials };

/** Where a remote draft stands, in the terms publishing needs. */
export type RemoteState = 'draft' | 'scheduled' | 'sending' | 'sent';

export interface RemoteDraft {
  id: string;
  state: RemoteState;
  /** The provider's own word for it ("save", "about_to_send", "finished"...). */
  status: string;
  /** ISO time it is scheduled for, when scheduled. */
  scheduledAt: string | null;
}

/** What goes into the draft. */
export interface DraftContent {
  subject: string;
  preheader: string;
  html: string;
  text: string;
  /** An internal name for the draft in the service's list: "<newsletter>: <title>". */
  name: string;
  slug: string;
  settings: Settings;
  sender: Sender;
}

/** From the newsletter config: who the email is from. */
export interface Sender {
  fromName: string | null;
  fromEmail: string | null;
  replyTo: string | null;
}

export interface ProviderClient {
  /** The draft as the service has it now; null when it no longer exists there. */
  read(id: string): Promise<RemoteDraft | null>;
  /** Makes a draft; calls `created` as soon as the service has given it an id, before any further step (content, say) that could fail. */
  create(content: DraftContent, created: (draft: RemoteDraft) => void): Promise<RemoteDraft>;
  /** Updates a draft (or a scheduled one, keeping its schedule). */
  update(current: RemoteDraft, content: DraftContent): Promise<RemoteDraft>;
  schedule(current: RemoteDraft, atIso: string, content: DraftContent): Promise<void>;
  sendNow(current: RemoteDraft, content: DraftContent): Promise<void>;
  /** Present only where the API can send a test of the draft. */
  test?: (current: RemoteDraft, to: string[], content: DraftContent) => Promise<void>;
}

export interface Provider {
  /** The value of publish.provider. */
  id: string;
  /** As people write it: "Kit", "Mailchimp". */
  name: string;
  dialect: Dialect;
  settings: readonly SettingSpec[];
  /** The service runs its template language over the subject and preview text too (so they get dialect.literal). */
  templatesSubject: boolean;
  /** The environment variables it reads, for docs and messages. */
  envVars: readonly string[];
  credentials(env: Record<string, string | undefined>): CredentialResult;
  /** The API base URL when `publish.api_url` is not set; null where there is none (self-hosted). */
  defaultBaseUrl: string | null;
  /** A problem with a schedule time this service can't take (e.g. not on a quarter-hour), or null. */
  checkSchedule?: (at: Date) => string | null;
  client(http: Http): ProviderClient;
  /** The service's message (and field) out of an error answer. */
  readError: ErrorReader;
  /** Where the author finds the draft, for the report line. */
  draftLink?: (id: string, baseUrl: string) => string | null;
}
