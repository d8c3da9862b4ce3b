import { createReader } from '../src/workspace/reader.js';
/**
 * The rules of `newsletter check`, one describe per rule: an input that
 * trips it and one that does not. Most inputs are strings (HTML, text,
 * frontmatter); a few render through the default theme, since what the
 * theme emits is what the rules must read.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/workspace/loadConfig.js';
import { validateConfig } from '../src/parse/validateConfig.js';
import { parseYamlMapping } from '../src/parse/frontmatter.js';
import { parseIssue } from '../src/parse/parseIssue.js';
import { loadTemplates } from '../src/workspace/loadTemplates.js';
import { renderIssue, type RenderedIssue } from '../src/render/renderIssue.js';
import { compileTemplates } from '../src/render/templates.js';
import { SIZE_CLIP_BYTES, SIZE_WARN_BYTES } from '../src/lint/limits.js';
import { blockWeightsFromMjml, colourPairs, graphemes, isGenericLinkText, looksLikeFileName, runRules, RULES, severityOf } from '../src/lint/rules.js';
import { parseHtml } from '../src/lint/html.js';
import { parseSupportMessage, unsupportedFeatures } from '../src/lint/clientSupport.js';
import { blockBytesOf } from '../src/commands/check.js';
import type { FeatureSet, Finding, RuleInput, TemplateOverride } from '../src/lint/types.js';
import type { Config, Issue } from '../src/parse/types.js';
import { ROOT } from './helpers/workspace.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const exampleConfigYaml = readFileSync(join(ROOT, 'newsletter.config.yaml'), 'utf8');
const example = loadConfig({ cwd: ROOT }).config;
const templates = compileTemplates(loadTemplates(createReader(ROOT, ROOT)));

/** The example config with some YAML lines replaced or added (a top-level key given here replaces the example's). */
function configFrom(yaml: string): Config {
  const { data, lines } = parseYamlMapping(yaml, 'newsletter.config.yaml', 0, 'config');
  return validateConfig(data, lines, 'newsletter.config.yaml', ROOT).config;
}

function configWith(patch: Partial<Config>): Config {
  return { ...example, ...patch };
}

function issue(src: string, file = 'issues/t.md'): Issue {
  return parseIssue(src, file).issue;
}

/** The example config with no check.rules, so every rule has its default severity. */
const defaults = configWith({ check: { rules: {} } });

const PLAIN = '---\ntitle: A plain issue\ndate: 2026-01-07\npreheader: A short preheader about this issue.\n---\n\nHello there, this is the letter.\n';

function fakeRendered(patch: Partial<RenderedIssue> = {}): RenderedIssue {
  return {
    slug: 't',
    subject: 'A subject',
    preheader: 'A preheader',
    html: '<!doctype html><html lang="en"><body><div>Hello</div></body></html>',
    text: 'Hello',
    mjml: '',
    bytes: 1000,
    images: [],
    links: [],
    ...patch,
  };
}

function input(patch: Partial<RuleInput> & { src?: string } = {}): RuleInput {
  const { src, ...rest } = patch;
  return { issue: issue(src ?? PLAIN), config: defaults, rendered: fakeRendered(), ...rest };
}

function run(id: string, i: RuleInput): Finding[] {
  return runRules(i, { only: [id] });
}

async function rendered(src: string, cfg: Config = example, tpl = templates): Promise<RuleInput> {
  const iss = issue(src);
  return { issue: iss, config: cfg, rendered: await renderIssue(iss, cfg, tpl, []) };
}

const html = (body: string, lang = 'en'): string => `<!doctype html><html lang="${lang}"><body style="background:#ffffff">${body}</body></html>`;

describe('size', () => {
  it('warns over 90 KB and fails over the 102 KB clip, naming the heaviest blocks', () => {
    const mjml =
      '<!--nl-partial:(default theme) chapters.mjml.hbs-->\n' +
      'x'.repeat(5000) +
      '\n<!--nl-end-->\n<!--nl-partial:(default theme) body.mjml.hbs-->\nshort\n<!--nl-end-->\n';
    const near = run('size', input({ rendered: fakeRendered({ bytes: SIZE_WARN_BYTES + 1, mjml }) }));
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ rule: 'size', severity: 'warn' });
    expect(near[0]!.message).toMatch(/heaviest blocks are chapters, body/);
    const over = run('size', input({ rendered: fakeRendered({ bytes: SIZE_CLIP_BYTES + 1, mjml }), blockBytes: [{ name: 'resources', bytes: 40_000 }] }));
    expect(over[0]).toMatchObject({ severity: 'error' });
    expect(over[0]!.message).toMatch(/102 KB.*resources \(39\.1 KB\)/);
  });

  it('says nothing at or under 90 KB', () => {
    expect(run('size', input({ rendered: fakeRendered({ bytes: SIZE_WARN_BYTES }) }))).toEqual([]);
  });

  it('measures blocks from fences, outermost only', () => {
    const s =
      '<!--nl-partial:a.mjml.hbs-->12345<!--nl-partial:(default theme) quote.mjml.hbs-->67<!--nl-end-->890<!--nl-end--><!--nl-partial:b.mjml.hbs-->1<!--nl-end-->';
    expect(blockBytesOf(s)).toEqual([
      { name: 'a', bytes: Buffer.byteLength('12345<!--nl-partial:(default theme) quote.mjml.hbs-->67<!--nl-end-->890') },
      { name: 'b', bytes: 1 },
    ]);
    expect(blockWeightsFromMjml(s).map((b) => b.name)).toEqual(['a', 'b']);
  });

  it('reports a real oversized render as an error pointing at the chapters', async () => {
    const chapters = Array.from(
      { length: 700 },
      (_, i) =>
        `  - { time: ${i + 1}, title: "Chapter ${i} with a reasonably long title to weigh more", summary: "A summary of chapter ${i} that is long too." }`,
    ).join('\n');
    const i = await rendered(`---\ntitle: Big\ndate: 2026-01-07\npreheader: P\nchapters:\n${chapters}\n---\nHi.\n`);
    expect(i.rendered.bytes).toBeGreaterThan(SIZE_CLIP_BYTES);
    const f = run('size', i);
    expect(f[0]).toMatchObject({ severity: 'error', file: 'issues/t.md', line: 5 });
    expect(f[0]!.message).toMatch(/heaviest blocks are chapters/);
  });
});

describe('preheader-missing and preheader-too-long', () => {
  it('flags an issue without a preheader, quoting what inboxes show instead', () => {
    const f = run('preheader-missing', input({ src: '---\ntitle: T\ndate: 2026-01-07\n---\nBody', rendered: fakeRendered({ preheader: 'Body' }) }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', file: 'issues/t.md', line: 2 });
    expect(f[0]!.message).toMatch(/"Body"/);
    expect(run('preheader-missing', input())).toEqual([]);
  });

  it('counts characters as a reader does', () => {
    const long = 'é'.repeat(151);
    const src = `---\ntitle: T\ndate: 2026-01-07\npreheader: ${long}\n---\nB`;
    expect(run('preheader-too-long', input({ src, rendered: fakeRendered({ preheader: long }) }))[0]).toMatchObject({ line: 4, severity: 'warn' });
    const ok = '👩‍👩‍👧'.repeat(150);
    expect(graphemes(ok)).toBe(150);
    expect(run('preheader-too-long', input({ rendered: fakeRendered({ preheader: ok }) }))).toEqual([]);
  });
});

describe('subject-too-long', () => {
  it('flags a subject over 60 characters at its line, or at the title when the subject defaults to it', () => {
    const s61 = 'x'.repeat(61);
    expect(
      run('subject-too-long', input({ src: `---\ntitle: T\ndate: 2026-01-07\nsubject: ${s61}\n---\nB`, rendered: fakeRendered({ subject: s61 }) }))[0],
    ).toMatchObject({ line: 4 });
    expect(run('subject-too-long', input({ src: `---\ntitle: ${s61}\ndate: 2026-01-07\n---\nB`, rendered: fakeRendered({ subject: s61 }) }))[0]).toMatchObject({
      line: 2,
    });
    expect(run('subject-too-long', input({ rendered: fakeRendered({ subject: 'x'.repeat(60) }) }))).toEqual([]);
  });
});

describe('lang-missing', () => {
  it('flags no lang, and MJML’s lang="und"', () => {
    for (const h of ['<html><body>x</body></html>', '<html lang="und"><body>x</body></html>', '<html lang=""><body>x</body></html>']) {
      expect(run('lang-missing', input({ rendered: fakeRendered({ html: h }) }))).toHaveLength(1);
    }
    expect(run('lang-missing', input({ rendered: fakeRendered({ html: '<html lang="pt-BR"><body>x</body></html>' }) }))).toEqual([]);
  });

  it('points at the layout override that dropped it', async () => {
    const layout = readFileSync(join(ROOT, 'templates/layout.mjml.hbs'), 'utf8').replace('<mjml lang="{{lang}}" dir="ltr">', '<mjml>');
    const set = loadTemplates(createReader(ROOT, ROOT));
    set.set('layout.mjml.hbs', { ...set.get('layout.mjml.hbs')!, source: layout, display: 'templates/layout.mjml.hbs', override: true });
    const i = await rendered(PLAIN, example, compileTemplates(set));
    i.overrides = new Map([['layout.mjml.hbs', { display: 'templates/layout.mjml.hbs', source: layout }]]);
    const f = run('lang-missing', i);
    expect(f[0]).toMatchObject({ file: 'templates/layout.mjml.hbs', line: layout.split('\n').findIndex((l) => l.startsWith('<mjml>')) + 1 });
  });
});

describe('text-missing', () => {
  it('flags an empty text part', () => {
    expect(run('text-missing', input({ rendered: fakeRendered({ text: '\n  \n' }) }))).toHaveLength(1);
    expect(run('text-missing', input())).toEqual([]);
  });
});

describe('images', () => {
  it('image-alt: flags a missing or empty alt, not a described or hidden image', () => {
    const h = html(
      '<img src="assets/a.png"><img src="assets/b.png" alt=""><img src="assets/c.png" alt="A chart"><div style="display:none"><img src="assets/d.png"></div>',
    );
    const f = run('image-alt', input({ rendered: fakeRendered({ html: h }) }));
    expect(f.map((x) => x.message.split(' ')[2])).toEqual(['assets/a.png', 'assets/b.png']);
  });

  it('image-alt: finds the markdown line of the image', async () => {
    const i = await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nHi.\n\n![](assets/sponsor.png)\n');
    expect(run('image-alt', i)[0]).toMatchObject({ file: 'issues/t.md', line: 8 });
  });

  it('image-alt-filename: flags file names, not descriptions', () => {
    expect(looksLikeFileName('IMG_0042.jpg')).toBe(true);
    expect(looksLikeFileName('DSC 1234')).toBe(true);
    expect(looksLikeFileName('chart-2024', 'assets/chart-2024.png')).toBe(true);
    expect(looksLikeFileName('A chart of listeners')).toBe(false);
    expect(looksLikeFileName('Fieldnote', 'assets/fieldnote.png')).toBe(false);
    const f = run(
      'image-alt-filename',
      input({ rendered: fakeRendered({ html: html('<img src="assets/x.png" alt="photo.png"><img src="assets/y.png" alt="Our team">') }) }),
    );
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/"photo\.png"/);
  });

  it('image-missing: flags a local image that does not exist', () => {
    const r = fakeRendered({ images: ['assets/here.png', 'assets/gone.png'] });
    const f = run('image-missing', input({ rendered: r, imageExists: (s) => s === 'assets/here.png' }));
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('assets/gone.png')]);
    expect(run('image-missing', input({ rendered: r, imageExists: () => true }))).toEqual([]);
  });
});

describe('links', () => {
  const links = (body: string, id: string, text = ''): Finding[] => run(id, input({ rendered: fakeRendered({ html: html(body), text }) }));

  it('link-empty: an empty address, or a link with no text', () => {
    expect(links('<a href="">Go</a>', 'link-empty')[0]!.message).toMatch(/empty address/);
    expect(links('<a href="https://x.example.com/"></a>', 'link-empty')[0]!.message).toMatch(/no text/);
    expect(links('<a href="https://x.example.com/"><img src="a.png" alt="Our logo"></a><a href="https://y.example.com/">Y</a>', 'link-empty')).toEqual([]);
  });

  it('link-placeholder: "#"', () => {
    expect(links('<a href="#">Soon</a>', 'link-placeholder')).toHaveLength(1);
    expect(links('<a href="https://x.example.com/#part">Part</a>', 'link-placeholder')).toEqual([]);
  });

  it('link-unsafe-scheme: javascript:, data:, also entity-encoded', () => {
    expect(
      links('<a href="javascript:alert(1)">x</a><a href="&#106;avascript:alert(2)">y</a><a href="DATA:text/html,hi">z</a>', 'link-unsafe-scheme'),
    ).toHaveLength(3);
    expect(links('<a href="https://x.example.com/javascript:">x</a>', 'link-unsafe-scheme')).toEqual([]);
  });

  it('link-not-https: http and odd schemes, not https, mailto, tel', () => {
    const f = links(
      '<a href="http://x.example.com/">a</a><a href="ftp://x.example.com/">b</a><a href="https://x.example.com/">c</a><a href="mailto:a@example.com">d</a><a href="tel:+1555">e</a>',
      'link-not-https',
    );
    expect(f.map((x) => x.message.split(' ')[2])).toEqual(['http://x.example.com/', 'ftp://x.example.com/']);
  });

  it('link-relative: a path with no scheme', () => {
    expect(links('<a href="archive/12.html">old</a>', 'link-relative')).toHaveLength(1);
    expect(links('<a href="https://x.example.com/archive/12.html">old</a>', 'link-relative')).toEqual([]);
  });

  it('link-generic-text: "click here", "here", "read more", "link"', () => {
    for (const t of ['Click here!', 'here', 'Read more →', 'link', '“this link”']) expect(isGenericLinkText(t)).toBe(true);
    for (const t of ['Read more from The Quiet Build', 'the episode transcript', 'Learn how we hire']) expect(isGenericLinkText(t)).toBe(false);
    expect(links('<a href="https://x.example.com/">Click here</a>', 'link-generic-text')).toHaveLength(1);
    expect(links('<a href="https://x.example.com/">The episode transcript</a>', 'link-generic-text')).toEqual([]);
  });

  it('link rules point at the frontmatter line of the link', async () => {
    const i = await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\nresources:\n  - label: here\n    url: https://r.example.com/x\n---\nHi.\n');
    expect(run('link-generic-text', i)[0]).toMatchObject({ file: 'issues/t.md', line: 7 });
  });

  it('text-missing-link: an HTML link the text part does not carry', () => {
    const body = '<a href="https://a.example.com/">A</a><a href="mailto:me@example.com">me</a>';
    const f = links(body, 'text-missing-link', 'see me@example.com');
    expect(f.map((x) => x.message)).toEqual([expect.stringContaining('https://a.example.com/')]);
    expect(links(body, 'text-missing-link', 'https://a.example.com/ me@example.com')).toEqual([]);
  });

  it('the default theme carries every link into the text part', async () => {
    const i = await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nSee [the docs](https://docs.example.com/a).\n');
    expect(run('text-missing-link', i)).toEqual([]);
  });
});

describe('leftover', () => {
  it('finds each kind with its file line, in frontmatter and body', () => {
    const src = [
      '---',
      'title: T',
      'date: 2026-01-07',
      'preheader: TBD',
      'chapters:',
      '  - { time: "01:00", title: "FIXME name" }',
      '---',
      'Hello {{first_name}},',
      '',
      'TODO: write the intro. Lorem ipsum dolor sit amet.',
      '',
      'We go live at XX:XX.',
    ].join('\n');
    const f = run('leftover', input({ src }));
    const at = f.map((x) => `${x.line}:${/"(.*)"/.exec(x.message)![1]}`);
    expect(at).toEqual(['4:TBD', '6:FIXME', '8:{{first_name}}', '10:TODO', '10:Lorem ipsum', '12:XX:XX']);
    expect(f.every((x) => x.severity === 'error' && x.file === 'issues/t.md')).toBe(true);
  });

  it('leaves code and ordinary words alone', async () => {
    const src =
      '---\ntitle: T\ndate: 2026-01-07\npreheader: My todo list\n---\nUse `{{name}}` in templates.\n\n```\n// TODO in code\n```\n\nA Todo app, tbd-free.\n';
    expect(run('leftover', input({ src, rendered: fakeRendered({ text: 'A Todo app' }) }))).toEqual([]);
    expect(run('leftover', { ...(await rendered(src)), config: defaults })).toEqual([]);
  });

  it('traces a leftover the config prints to its config line', () => {
    const cfg = configFrom(exampleConfigYaml.replace(/signoff: .*/, 'signoff: TODO pick a signoff'));
    const f = run('leftover', input({ config: cfg, rendered: fakeRendered({ text: 'Hi\nTODO pick a signoff' }) }));
    expect(f[0]).toMatchObject({ file: 'newsletter.config.yaml', line: exampleConfigYaml.split('\n').findIndex((l) => l.startsWith('signoff:')) + 1 });
  });
});

describe('chapters-order and chapters-duplicate', () => {
  const src =
    '---\ntitle: T\ndate: 2026-01-07\nchapters:\n  - { time: "10:00", title: A }\n  - { time: "05:00", title: B }\n  - { title: No time }\n  - { time: 300, title: C }\n  - { time: "1:00:00", title: D }\n---\nB';
  it('flags a chapter that starts before the one above it', () => {
    const f = run('chapters-order', input({ src }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 6 });
    expect(f[0]!.message).toMatch(/"B" starts at 05:00, before .*10:00/);
  });
  it('flags two chapters at the same time (05:00 and 300 seconds)', () => {
    const f = run('chapters-duplicate', input({ src }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 8 });
  });
  it('is quiet for increasing times', () => {
    const ok = '---\ntitle: T\ndate: 2026-01-07\nchapters:\n  - { time: "01:00", title: A }\n  - { time: "02:00", title: B }\n---\nB';
    expect([...run('chapters-order', input({ src: ok })), ...run('chapters-duplicate', input({ src: ok }))]).toEqual([]);
  });
});

describe('compliance', () => {
  it('postal-address: none in the config, or not shown', async () => {
    const noAddress = configWith({ footer: { ...example.footer, address: null } });
    expect(run('postal-address', input({ config: noAddress }))[0]).toMatchObject({ file: 'newsletter.config.yaml', severity: 'error' });
    const i = await rendered(PLAIN);
    expect(run('postal-address', i)).toEqual([]);
    const dropped = { ...i, rendered: { ...i.rendered, text: i.rendered.text.replace(/Lantern Works Media, LLC, 2218[\s\S]*?USA/, '') } };
    expect(run('postal-address', dropped).map((f) => f.message)).toEqual([expect.stringMatching(/text part/)]);
  });

  it('unsubscribe: missing, not https, or not linked', async () => {
    expect(run('unsubscribe', input({ config: configWith({ footer: { ...example.footer, unsubscribe_url: null } }) }))[0]!.message).toMatch(
      /no unsubscribe link/,
    );
    expect(run('unsubscribe', input({ config: configWith({ footer: { ...example.footer, unsubscribe_url: 'http://example.com/u' } }) }))[0]!.message).toMatch(
      /not https/,
    );
    const i = await rendered(PLAIN);
    expect(run('unsubscribe', i)).toEqual([]);
    const unlinked = { ...i, rendered: { ...i.rendered, html: i.rendered.html.replaceAll(example.footer.unsubscribe_url!, 'https://elsewhere.example.com/') } };
    expect(run('unsubscribe', unlinked)[0]!.message).toMatch(/HTML has no link/);
  });

  it('sponsor-label: a label that does not say sponsored', async () => {
    const sponsor = (label: string): string =>
      `---\ntitle: T\ndate: 2026-01-07\npreheader: P\nsponsor:\n  label: ${label}\n  name: Acme\n  cta: { label: Try Acme, url: "https://acme.example.com/" }\n---\nB`;
    const f = run('sponsor-label', await rendered(sponsor('Our friends at')));
    expect(f[0]).toMatchObject({ file: 'issues/t.md', line: 6 });
    for (const ok of ['Sponsored by', 'This episode is brought to you by', 'The Quiet Build is supported by'])
      expect(run('sponsor-label', await rendered(sponsor(ok)))).toEqual([]);
  });
});

describe('client-support', () => {
  it('reads the caniemail messages', () => {
    expect(parseSupportMessage('`position` is not supported by `outlook.windows`')).toEqual({ feature: '`position`', client: 'outlook.windows' });
    expect(parseSupportMessage('`margin` is only partially supported by `gmail.ios`')).toBeNull();
  });

  it('reports only what the author’s HTML adds over the default theme’s', () => {
    const f = (pairs: [string, string][]): FeatureSet => new Map(pairs.map(([feature, client]) => [`${feature}\t${client}`, { feature, client }]));
    const baseline = f([['`@media`', 'outlook.windows']]);
    const mine = f([
      ['`@media`', 'outlook.windows'],
      ['`position`', 'outlook.windows'],
      ['`position`', 'gmail.ios'],
    ]);
    const overrides = new Map<string, TemplateOverride>([
      ['footer.mjml.hbs', { display: 'templates/footer.mjml.hbs', source: '<mj-text>\n<p style="position:absolute">x</p>\n</mj-text>' }],
    ]);
    const found = run('client-support', input({ clientSupport: { html: mine, baseline }, overrides }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 2, severity: 'warn' });
    expect(found[0]!.message).toMatch(/`position`.*Outlook \(windows\).*Gmail \(ios\)|`position`.*Gmail \(ios\).*Outlook \(windows\)/);
    expect(run('client-support', input({ clientSupport: { html: baseline, baseline } }))).toEqual([]);
  });

  it('finds unsupported CSS with the bundled caniemail data', async () => {
    const set = await unsupportedFeatures(html('<div style="position:absolute">x</div>'));
    expect([...set.values()].some((v) => v.feature.includes('position') && v.client.startsWith('outlook.'))).toBe(true);
    const plain = await unsupportedFeatures(html('<p>x</p>'));
    expect([...plain.values()].some((v) => v.feature.includes('position'))).toBe(false);
  });
});

describe('heading-order', () => {
  it('finds the default theme’s own headings in order (h1 title, h2 blocks, h3 teasers)', async () => {
    const i = await rendered(PLAIN);
    expect(i.rendered.html).toMatch(/<h1[\s\S]*<h2/);
    expect(run('heading-order', i)).toEqual([]);
  });

  it('flags a second h1 and a skipped level in the letter, at their lines', async () => {
    const i = await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nIntro.\n\n# Another title\n\nText.\n\n#### Too deep\n\nMore.\n');
    const f = run('heading-order', i);
    expect(f.map((x) => x.line)).toEqual([8, 12]);
    expect(f[0]!.message).toMatch(/second top-level heading/);
    expect(f[1]!.message).toMatch(/skips a level.*"## "/);
  });

  it('allows ## and ### in order', async () => {
    expect(run('heading-order', await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nIntro.\n\n## Part\n\n### Sub\n\nEnd.\n'))).toEqual([]);
  });
});

describe('contrast', () => {
  it('reads the colours text is actually shown with, backgrounds inherited', () => {
    const h = html(
      '<table bgcolor="#1d5c63"><tr><td><a style="color:#ffffff">Button</a><span style="color:#2a6a70">dim</span></td></tr></table><div style="color:#222222">ok</div>',
    );
    const pairs = colourPairs(parseHtml(h)).map((p) => `${p.color} on ${p.background}`);
    expect(pairs).toEqual(['#ffffff on #1d5c63', '#2a6a70 on #1d5c63', '#222222 on #ffffff']);
    const f = run('contrast', input({ rendered: fakeRendered({ html: h }) }));
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toMatch(/"dim" is #2a6a70 on #1d5c63, a contrast of 1\.\d\d:1/);
  });

  it('ignores hidden text (the preheader is white on white on purpose)', () => {
    const h = html('<div style="display:none;color:#ffffff">preheader</div><div style="color:#111">visible</div>');
    expect(run('contrast', input({ rendered: fakeRendered({ html: h }) }))).toEqual([]);
  });

  it('passes everything the default theme emits, even for a pale brand colour', async () => {
    const pale = configWith({ theme: { ...example.theme, brand_color: '#9fd3ff', background: '#dddddd' } });
    const i = await rendered(PLAIN, pale);
    expect(colourPairs(parseHtml(i.rendered.html)).length).toBeGreaterThan(3);
    expect(run('contrast', i)).toEqual([]);
  });

  it('theme-contrast: flags the author’s raw colours the palette had to adjust', () => {
    const cfg = configFrom(exampleConfigYaml.replace("brand_color: '#1d5c63'", "brand_color: '#9fd3ff'"));
    const f = run('theme-contrast', input({ config: cfg }));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      file: 'newsletter.config.yaml',
      line: exampleConfigYaml.split('\n').findIndex((l) => l.includes('brand_color')) + 1,
      severity: 'warn',
    });
    expect(run('theme-contrast', input())).toEqual([]);
  });
});

describe('editorial', () => {
  const a = issue('---\ntitle: First\ndate: 2026-01-01\nsubject: Same words\n---\nB', 'issues/a.md');
  const b = issue('---\ntitle: Second\ndate: 2026-01-08\nsubject: same  words\nslug: a\n---\nB', 'issues/b.md');
  it('subject-reused: the later issue that reuses an earlier subject', () => {
    expect(run('subject-reused', input({ issue: b, others: [a], rendered: fakeRendered({ subject: 'same  words' }) }))[0]).toMatchObject({
      file: 'issues/b.md',
      line: 4,
    });
    expect(run('subject-reused', input({ issue: a, others: [b], rendered: fakeRendered({ subject: 'Same words' }) }))).toEqual([]);
    expect(run('subject-reused', input({ issue: b, rendered: fakeRendered({ subject: 'same words' }) }))).toEqual([]);
  });
  it('slug-duplicate: two issues with one slug', () => {
    expect(run('slug-duplicate', input({ issue: b, others: [a] }))[0]).toMatchObject({ file: 'issues/b.md', line: 5, severity: 'error' });
    expect(run('slug-duplicate', input({ issue: a, others: [issue(PLAIN, 'issues/c.md')] }))).toEqual([]);
  });
});

describe('severities', () => {
  it('takes check.rules from the config: off drops a rule, warn and error override its default', () => {
    const src = '---\ntitle: T\ndate: 2026-01-07\n---\nTODO';
    const cfg = (rules: Config['check']['rules']): Config => configWith({ check: { rules } });
    expect(run('leftover', input({ src, config: cfg({}) }))[0]!.severity).toBe('error');
    expect(run('leftover', input({ src, config: cfg({ leftover: 'warn' }) }))[0]!.severity).toBe('warn');
    expect(run('leftover', input({ src, config: cfg({ leftover: 'off' }) }))).toEqual([]);
    expect(run('size', input({ config: cfg({ size: 'error' }), rendered: fakeRendered({ bytes: SIZE_WARN_BYTES + 1 }) }))[0]!.severity).toBe('error');
    expect(severityOf('link-broken', {})).toBe('error');
    expect(severityOf('no-such-rule', {})).toBe('warn');
  });

  it('every rule id is unique and kebab-case', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('docs/check.md has a row for every rule, with its default severity', () => {
    const doc = readFileSync(join(ROOT, 'docs/check.md'), 'utf8');
    for (const r of RULES) expect(doc).toMatch(new RegExp(`^\\| \`${r.id}\` +\\| [a-z ]+ \\| ${r.severity} +\\|`, 'm'));
  });

  it('build’s warnings are these rules, and respect check.rules', async () => {
    const src = '---\ntitle: T\ndate: 2026-01-07\n---\nTODO: the intro';
    const iss = issue(src);
    const on = runRules({ issue: iss, config: example, rendered: await renderIssue(iss, example, templates, []) });
    expect(on.map((w) => w.rule).sort()).toEqual(['leftover', 'preheader-missing']);
    expect(on.find((w) => w.rule === 'leftover')).toMatchObject({ file: 'issues/t.md', line: 5 });
    const quiet = configWith({ check: { rules: { leftover: 'off', 'preheader-missing': 'off' } } });
    expect(runRules({ issue: iss, config: quiet, rendered: await renderIssue(iss, quiet, templates, []) })).toEqual([]);
  });
});
