import { NewsletterError } from '../problems/errors.js';
import type { RemoteState } from './types.js';

/**
 * Which remote draft belongs to which issue: newsletter.publish.json beside
 * newsletter.config.yaml, meant to be committed (so a second machine, or CI,
 * updates the same drafts instead of making new ones). Keyed by issue slug,
 * then provider; written with sorted keys so its diffs stay small.
 *
 *   { "version": 1,
 *     "issues": { "2024-12-18-product-vs-project": {
 *       "kit": { "id": "123", "status": "draft", "state": "draft", "scheduled_at": null, "updated_at": "…" } } } }
 */
export const STATE_FILE = 'newsletter.publish.json';

export interface StateEntry {
  id: string;
  /** The service's own word when we last looked. */
  status: string;
  state: RemoteState;
  scheduled_at: string | null;
  updated_at: string;
}

export interface PublishState {
  version: 1;
  issues: Record<string, Record<string, StateEntry>>;
}

const STATES: readonly RemoteState[] = ['draft', 'scheduled', 'sending', 'sent'];

export function emptyState(): PublishState {
  return { version: 1, issues: Object.create(null) as Record<string, Record<string, StateEntry>> };
}

export function entryFor(state: PublishState, slug: string, provider: string): StateEntry | null {
  const byProvider = Object.hasOwn(state.issues, slug) ? state.issues[slug] : undefined;
  return byProvider && Object.hasOwn(byProvider, provider) ? (byProvider[provider] ?? null) : null;
}

/** A new state with this entry set (or removed, with null); the old one is left as it was. */
export function withEntry(state: PublishState, slug: string, provider: string, entry: StateEntry | null): PublishState {
  const next = emptyState();
  for (const [s, byProvider] of Object.entries(state.issues)) next.issues[s] = Object.assign(Object.create(null) as Record<string, StateEntry>, byProvider);
  const forSlug = next.issues[slug] ?? (Object.create(null) as Record<string, StateEntry>);
  if (entry) forSlug[provider] = entry;
  else delete forSlug[provider];
  if (Object.keys(forSlug).length > 0) next.issues[slug] = forSlug;
  else delete next.issues[slug];
  return next;
}

/** Parses the file's text; anything unexpected is an error naming the file, never a silent reset. */
export function parseState(text: string, display: string): PublishState {
  const bad = (why: string): NewsletterError =>
    new NewsletterError('PUBLISH_STATE', `${display} ${why}`, {
      file: display,
      hint: `This file maps issues to drafts in your sending service; fix it (git diff ${display}) or remove the broken entry`,
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw bad(`is not valid JSON (${(e as Error).message})`);
  }
  if (!isMap(data) || data.version !== 1 || !isMap(data.issues)) throw bad('is not a publish state file (version 1, issues)');
  const state = emptyState();
  for (const [slug, byProvider] of Object.entries(data.issues)) {
    if (!isMap(byProvider)) throw bad(`has a broken entry for ${slug}`);
    const out = Object.create(null) as Record<string, StateEntry>;
    for (const [provider, e] of Object.entries(byProvider)) {
      if (!isMap(e) || typeof e.id !== 'string' || !e.id || typeof e.status !== 'string' || !STATES.includes(e.state as RemoteState)) {
        throw bad(`has a broken entry for ${slug} (${provider})`);
      }
      out[provider] = {
        id: e.id,
        status: e.status,
        state: e.state as RemoteState,
        scheduled_at: typeof e.scheduled_at === 'string' ? e.scheduled_at : null,
        updated_at: typeof e.updated_at === 'string' ? e.updated_at : '',
      };
    }
    state.issues[slug] = out;
  }
  return state;
}

export function serializeState(state: PublishState): string {
  const sorted = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  const issues = Object.fromEntries(
    Object.keys(state.issues)
      .sort()
      .map((slug) => [slug, sorted(Object.fromEntries(Object.entries(state.issues[slug] ?? {}).map(([p, e]) => [p, sorted({ ...e })])))]),
  );
  return `${JSON.stringify({ version: 1, issues }, null, 2)}\n`;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
