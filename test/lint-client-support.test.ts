/**
 * client-support: the bundled caniemail data, what the scanner reads in
 * HTML and CSS, and the rule over whole emails (default theme included),
 * one problem per feature with the blocks that write it.
 */
import { describe, expect, it } from 'vitest';
import { atRuleFeatures, declarationFeatures, selectorFeatures } from '../src/lint/caniemail/cssFeatures.js';
import { scanStyleAttribute, scanStyleSheet } from '../src/lint/caniemail/scanCss.js';
import { scanHtml } from '../src/lint/caniemail/scanHtml.js';
import { CANIEMAIL, clientList, featureData, unsupportedBy } from '../src/lint/caniemail/supportData.js';
import { unsupportedFeatures } from '../src/lint/caniemail/unsupportedFeatures.js';
import { configWith, example, exampleConfigYaml, fakeRendered, html, input, PLAIN, rendered, run, withOverride } from './helpers/lint.js';

const slugs = (uses: { slug: string }[]): string[] => [...new Set(uses.map((u) => u.slug))].sort();

describe('the bundled caniemail data', () => {
  it('is current, says where it comes from, and has one support letter per client for every feature', () => {
    expect(CANIEMAIL.date >= '2026-01-01').toBe(true);
    expect(CANIEMAIL.source).toBe('https://github.com/hteumeuleu/caniemail');
    expect(CANIEMAIL.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(CANIEMAIL.clients).toEqual(
      expect.arrayContaining([
        'gmail.desktop-webmail',
        'outlook.windows',
        'outlook.macos',
        'outlook.outlook-com',
        'apple-mail.ios',
        'apple-mail.macos',
        'yahoo.desktop-webmail',
        'samsung-email.android',
        'thunderbird.macos',
      ]),
    );
    expect(CANIEMAIL.features.length).toBeGreaterThan(290);
    for (const f of CANIEMAIL.features) expect(f.support).toMatch(new RegExp(`^[yanu-]{${CANIEMAIL.clients.length}}$`));
  });

  it('names clients as people say them, grouped by family', () => {
    expect(clientList(['outlook.windows', 'outlook.macos', 'gmail.ios'])).toBe('Outlook (Windows, Mac), Gmail (iOS)');
    expect(unsupportedBy('css-position')).toContain('outlook.windows');
    // Partial support ("a") is not "unsupported".
    const position = featureData('css-position')!;
    const partial = CANIEMAIL.clients.filter((_, i) => position.support[i] === 'a');
    expect(partial.length).toBeGreaterThan(0);
    for (const c of partial) expect(unsupportedBy('css-position')).not.toContain(c);
  });
});

describe('reading features', () => {
  it('reads declarations: properties, their families, values, functions and units', () => {
    expect(slugs(declarationFeatures('border-top-left-radius', '4px'))).toEqual(['css-border-radius', 'css-unit-px']);
    expect(slugs(declarationFeatures('display', 'inline-flex'))).toEqual(['css-display', 'css-display-flex']);
    expect(slugs(declarationFeatures('background', 'linear-gradient(#fff, rgba(0,0,0,.5)) url("a-10px.png")'))).toEqual([
      'css-background',
      'css-linear-gradient',
      'css-rgba',
    ]);
    expect(slugs(declarationFeatures('margin-inline-start', 'calc(1em + 2rem)', true))).toEqual([
      'css-important',
      'css-margin-inline-start-end',
      'css-unit-calc',
      'css-unit-em',
      'css-unit-rem',
    ]);
    expect(slugs(declarationFeatures('font-family', 'system-ui, sans-serif'))).toEqual(['css-sytem-ui']);
    expect(declarationFeatures('mso-line-height-rule', 'exactly')).toEqual([]);
    expect(declarationFeatures('-webkit-text-size-adjust', '100%')).toEqual([]);
    // A colour like #1d5c63 has no units in it.
    expect(slugs(declarationFeatures('color', '#1d5c63'))).toEqual([]);
  });

  it('reads selectors and at-rules', () => {
    expect(slugs(selectorFeatures('.nl-card > table'))).toEqual(['css-selector-child', 'css-selector-class', 'css-selector-type']);
    expect(slugs(selectorFeatures('a.nl-pill:hover'))).toEqual(['css-pseudo-class-hover', 'css-selector-chaining', 'css-selector-class', 'css-selector-type']);
    expect(slugs(selectorFeatures('#outlook a'))).toEqual(['css-selector-descendant', 'css-selector-id', 'css-selector-type']);
    expect(slugs(selectorFeatures('p::first-line, li:nth-child(2n+1)'))).toContain('css-pseudo-element-first-line');
    expect(slugs(atRuleFeatures('media', '(prefers-color-scheme: dark) and (orientation: landscape)'))).toEqual([
      'css-at-media',
      'css-at-media-orientation',
      'css-at-media-prefers-color-scheme',
    ]);
  });

  it('reads style sheets: comments, grouping, at-rules, but no selectors inside @keyframes', () => {
    const css =
      '/* dark */ @import url(x.css); h1, h2 { margin: 0 } @media (max-width: 480px) { .a { width: 100% !important } } @keyframes spin { from { opacity: 0 } to { opacity: 1 } }';
    const found = slugs(scanStyleSheet(css));
    expect(found).toEqual(
      expect.arrayContaining([
        'css-comments',
        'css-at-import',
        'css-selector-grouping',
        'css-at-media',
        'css-important',
        'css-unit-percent',
        'css-at-keyframes',
        'css-opacity',
      ]),
    );
    expect(found).not.toContain('css-selector-type-from');
    expect(scanStyleSheet('@keyframes k { from { top: 0 } }').map((u) => u.slug)).not.toContain('css-selector-type');
  });

  it('memoises sheets and inline styles on their text: a template set is read once', () => {
    expect(scanStyleSheet('p { color: red }')).toBe(scanStyleSheet('p { color: red }'));
    expect(scanStyleAttribute('display:none')).toBe(scanStyleAttribute('display:none'));
  });

  it('skips Outlook’s conditional markup and knows what Outlook for Windows never sees', () => {
    const uses = scanHtml(
      '<!--[if mso]><video src="a.mp4"></video><![endif]--><!--[if !mso]><!--><div style="display:flex">x</div><!--<![endif]--><svg></svg><style>.a:hover{color:red}</style>',
    );
    expect(uses.map((u) => u.slug)).not.toContain('html-video');
    expect(uses.find((u) => u.slug === 'css-display-flex')).toMatchObject({ hiddenFromOutlook: true });
    expect(uses.find((u) => u.slug === 'html-svg')).toMatchObject({ hiddenFromOutlook: false });
    expect(uses.find((u) => u.slug === 'css-pseudo-class-hover')).toMatchObject({ inStyleSheet: true });
    expect(
      unsupportedFeatures('<!--[if !mso]><!--><div style="display:flex">x</div><!--<![endif]-->').find((f) => f.slug === 'css-display-flex'),
    ).toBeUndefined();
  });

  it('reports what no client supports at all, not partial support', () => {
    const f = unsupportedFeatures(html('<div style="position:absolute">x</div><img src="assets/a.webp" alt="A">'));
    const position = f.find((x) => x.slug === 'css-position')!;
    expect(position.clients).toEqual(unsupportedBy('css-position'));
    expect(position.clients).not.toContain('apple-mail.ios');
    expect(f.find((x) => x.slug === 'image-webp')!.clients).toEqual(['outlook.windows']);
    expect(unsupportedFeatures(html('<p style="color:#222222">x</p>')).filter((x) => !['html-body', 'html-doctype'].includes(x.slug))).toEqual([]);
  });
});

describe('client-support', () => {
  it('checks the default theme itself when asked (client-support-theme): each feature once, pointed at the config’s theme, MJML’s own markup left out', async () => {
    const i = await rendered(PLAIN, configWith({ check: { rules: { 'client-support-theme': 'warn' } } }));
    // By default an author is told only of what their own templates and letter add.
    expect(run('client-support', i)).toEqual([]);
    expect(run('client-support-theme', { ...i, config: configWith({ check: { rules: {} } }) })).toEqual([]);
    const f = run('client-support-theme', i);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((p) => p.severity === 'warn')).toBe(true);
    const themeLine = exampleConfigYaml.split('\n').findIndex((l) => l.startsWith('theme:')) + 1;
    expect(f.find((p) => /prefers-color-scheme/.test(p.message))).toMatchObject({ file: 'newsletter.config.yaml', line: themeLine });
    expect(f.find((p) => /prefers-color-scheme/.test(p.message))!.message).toMatch(/Gmail \(web, iOS, Android\).*the default theme's layout block/);
    const titles = f.map((p) => /^"([^"]+)"/.exec(p.message)![1]);
    expect(new Set(titles).size).toBe(titles.length);
    // The doctype and <body> are MJML's: no template writes them.
    expect(f.some((p) => /doctype|<body>/i.test(p.message))).toBe(false);
    expect(f.every((p) => p.hint?.startsWith('https://www.caniemail.com/features/'))).toBe(true);
  });

  it('points at the line of the override that adds a feature', async () => {
    const footer =
      '<mj-section>\n  <mj-column>\n    <mj-text><div style="position:absolute">{{footer.address}}</div></mj-text>\n  </mj-column>\n</mj-section>\n';
    const { tpl, overrides } = withOverride('footer.mjml.hbs', footer);
    const f = run('client-support', await rendered(PLAIN, example, tpl, { overrides }));
    const position = f.find((p) => p.message.startsWith('"position"'))!;
    expect(position).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 3, severity: 'warn' });
    expect(position.message).toMatch(/Gmail \(web, iOS, Android\), Outlook \(Windows\).*your templates\/footer\.mjml\.hbs/);
  });

  it('points at the letter for what the author wrote in it', async () => {
    const f = run('client-support', await rendered('---\ntitle: T\ndate: 2026-01-07\npreheader: P\n---\nHi.\n\n![A chart](assets/chart.webp)\n'));
    expect(f.find((p) => /^"webp image format"/i.test(p.message))).toMatchObject({ file: 'issues/t.md', line: 8 });
  });

  it('is quiet for an email without unsupported features, and when set to off', async () => {
    expect(run('client-support', input({ rendered: fakeRendered({ html: html('<p>x</p>'), mjml: '<mj-text><p>x</p></mj-text>' }) }))).toEqual([]);
    const off = await rendered(PLAIN, configWith({ check: { rules: { 'client-support': 'off' } } }));
    expect(run('client-support', off)).toEqual([]);
  });
});
