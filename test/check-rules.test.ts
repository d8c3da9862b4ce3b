/**
 * The deliverability, image and link rules of `newsletter check`: an input
 * that trips each rule and one that does not. Most inputs are strings
 * (HTML, text, frontmatter); some render through the default theme, since
 * what the theme emits is what the rules must read. The other rules,
 * severities and the docs table have test files of their own
 * (test/lint-*.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockBytesOf, blockWeightsFromMjml } from '../src/lint/blocks.js';
import { isGenericLinkText } from '../src/lint/genericLinkText.js';
import { SIZE_CLIP_BYTES, SIZE_WARN_BYTES } from '../src/lint/limits.js';
import { looksLikeFileName } from '../src/lint/looksLikeFileName.js';
import { graphemes } from '../src/lint/words.js';
import type { Problem } from '../src/problems/problem.js';
import { example, fakeRendered, html, input, PLAIN, rendered, run, withOverride } from './helpers/lint.js';
import { ROOT } from './helpers/workspace.js';

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
    expect(f[0]).toMatchObject({ severity: 'warn', file: 'issues/t.md', line: 2 });
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
    const { tpl, overrides } = withOverride('layout.mjml.hbs', layout);
    const i = await rendered(PLAIN, example, tpl, { overrides });
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
  const links = (body: string, id: string, text = ''): Problem[] => run(id, input({ rendered: fakeRendered({ html: html(body), text }) }));

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

  it('link-generic-text: "click here", "here", "read more", "learn more" in any case', () => {
    for (const t of ['Click here!', 'here', 'Read more →', 'link', '“this link”', 'Learn more', 'LEARN MORE', 'learn more »', 'Find out more.', 'More info'])
      expect(isGenericLinkText(t)).toBe(true);
    for (const t of ['Read more from The Quiet Build', 'the episode transcript', 'Learn how we hire']) expect(isGenericLinkText(t)).toBe(false);
    expect(links('<a href="https://x.example.com/">Click here</a>', 'link-generic-text')).toHaveLength(1);
    expect(links('<a href="https://x.example.com/">LEARN&nbsp;MORE</a>', 'link-generic-text')[0]!.message).toMatch(/"LEARN MORE"/);
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
