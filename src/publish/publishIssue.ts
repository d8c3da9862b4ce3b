import { NewsletterError } from '../problems/errors.js';
import { Http, type RecordedRequest } from './http.js';
import { PROVIDERS, isProviderId } from './providers.js';
import { DRY_RUN_ID } from './remote.js';
import { STATE_FILE, entryFor, withEntry, type PublishState } from './state.js';
import type { DraftContent, Provider, PublishConfig, RemoteDraft, Sender } from './types.js';

/**
 * publishIssue: hand one rendered issue to the sending service as a draft,
 * then optionally test, schedule or send it. The steps, in order:
 *
 * 1. Check the options (schedule time, test recipients) and the key: nothing
 *    is sent when any of them is wrong.
 * 2. Look up the issue in the state file. Known as sent: refuse, offline.
 * 3. Known draft: read it. Gone: say so and create a new one. Sent or
 *    sending in the meantime: refuse, and remember it. Else update it.
 * 4. Unknown: create it, and save its id at once.
 * 5. Test, then schedule or send, as asked.
 *
 * Any failure ends with one error that says what exists in the service now.
 * A dry run records the requests instead of sending them and reads nothing.
 */

export interface RenderedForPublish {
  slug: string;
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface PublishOptions {
  dryRun?: boolean | undefined;
  /** ISO-8601 with a time zone, in the future. */
  schedule?: string | undefined;
  /** Send to the whole list now (the command asks for confirmation first). */
  send?: boolean | undefined;
  /** Ask the service to send a test of the draft to testTo. */
  test?: boolean | undefined;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  backoffMs?: number | undefined;
  maxRetryAfterMs?: number | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  now?: (() => Date) | undefined;
}

export interface PublishInput {
  /** The render with this provider's merge tags in (see applyDialect). */
  rendered: RenderedForPublish;
  /** The draft's name in the service's list, e.g. "The Quiet Build: Code review is a conversation". */
  name: string;
  sender: Sender;
  testTo: string[];
  config: PublishConfig;
  env: Record<string, string | undefined>;
  state: PublishState;
  /** Called with the new state after every change in the service (write it to disk). */
  saveState?: ((state: PublishState) => void) | undefined;
  options?: PublishOptions | undefined;
}

export interface PublishReport {
  provider: string;
  service: string;
  dryRun: boolean;
  action: 'created' | 'updated' | 'recreated';
  id: string;
  /** The id the state file had, when that draft was gone and a new one was made. */
  previousId: string | null;
  scheduledAt: string | null;
  sent: boolean;
  testedTo: string[];
  link: string | null;
  /** What was done (or, in a dry run, would be done), one line each. */
  lines: string[];
  /** Every request made (or that would be made), credentials redacted. */
  requests: RecordedRequest[];
  /** Environment variables a real run needs that are not set (dry run only). */
  missingEnv: string[];
  state: PublishState;
}

export async function publishIssue(input: PublishInput): Promise<PublishReport> {
  const opts = input.options ?? {};
  const dryRun = opts.dryRun === true;
  const provider = providerOf(input.config);
  const service = provider.name;
  const slug = input.rendered.slug;
  const at = scheduleTime(opts, provider, (opts.now ?? (() => new Date()))());

  const cred = provider.credentials(input.env);
  if (!cred.ok && !dryRun) {
    throw new NewsletterError(
      'PUBLISH_KEY_MISSING',
      `${cred.missing.join(' and ')} ${cred.missing.length > 1 ? 'are' : 'is'} not set: ${service} needs an API key`,
      {
        hint: `Set ${cred.missing.join(' and ')} in the environment (never in the config); --dry-run shows what would be sent without it`,
      },
    );
  }
  const credentials = cred.ok ? cred.credentials : cred.placeholder;
  const baseUrl = input.config.apiUrl ?? credentials.baseUrl ?? provider.defaultBaseUrl;
  if (!baseUrl) {
    throw new NewsletterError(
      'PUBLISH_CONFIG',
      `No API address for ${service}: ${provider.envVars[0] ?? 'the key'} does not name one and publish.api_url is not set`,
      {
        file: input.config.file,
        line: input.config.line,
        hint: provider.id === 'mailchimp' ? 'A Mailchimp key ends in its data centre, e.g. …-us6; copy the whole key' : 'Add publish.api_url',
      },
    );
  }
  const http = new Http({
    baseUrl,
    credentials,
    service,
    envVars: provider.envVars,
    readError: provider.readError,
    fetch: opts.fetch,
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    backoffMs: opts.backoffMs,
    maxRetryAfterMs: opts.maxRetryAfterMs,
    sleep: opts.sleep,
    dryRun,
  });
  const client = provider.client(http);
  if (opts.test && !client.test) {
    throw new NewsletterError('PUBLISH_UNSUPPORTED', `${service}'s API has no test send of a draft`, {
      hint: `Send the test from ${service}'s web app, or use newsletter send --test for a copy rendered with the config's links`,
    });
  }
  if (opts.test && input.testTo.length === 0) {
    throw new NewsletterError('PUBLISH_CONFIG', 'publish --test has no recipients: the config has no test.to', {
      file: input.config.file,
      hint: 'Add test: { to: [you@example.com] } to the config',
    });
  }

  // An author's "{{" in the subject is text, as in the body, where the service templates subjects.
  const plain = (s: string): string => (provider.templatesSubject ? provider.dialect.literal(s, 'text') : s);
  const content: DraftContent = {
    ...input.rendered,
    subject: plain(input.rendered.subject),
    preheader: plain(input.rendered.preheader),
    name: input.name,
    settings: input.config.settings,
    sender: input.sender,
  };
  const lines: string[] = [];
  const would = dryRun ? 'would ' : '';
  let state = input.state;
  const save = (draft: RemoteDraft, sent = false): void => {
    state = withEntry(state, slug, provider.id, {
      id: draft.id,
      status: sent ? 'sending' : draft.status,
      state: sent ? 'sending' : draft.state,
      scheduled_at: draft.scheduledAt,
      updated_at: (opts.now ?? (() => new Date()))().toISOString(),
    });
    if (!dryRun) input.saveState?.(state);
  };

  const entry = entryFor(state, slug, provider.id);
  if (entry && (entry.state === 'sent' || entry.state === 'sending')) throw alreadySent(service, entry.id, entry.status);

  // What exists in the service, for the sentence every failure ends with.
  let remote = entry ? `${service} has ${entry.state} ${entry.id} as it was before this run` : `nothing was created in ${service}`;
  let current: RemoteDraft | null = null;
  let previousId: string | null = null;
  try {
    if (entry) {
      current = dryRun ? { id: entry.id, state: entry.state, status: entry.status, scheduledAt: entry.scheduled_at } : await client.read(entry.id);
      if (current === null) {
        previousId = entry.id;
        remote = `nothing was created in ${service}; ${entry.id} is gone`;
        lines.push(`the ${service} draft ${entry.id} in ${STATE_FILE} no longer exists in ${service} (deleted there?): ${would}create a new one`);
      } else if (current.state === 'sent' || current.state === 'sending') {
        save(current);
        throw alreadySent(service, current.id, current.status);
      }
    }

    let draft: RemoteDraft;
    let action: PublishReport['action'];
    if (current) {
      draft = await client.update(current, content);
      action = 'updated';
      remote = `${service} has ${draft.id} with this run's content`;
      lines.push(`${dryRun ? 'would update' : 'updated'} the ${service} draft ${draft.id}: "${content.subject}"`);
    } else {
      draft = await client.create(content, (made) => {
        remote = `${service} has a new draft ${made.id}${dryRun ? '' : `, saved in ${STATE_FILE}`}`;
        save(made);
      });
      action = previousId ? 'recreated' : 'created';
      remote = `${service} has ${draft.id} with this run's content`;
      lines.push(`${dryRun ? 'would create' : 'created'} a ${service} draft${draft.id === DRY_RUN_ID ? '' : ` ${draft.id}`}: "${content.subject}"`);
    }
    save(draft);

    if (opts.test) {
      await client.test?.(draft, input.testTo, content);
      lines.push(`${would}${dryRun ? 'ask' : 'asked'} ${service} to send a test to ${input.testTo.join(', ')}`);
    }
    let sent = false;
    if (at) {
      await client.schedule(draft, at, content);
      draft = { ...draft, state: 'scheduled', status: 'scheduled', scheduledAt: at };
      save(draft);
      remote = `${service} has ${draft.id}, scheduled for ${at}`;
      lines.push(`${would}${dryRun ? 'schedule' : 'scheduled'} it for ${at}`);
    } else if (opts.send) {
      remote = `${service} has ${draft.id}; whether it started sending is unknown: look in ${service}`;
      await client.sendNow(draft, content);
      sent = true;
      save(draft, true);
      lines.push(`${would}${dryRun ? 'send' : 'sent'} it to the list${dryRun ? '' : ` (${service} is sending it now)`}`);
    } else if (draft.state === 'scheduled') {
      lines.push(`it stays scheduled for ${draft.scheduledAt ?? 'the time set in ' + service}`);
    }

    const link = !dryRun && provider.draftLink ? provider.draftLink(draft.id, baseUrl) : null;
    return {
      provider: provider.id,
      service,
      dryRun,
      action,
      id: draft.id,
      previousId,
      scheduledAt: at ?? (draft.state === 'scheduled' ? draft.scheduledAt : null),
      sent,
      testedTo: opts.test ? input.testTo : [],
      link,
      lines,
      requests: http.requests,
      missingEnv: cred.ok ? [] : cred.missing,
      state,
    };
  } catch (e) {
    if (e instanceof NewsletterError && e.code !== 'PUBLISH_ALREADY_SENT') e.message = `${e.message}. Now: ${remote}.`;
    throw e;
  }
}

function providerOf(config: PublishConfig): Provider {
  if (!isProviderId(config.provider)) {
    throw new NewsletterError('PUBLISH_CONFIG', `"publish.provider" ${config.provider} is not a service newsletter can publish to`, {
      file: config.file,
      line: config.line,
    });
  }
  return PROVIDERS[config.provider];
}

/** The --schedule time as UTC ISO, checked: a real time, with a zone, in the future, one the service takes. */
function scheduleTime(opts: PublishOptions, provider: Provider, now: Date): string | null {
  if (opts.schedule === undefined) return null;
  if (opts.send) throw new NewsletterError('USAGE', '--schedule and --send ask for two different things: choose one');
  const raw = opts.schedule.trim();
  const at = new Date(raw);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(raw) || Number.isNaN(at.getTime())) {
    throw new NewsletterError('USAGE', `--schedule ${JSON.stringify(raw)} is not an ISO-8601 time with a time zone`, {
      hint: 'e.g. --schedule 2026-11-04T07:00:00Z or 2026-11-04T08:00+01:00',
    });
  }
  if (at.getTime() <= now.getTime()) throw new NewsletterError('USAGE', `--schedule ${raw} is in the past`, { hint: 'To send right away, use --send' });
  const problem = provider.checkSchedule?.(at);
  if (problem) throw new NewsletterError('USAGE', `--schedule ${raw}: ${problem}`);
  return at.toISOString();
}

function alreadySent(service: string, id: string, status: string): NewsletterError {
  return new NewsletterError(
    'PUBLISH_ALREADY_SENT',
    `The ${service} broadcast ${id} for this issue is already ${status === 'sending' ? 'sending' : `sent (${status})`}: newsletter never changes a sent broadcast`,
    {
      hint: `To publish this issue again as a new draft, remove its ${service} entry from ${STATE_FILE}`,
    },
  );
}
