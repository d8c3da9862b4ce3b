import type { Fields } from '../parse/fields.js';
import { describe } from '../parse/fields.js';
import { PROVIDER_IDS, PROVIDERS, isProviderId } from './providers.js';
import type { PublishConfig, SettingSpec, Settings } from './types.js';

/**
 * The `publish:` section of newsletter.config.yaml:
 *
 *   publish:
 *     provider: mailchimp          # kit | buttondown | mailchimp | listmonk
 *     api_url: https://...         # optional; required for listmonk
 *     list_id: abc123              # the provider's own settings (docs/publish.md)
 *
 * Problems go into `f` with their line, like every other config key; API
 * keys are refused here (they come from the environment only).
 */
export function parsePublishConfig(raw: unknown, f: Fields): PublishConfig | null {
  if (raw === undefined || raw === null) return null;
  const m = f.map(raw, 'publish');
  if (!m) return null;
  const name = f.str(m, 'provider', 'publish.provider', { required: true });
  if (name === null) return null;
  const id = name.trim().toLowerCase();
  if (!isProviderId(id)) {
    f.error('publish.provider', `"publish.provider" ${name} is not a service newsletter can publish to`, `Use one of: ${PROVIDER_IDS.join(', ')}`);
    return null;
  }
  const provider = PROVIDERS[id];
  for (const key of Object.keys(m)) {
    if (/(^|_)(api_?key|token|secret|password)$/i.test(key)) {
      f.error(
        `publish.${key}`,
        `"publish.${key}": keys and tokens never go in the config file`,
        `Remove it and set ${provider.envVars.join(' and ')} in the environment instead`,
      );
    }
  }
  f.unknownKeys(m, ['provider', 'api_url', ...provider.settings.map((s) => s.key)], 'publish');

  const apiUrl = parseApiUrl(m, f);
  if (apiUrl === null && provider.id === 'listmonk' && m.api_url === undefined) {
    f.error('publish', `"publish.api_url" is required for listmonk: the address of your listmonk`, 'Add e.g. api_url: https://listmonk.example.com');
  }

  const settings: Settings = {};
  for (const spec of provider.settings) {
    const v = parseSetting(m, spec, f);
    if (v !== undefined) settings[spec.key] = v;
  }
  return { provider: provider.id, apiUrl, settings, file: f.file, line: f.line('publish') };
}

/** https, or http to this machine only (a local listmonk, the tests): an API key must not cross a network in clear. */
function parseApiUrl(m: Record<string, unknown>, f: Fields): string | null {
  const raw = f.str(m, 'api_url', 'publish.api_url');
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    f.error('publish.api_url', `"publish.api_url" ${raw} is not a URL`, 'Write the full address, e.g. https://listmonk.example.com');
    return null;
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    f.error(
      'publish.api_url',
      `"publish.api_url" must be an https:// address (http:// only for localhost)`,
      'The API key travels with every request: use https',
    );
    return null;
  }
  if (url.username || url.password) {
    f.error('publish.api_url', '"publish.api_url" must not hold a user name or password', 'Credentials come from the environment; see docs/publish.md');
    return null;
  }
  if (url.search || url.hash) {
    f.error('publish.api_url', '"publish.api_url" must not have a ?query or #fragment', 'Give the root address of the service');
    return null;
  }
  return url.href.replace(/\/+$/, '');
}

function parseSetting(m: Record<string, unknown>, spec: SettingSpec, f: Fields): Settings[string] {
  const path = `publish.${spec.key}`;
  const v = m[spec.key];
  if (v === undefined || v === null || v === '') {
    if (spec.required) f.error(path, `"${path}" is required for this service: ${spec.doc}`, `Add a line "${spec.key}: ..." under publish:`);
    return undefined;
  }
  const wrong = (what: string): undefined => {
    f.error(path, `"${path}" must be ${what}, not ${describe(v)}`, spec.doc);
    return undefined;
  };
  switch (spec.kind) {
    case 'string':
      return typeof v === 'string' || typeof v === 'number' ? String(v).trim() : wrong('text');
    case 'bool':
      return typeof v === 'boolean' ? v : wrong('true or false');
    case 'int':
      return isId(v) ? v : wrong('a whole number');
    case 'ints': {
      const list = Array.isArray(v) ? v : [v];
      return list.every(isId) ? (list as number[]) : wrong('a whole number or a list of them');
    }
    case 'strings': {
      const list = Array.isArray(v) ? v : [v];
      return list.every((x) => typeof x === 'string') ? (list as string[]) : wrong('text or a list of texts');
    }
    case 'enum':
      return typeof v === 'string' && spec.values?.includes(v) ? v : wrong(`one of ${spec.values?.join(', ') ?? ''}`);
  }
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}
