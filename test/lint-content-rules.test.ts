/**
 * The content, compliance, accessibility and editorial rules of `newsletter
 * check`: an input that trips each rule and one that does not (the
 * deliverability, image and link rules are in check-rules.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { colourPairs } from '../src/lint/colourPairs.js';
import { parseHtml } from '../src/lint/parseHtml.js';
import { configFrom, configWith, defaults, example, exampleConfigYaml, fakeRendered, html, input, issue, PLAIN, rendered, run } from './helpers/lint.js';

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
