import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrap } from '../src/render/text.js';
import { applyDialect, checkFallback, isMergeToken, mergeTokens, newNonce } from '../src/render/mergeTags.js';
import { PROVIDERS } from '../src/publish/providers.js';
import type { Dialect } from '../src/publish/types.js';
import { isUnsafeUrl } from '../src/util/links.js';

type Mjml2Html = (mjml: string, options: Record<string, unknown>) => Promise<{ html: string; errors: unknown[] }>;
let mjml2html: Mjml2Html;

beforeAll(async () => {
  // As the renderer does: no .mjmlconfig loading, and the same entry point.
  process.env.MJML_BROWSER = '1';
  const m = (await import('mjml')) as unknown as { default?: Mjml2Html };
  mjml2html = (m.default ?? m) as Mjml2Html;
});

const MJML_OPTIONS = { validationLevel: 'soft', keepComments: false, ignoreIncludes: true, fonts: {}, minify: false, beautify: false };

/** A small email with URL tags in <a href>, mj-button href and mj-image href, and text tags in text. */
function document(urls: string[], texts: string[]): string {
  return `<mjml><mj-body><mj-section><mj-column>
  <mj-text>${texts.map((t) => `<p>${t}</p>`).join('\n')}
  ${urls.map((u, i) => `<a href="${u}">link ${i}</a>`).join(' · ')}</mj-text>
  ${urls.map((u) => `<mj-button href="${u}">Go</mj-button>`).join('\n')}
  ${urls.map((u) => `<mj-image src="https://example.com/a.png" alt="a" href="${u}" />`).join('\n')}
</mj-column></mj-section></mj-body></mjml>`;
}

function urlTags(d: Dialect): string[] {
  return [d.unsubscribeUrl, d.preferencesUrl, d.webVersionUrl].filter((t): t is string => t !== null);
}

function textTags(d: Dialect): string[] {
  return [d.address, d.firstName('there'), d.firstName("Cap'n")].filter((t): t is string => t !== null);
}

/** What Handlebars' {{ }} escapes (handlebars/lib/handlebars/utils.js escapeExpression). */
const HBS_ESCAPED = /[&<>"'`=]/;

describe.each(Object.values(PROVIDERS).map((p) => [p.id, p.dialect] as const))('%s merge tags', (_id, d) => {
  it('survive MJML byte for byte, in href attributes and in text', async () => {
    const { html, errors } = await mjml2html(document(urlTags(d), textTags(d)), MJML_OPTIONS);
    expect(errors).toEqual([]);
    for (const u of urlTags(d)) {
      // Once in <a>, once in the button, once around the image.
      expect(html.split(`href="${u}"`).length - 1).toBe(3);
    }
    for (const t of textTags(d)) expect(html).toContain(t);
  });

  it('survive Handlebars {{ }} only when they hold none of & < > " \' ` = (the rest need {{{ }}} or tokens)', () => {
    const hb = Handlebars.create();
    const double = hb.compile('<a href="{{u}}">{{u}}</a>', { strict: true });
    const triple = hb.compile('<a href="{{{u}}}">{{{u}}}</a>', { strict: true });
    for (const tag of [...urlTags(d), ...textTags(d)]) {
      expect(triple({ u: tag })).toBe(`<a href="${tag}">${tag}</a>`);
      const survives = double({ u: tag }) === `<a href="${tag}">${tag}</a>`;
      expect(survives).toBe(!HBS_ESCAPED.test(tag));
    }
    // Every URL tag is plain enough for {{ }}: the footer's href="{{footer.unsubscribe_url}}" keeps working.
    for (const u of urlTags(d)) expect(HBS_ESCAPED.test(u)).toBe(false);
  });

  it('are not refused as unsafe links by the render', () => {
    for (const u of urlTags(d)) expect(isUnsafeUrl(u)).toBe(false);
  });

  it('tokens survive Handlebars {{ }}, MJML and the text wrapper, then become exactly these tags', async () => {
    const nonce = newNonce();
    const t = mergeTokens(nonce);
    const hb = Handlebars.create();
    const tpl = hb.compile(
      '<mjml><mj-body><mj-section><mj-column><mj-text><p>Hi {{first}},</p><p>{{address}}</p><a href="{{unsub}}">Unsubscribe</a> <a href="{{prefs}}">Preferences</a> <a href="{{web}}">View</a></mj-text><mj-button href="{{unsub}}">Leave</mj-button></mj-column></mj-section></mj-body></mjml>',
      { strict: true },
    );
    const vm = { first: t.firstName('there'), address: t.address, unsub: t.unsubscribeUrl, prefs: t.preferencesUrl, web: t.webVersionUrl };
    const { html } = await mjml2html(tpl(vm), MJML_OPTIONS);
    for (const v of Object.values(vm)) expect(html).toContain(v);
    expect(isMergeToken(t.unsubscribeUrl)).toBe(true);
    expect(isUnsafeUrl(t.unsubscribeUrl)).toBe(false);

    // The dialect's tags only where it has them: a render asks before it uses a token.
    const used = html
      .replace(d.preferencesUrl === null ? t.preferencesUrl : '\0', 'https://example.com/preferences')
      .replace(d.webVersionUrl === null ? t.webVersionUrl : '\0', 'https://example.com/issue/')
      .replace(d.address === null ? t.address : '\0', 'Static address');
    const out = applyDialect(used, d, t, 'html');
    expect(out).toContain(`<p>Hi ${d.firstName('there')},</p>`);
    expect(out.split(`href="${d.unsubscribeUrl}"`).length - 1).toBe(2);
    if (d.preferencesUrl) expect(out).toContain(`href="${d.preferencesUrl}"`);
    if (d.address) expect(out).toContain(d.address);
    expect(out).not.toMatch(/[\uE000\uE001]/);

    const text = wrap(
      `Hello ${t.firstName('there')}, a long line that goes on and on and on so that the wrapper has to break it somewhere. Unsubscribe: ${t.unsubscribeUrl}`,
      40,
    );
    const textOut = applyDialect(text, d, t, 'text');
    expect(textOut).toContain(d.firstName('there'));
    expect(textOut).toContain(d.unsubscribeUrl);
  });
});

describe('applyDialect', () => {
  it('makes each service’s own template syntax inert, and leaves the rest as written', () => {
    const author = 'Try {{ subscriber.email }}, {% if x %}, {# note #} and *|EMAIL|*.';
    const nonce = mergeTokens(newNonce());
    expect(applyDialect(author, PROVIDERS.kit.dialect, nonce, 'html')).toBe(
      "Try {{ '{{' }} subscriber.email }}, {{ '{%' }} if x %}, {# note #} and *|EMAIL|*.",
    );
    expect(applyDialect(author, PROVIDERS.buttondown.dialect, nonce, 'html')).toBe(
      'Try {% templatetag openvariable %} subscriber.email }}, {% templatetag openblock %} if x %}, {% templatetag opencomment %} note #} and *|EMAIL|*.',
    );
    expect(applyDialect(author, PROVIDERS.listmonk.dialect, nonce, 'html')).toBe('Try {{ "{{" }} subscriber.email }}, {% if x %}, {# note #} and *|EMAIL|*.');
    expect(applyDialect(author, PROVIDERS.mailchimp.dialect, nonce, 'html')).toBe('Try {{ subscriber.email }}, {% if x %}, {# note #} and *&#124;EMAIL|*.');
    expect(applyDialect(author, PROVIDERS.mailchimp.dialect, nonce, 'text')).toBe('Try {{ subscriber.email }}, {% if x %}, {# note #} and *\u200B|EMAIL|*.');
  });

  it('a run of braces is escaped once, left to right', () => {
    expect(applyDialect('{{{x}}}', PROVIDERS.listmonk.dialect, mergeTokens(newNonce()), 'text')).toBe('{{ "{{" }}{x}}}');
  });

  it('drops a token of another render (an author cannot forge one), and refuses a tag the service lacks', () => {
    const mine = mergeTokens(newNonce());
    const theirs = mergeTokens(newNonce());
    expect(applyDialect(`a${theirs.unsubscribeUrl}b`, PROVIDERS.kit.dialect, mine, 'html')).toBe('ab');
    expect(() => applyDialect(mine.webVersionUrl, PROVIDERS.kit.dialect, mine, 'html')).toThrow(/webVersionUrl/);
    // A first-name token with a fallback this render never gave: dropped, never a tag with an empty fallback.
    expect(applyDialect(`a\uE000${mine.nonce}.firstName.7\uE001b`, PROVIDERS.kit.dialect, mine, 'html')).toBe('ab');
  });

  it('a first-name fallback is plain words only, checked before it goes inside a tag', () => {
    expect(checkFallback('there')).toBeNull();
    expect(checkFallback("Cap'n, friend!")).toBeNull();
    expect(checkFallback('x" }}{{ secret')).toMatch(/"\\""/);
    expect(checkFallback('*|EMAIL|*')).toMatch(/can't go inside a merge tag/);
    expect(checkFallback('a'.repeat(41))).toMatch(/40/);
    for (const p of Object.values(PROVIDERS)) expect(() => p.dialect.firstName('}} {{ x')).toThrow(/first-name fallback/);
  });
});
