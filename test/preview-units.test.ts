import { describe, expect, it } from 'vitest';
import { NewsletterError } from '../src/problems/errors.js';
import { forceDarkMode } from '../src/preview/darkMode.js';
import { issueFindings, uniqueFindings, type Finding } from '../src/preview/findings.js';
import { sentHeaders } from '../src/preview/headers.js';
import { displayName, indexPage, issuePage, sortViews, type IssueView, type SiteInfo } from '../src/preview/pages.js';
import { createProgress } from '../src/preview/progress.js';
import { githubAnnotations, reportJson, summaryMarkdown, type PreviewSummary } from '../src/preview/report.js';
import type { Config } from '../src/parse/types.js';

const site: SiteInfo = { name: 'The Quiet Build', from: 'Maren Holloway <letters@example.com>', language: 'en', screenshots: true };

function view(over: Partial<IssueView> = {}): IssueView {
  return {
    id: 'a',
    file: 'issues/a.md',
    slug: 'a',
    title: 'A',
    subject: 'Subject A',
    preheader: 'Pre A',
    date: '2026-01-07',
    draft: false,
    bytes: 2150,
    findings: [],
    ...over,
  };
}

function summary(views: IssueView[], over: Partial<PreviewSummary> = {}): PreviewSummary {
  return {
    name: 'The Quiet Build',
    out: 'dist/preview',
    issues: views,
    general: [],
    screenshots: { state: 'taken', note: null, count: 1, fresh: 1 },
    ok: true,
    strict: false,
    ...over,
  };
}

describe('forceDarkMode', () => {
  const html =
    '<html><head><meta name="color-scheme" content="light dark"><style>a{color:red}@media (prefers-color-scheme: dark) { body { background: #111 !important; } }' +
    '@media screen and (prefers-color-scheme:light){p{color:blue}}</style></head><body><p>(prefers-color-scheme: dark) in text</p></body></html>';
  const dark = forceDarkMode(html);

  it('makes the dark rules unconditional and the light-only ones never apply', () => {
    expect(dark).toContain('@media (min-width: 0px) { body { background: #111 !important; } }');
    expect(dark).toContain('@media screen and (max-width: -1px)');
    expect(dark).not.toMatch(/<style>[^<]*prefers-color-scheme/);
  });

  it('leaves text outside <style> alone', () => {
    expect(dark).toContain('<p>(prefers-color-scheme: dark) in text</p>');
  });

  it('declares the document dark', () => {
    expect(dark).toContain('<meta name="color-scheme" content="dark">');
    expect(dark).not.toContain('content="light dark"');
    expect(dark).toMatch(/color-scheme: dark !important; }<\/style><\/head>/);
  });

  it('adds the meta when the email has none', () => {
    expect(forceDarkMode('<html><head></head><body></body></html>')).toContain('<meta name="color-scheme" content="dark"><style>');
  });
});

describe('issueFindings', () => {
  it('lists the error, each of its companions, then the warnings', () => {
    const more = new NewsletterError('FIELD_TYPE', 'date is not a date', { file: 'issues/a.md', line: 3 });
    const error = new NewsletterError('FIELD_REQUIRED', 'title is missing', { file: 'issues/a.md', line: 1, hint: 'add title:', more: [more] });
    const f = issueFindings({ warnings: [{ rule: 'unknown-key', message: 'titel?', file: 'issues/a.md' }], rules: [], error });
    expect(f.map((x) => [x.severity, x.rule, x.line])).toEqual([
      ['error', 'FIELD_REQUIRED', 1],
      ['error', 'FIELD_TYPE', 3],
      ['warning', 'unknown-key', undefined],
    ]);
    expect(f[0]!.hint).toBe('add title:');
  });

  it('puts the rules’ errors with the errors and their warnings with the warnings', () => {
    const f = issueFindings({
      warnings: [{ rule: 'archive', message: 'b.md is broken' }],
      rules: [
        { severity: 'warning', rule: 'subject-too-long', message: 'long' },
        { severity: 'error', rule: 'image-alt', message: 'no alt', file: 'issues/a.md', line: 9 },
      ],
      error: null,
    });
    expect(f.map((x) => [x.severity, x.rule])).toEqual([
      ['error', 'image-alt'],
      ['warning', 'archive'],
      ['warning', 'subject-too-long'],
    ]);
  });
});

describe('uniqueFindings', () => {
  it('lists a problem every issue shares (one of the config) once, keeping the first of each', () => {
    const config: Finding = { severity: 'error', rule: 'postal-address', message: 'no postal address', file: 'newsletter.config.yaml', line: 3 };
    const own: Finding = { severity: 'warning', rule: 'subject-too-long', message: 'long', file: 'issues/a.md', line: 2 };
    const other: Finding = { ...own, file: 'issues/b.md' };
    expect(uniqueFindings([config, own, { ...config }, other, { ...config }])).toEqual([config, own, other]);
  });
});

describe('sentHeaders', () => {
  const config = {
    name: 'The Quiet Build',
    from: 'Maren <letters@example.com>',
    reply_to: 'maren@example.com',
    test: { to: ['me@example.com', 'you@example.com'] },
    footer: { unsubscribe_url: 'https://example.com/unsub' },
  } as unknown as Config;

  it('shows From, Reply-To, the test recipients, the subject and one-click unsubscribe', () => {
    const h = Object.fromEntries(sentHeaders(config, { subject: 'Hi 👋', preheader: 'Pre' }).map((l) => [l.name, l.value]));
    expect(h).toMatchObject({
      From: 'Maren <letters@example.com>',
      'Reply-To': 'maren@example.com',
      To: 'me@example.com, you@example.com',
      Subject: 'Hi 👋',
      'List-Id': 'The Quiet Build <the-quiet-build.example.com>',
      'List-Unsubscribe': '<https://example.com/unsub>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('says what is missing', () => {
    const bare = { ...config, from: null, reply_to: null, test: { to: [] }, footer: { unsubscribe_url: null } } as unknown as Config;
    const lines = sentHeaders(bare, { subject: 'S', preheader: '' });
    expect(lines.find((l) => l.name === 'From')).toMatchObject({ value: '', note: expect.stringContaining('from:') });
    expect(lines.find((l) => l.name === 'Reply-To')).toBeUndefined();
    expect(lines.find((l) => l.name === 'List-Unsubscribe')?.note).toMatch(/unsubscribe_url/);
    expect(lines.find((l) => l.name === 'List-Unsubscribe-Post')).toBeUndefined();
  });
});

describe('pages', () => {
  it('sorts newest first, with unreadable issues (no date) first', () => {
    const v = sortViews([
      view({ id: 'old', date: '2025-01-01' }),
      view({ id: 'broken', date: null, file: 'issues/z.md' }),
      view({ id: 'new', date: '2026-05-01' }),
    ]);
    expect(v.map((x) => x.id)).toEqual(['broken', 'new', 'old']);
  });

  it('escapes author text in the index and the issue page', () => {
    const evil = view({ subject: '<script>alert(1)</script>', preheader: '"><img src=x onerror=alert(1)>' });
    for (const html of [indexPage(site, [evil]), issuePage(site, evil, { text: '</pre><script>x</script>', headers: [{ name: 'Subject', value: '<b>' }] })]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('</pre><script>');
      expect(html).not.toMatch(/<script>x/);
    }
  });

  it('links each row to its page and marks drafts and problems', () => {
    const warn: Finding = { severity: 'warning', rule: 'r', message: 'm' };
    const html = indexPage(site, [view({ id: 'one', draft: true, findings: [warn, warn] })]);
    expect(html).toContain('href="issues/one.html"');
    expect(html).toContain('Draft');
    expect(html).toContain('2 warnings');
    expect(html).toContain('2.1 KB');
    expect(html).toContain('Maren Holloway');
  });

  it('frames the light, the dark and the inverted email at desktop and phone widths, all with relative links', () => {
    const shots = [{ engine: 'blink', scheme: 'light', width: 600, file: 'shots/a/blink-light-600.png' }];
    const html = issuePage({ ...site, engines: [{ id: 'blink', name: 'Blink' }] }, view({ shots }), { text: 'Hello', headers: [] });
    expect(html.match(/<iframe class="light" src="..\/email\/a.html"/g)).toHaveLength(2);
    expect(html.match(/<iframe class="dark" src="..\/email\/a.dark.html"/g)).toHaveLength(2);
    expect(html.match(/<iframe class="inverted" src="..\/email\/a.inverted.html"/g)).toHaveLength(2);
    expect(html).toContain('href="../shots/a/blink-light-600.png"');
    expect(html).toContain('href="../index.html"');
    expect(html).not.toMatch(/(href|src)="\//);
    expect(html).not.toContain('EventSource');
  });

  it('shows the error instead of frames when the issue did not build', () => {
    const err: Finding = { severity: 'error', rule: 'FRONTMATTER_YAML', message: 'bad <yaml>', file: 'issues/a.md', line: 3, column: 2 };
    const html = issuePage(site, view({ slug: null, bytes: null, findings: [err] }), { text: null, headers: [] });
    expect(html).not.toContain('<iframe');
    expect(html).toContain('issues/a.md:3:2');
    expect(html).toContain('bad &lt;yaml&gt;');
  });

  it('adds the reload script only for dev', () => {
    const html = indexPage({ ...site, live: { generation: 7 } }, [view()]);
    expect(html).toContain("new EventSource('/__events')");
    expect(html).toContain('const gen = 7;');
  });

  it('reads the display name of a From address', () => {
    expect(displayName('Maren Holloway <letters@example.com>')).toBe('Maren Holloway');
    expect(displayName('"Holloway, Maren" <m@example.com>')).toBe('Holloway, Maren');
    expect(displayName('letters@example.com')).toBe('letters@example.com');
    expect(displayName(null)).toBeNull();
  });
});

describe('report', () => {
  const err: Finding = { severity: 'error', rule: 'FIELD_REQUIRED', message: 'title is missing', file: 'issues/b.md', line: 2 };
  const warn: Finding = { severity: 'warning', rule: 'image-alt', message: 'an image | has no alt', file: 'issues/a.md' };
  const shots = [
    { engine: 'blink', scheme: 'light', width: 600, file: 'shots/a/blink-light-600.png' },
    { engine: 'blink', scheme: 'light', width: 375, file: 'shots/a/blink-light-375.png' },
  ];
  const views = [view({ findings: [warn], shots }), view({ id: 'b', file: 'issues/b.md', slug: null, bytes: null, subject: 'B', date: null, findings: [err] })];

  it('writes every issue, its files and problems to report.json', () => {
    const r = JSON.parse(reportJson(summary(views, { ok: false })));
    expect(r.ok).toBe(false);
    expect(r.totals).toEqual({ issues: 2, drafts: 0, errors: 1, warnings: 1 });
    const a = r.issues.find((i: { file: string }) => i.file === 'issues/a.md');
    expect(a.files).toEqual({
      page: 'issues/a.html',
      html: 'email/a.html',
      dark: 'email/a.dark.html',
      inverted: 'email/a.inverted.html',
      text: 'email/a.txt',
      desktop: 'shots/a/blink-light-600.png',
      mobile: 'shots/a/blink-light-375.png',
    });
    expect(a.shots).toEqual(shots);
    expect(a.warnings[0]).toMatchObject({ rule: 'image-alt', file: 'issues/a.md', line: null });
    const b = r.issues.find((i: { file: string }) => i.file === 'issues/b.md');
    expect(b.files.html).toBeNull();
    expect(b.errors[0]).toMatchObject({ rule: 'FIELD_REQUIRED', line: 2 });
  });

  it('writes a markdown table with a row per issue, pipes escaped', () => {
    const md = summaryMarkdown(summary(views, { ok: false }));
    expect(md).toMatch(/^### ❌ Newsletter preview: The Quiet Build/);
    expect(md).toContain('| ⚠️ | **Subject A**<br>`issues/a.md` | 2026-01-07 | 2.1 KB | 0 | 1 |');
    expect(md).toContain('| ❌ | **B**<br>`issues/b.md` |  | – | 1 | 0 |');
    expect(md).toContain('an image \\| has no alt');
    expect(md).toContain('<details open>');
  });

  it('lists a problem shared by several issues once under the table, but counts it in each row', () => {
    const shared: Finding = { severity: 'error', rule: 'postal-address', message: 'no postal address', file: 'newsletter.config.yaml', line: 3 };
    const md = summaryMarkdown(summary([view({ findings: [shared] }), view({ id: 'b', file: 'issues/b.md', findings: [shared] })], { ok: false }));
    expect(md.match(/no postal address/g)).toHaveLength(1);
    expect(md.match(/\| 1 \| 0 \|$/gm)).toHaveLength(2);
  });

  it('annotates for GitHub with escaped properties and data', () => {
    const lines = githubAnnotations([
      err,
      { severity: 'warning', rule: 'size', message: '100%\nbig', file: 'issues/a,b:c.md', line: 4, column: 2, hint: 'shorten' },
      { severity: 'error', rule: 'MJML_INVALID', message: 'bad', file: '(default theme) layout.mjml.hbs' },
    ]);
    expect(lines).toEqual([
      '::error file=issues/b.md,line=2,title=FIELD_REQUIRED::title is missing',
      '::warning file=issues/a%2Cb%3Ac.md,line=4,col=2,title=size::100%25%0Abig%0Ahint: shorten',
      '::error title=MJML_INVALID::bad',
    ]);
  });
});

describe('progress', () => {
  function stream(tty: boolean): { write(s: string): void; isTTY: boolean; columns: number; text: string } {
    return {
      isTTY: tty,
      columns: 60,
      text: '',
      write(s: string) {
        this.text += s;
      },
    };
  }

  it('prints one plain line per item when not on a terminal', () => {
    const s = stream(false);
    const p = createProgress(s, 'Rendering', 2);
    p.tick('issues/a.md', 'unchanged');
    p.tick('issues/b.md');
    p.done();
    expect(s.text).toBe('Rendering [1/2] issues/a.md (unchanged)\nRendering [2/2] issues/b.md\n');
  });

  it('redraws one line in place on a terminal, and clears it at the end', () => {
    const s = stream(true);
    let now = 0;
    const p = createProgress(s, 'Rendering', 3, { now: () => now });
    p.tick('issues/a.md');
    now += 10;
    p.tick('issues/b.md'); // throttled
    p.log('a warning');
    now += 100;
    p.tick('issues/c.md');
    p.done();
    expect(s.text).not.toContain('\n[');
    expect(s.text.split('\n')).toHaveLength(2); // only the logged line ends with a newline
    expect(s.text).toContain('\r\x1b[2KRendering [1/3] issues/a.md');
    expect(s.text).not.toContain('Rendering [2/3] issues/b.md\n');
    expect(s.text).toContain('a warning\n');
    expect(s.text.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('cuts the live line to the terminal width', () => {
    const s = stream(true);
    const p = createProgress(s, 'Rendering', 1);
    p.tick(`issues/${'x'.repeat(200)}.md`);
    const line = s.text.split('\r\x1b[2K')[1]!;
    expect(line.length).toBeLessThanOrEqual(59);
  });
});
