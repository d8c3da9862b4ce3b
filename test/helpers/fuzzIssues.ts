import fc from 'fast-check';

/**
 * Arbitraries for the fuzz test: issue files as an author (or someone
 * sending a pull request) could write them. Mostly well-formed, so that a
 * good share gets past the parser and is rendered, with hostile values
 * mixed in at every level: mappings with toString/valueOf/__proto__ keys
 * where text belongs, aliases, tags, bad dates and times, URLs with line
 * breaks, %-escapes and unsafe schemes, deep nesting, comments, markup.
 * Generated as text, cheaply: the parser is what is under test.
 */

const WORDS = ['Hello', 'the', 'issue', 'Café', 'naïve', '🎉', '“quoted”', 'don’t', 'x', 'A/B', '50%', 'C#', '1.10', 'no', 'null', 'true', '~', '-', '01:19'];

/** Text with the characters that break YAML, markdown, URLs, templates and terminals. */
const nasty = fc.constantFrom(
  '',
  ' ',
  ': ',
  '#',
  '"',
  "'",
  '\\',
  '{{title}}',
  '{{{x}}}',
  '</mj-text><mj-button>',
  '<script>alert(1)</script>',
  '<!--',
  '-->',
  '<!-- note -->',
  '&#106;avascript:',
  '\u202e',
  '\u200b',
  '\u2028',
  '\t',
  '\u0007',
  '%zz',
  '%2e%2e/',
  '*',
  '_',
  '[',
  ']',
  '`',
  '|',
  '>',
  '---',
  '...',
  '&a',
  '*a',
  '!!str',
  '? ',
  '- ',
  '__proto__',
);

const word = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const phrase = fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

const goodUrl = fc.constantFrom('https://example.com', 'https://example.com/a?b=1&c=%20#d', 'mailto:me@example.com', 'http://example.com/plain');
const badUrl = fc.constantFrom(
  'javascript:alert(1)',
  'JaVaScRiPt:x',
  'data:text/html,x',
  'file:///etc/passwd',
  'vbscript:x',
  'https://e.com/a b',
  'https://e.com/a\nBcc: x@y',
  'https://e.com/<x>',
  'https://e.com/100%',
  'https:///x',
  '//e.com/x',
  'ftp://e.com',
  'example.com',
  'mailto:',
  '',
  'https://e.com/\u202e',
);
const url = fc.oneof({ weight: 8, arbitrary: goodUrl }, { weight: 1, arbitrary: badUrl });
const image = fc.constantFrom(
  'assets/logo.png',
  'assets/missing.png',
  'assets/%zz.png',
  'assets/%C3%28.png',
  '../secret.png',
  '/etc/passwd',
  'assets/%2e%2e/x',
  'https://example.com/i.png',
  'data:image/png;base64,x',
  'assets/a b.png',
  'C:\\x.png',
);

/** A YAML scalar as text: plain, double-quoted (JSON escapes are valid YAML), single-quoted, or block. */
function scalar(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: text.filter((t) => /^[A-Za-z0-9][A-Za-z0-9 .,/!?’“”🎉ïé-]*$/.test(t)) },
    { weight: 10, arbitrary: text.map((t) => JSON.stringify(t)) },
    { weight: 2, arbitrary: text.map((t) => `'${t.replace(/'/g, "''")}'`) },
    { weight: 1, arbitrary: text.map((t) => t) },
  );
}

/** Values that do not belong where text does. */
const hostileValue = fc.constantFrom(
  '{toString: 1}',
  '{valueOf: x}',
  '{toString: x, valueOf: y}',
  '{__proto__: {polluted: 1}}',
  '{constructor: {prototype: 1}}',
  '[{toString: 1}]',
  '[]',
  '{}',
  '123',
  '1.5',
  'true',
  'null',
  '~',
  '!!binary aGVsbG8=',
  '!!int 12',
  '!custom x',
  '&anchor text',
  '*anchor',
  '*nowhere',
  '[' + '['.repeat(40) + ']'.repeat(40) + ']',
  '{a: ' + '{a: '.repeat(30) + '1' + '}'.repeat(31),
  '"unterminated',
  '|\n  block text\n  more',
  '>-\n  folded',
  '2024-02-30',
  '01:19',
  '1:75:00',
);

const text = (t: fc.Arbitrary<string>): fc.Arbitrary<string> => fc.oneof({ weight: 25, arbitrary: scalar(t) }, { weight: 1, arbitrary: hostileValue });

const link = fc.record({ label: text(phrase), url: text(url) }).map((l) => `{label: ${l.label}, url: ${l.url}}`);
const chapter = fc
  .record({
    time: fc.oneof(fc.constantFrom('01:19', '"01:19"', '79', '1:02:03', '"75:30"', '-5', '1.5', 'soon', '"1:2:3:4"'), hostileValue),
    title: text(phrase),
    summary: fc.option(text(phrase)),
  })
  .map((c) => `\n  - time: ${c.time}\n    title: ${c.title}${c.summary === null ? '' : `\n    summary: ${c.summary}`}`);
const sponsor = fc
  .record({ name: text(phrase), text: fc.option(text(phrase)), logo: fc.option(text(image)), url: fc.option(text(url)), cta: fc.option(link) })
  .map(
    (s) =>
      `{name: ${s.name}${s.text ? `, text: ${s.text}` : ''}${s.logo ? `, logo: ${s.logo}` : ''}${s.url ? `, url: ${s.url}` : ''}${s.cta ? `, cta: ${s.cta}` : ''}}`,
  );

const dateValue = fc.oneof({ weight: 20, arbitrary: fc.constantFrom('2024-12-18', '2026-01-07', '"2024-02-29"') }, { weight: 1, arbitrary: hostileValue });

/** One frontmatter line (or block) for a known key, an unknown one, or a hostile one. */
const entry = fc.oneof(
  { weight: 2, arbitrary: text(phrase).map((v) => `subject: ${v}`) },
  { weight: 2, arbitrary: text(phrase).map((v) => `preheader: ${v}`) },
  { weight: 1, arbitrary: text(phrase).map((v) => `greeting: ${v}`) },
  { weight: 1, arbitrary: text(phrase).map((v) => `signoff: ${v}`) },
  { weight: 1, arbitrary: text(phrase).map((v) => `teaser: ${v}`) },
  { weight: 1, arbitrary: fc.constantFrom('slug: my-issue', 'slug: "../x"', 'slug: 123', 'slug: a..b') },
  { weight: 1, arbitrary: fc.constantFrom('draft: true', 'draft: false', 'draft: "yes"') },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        text(phrase),
        fc.record({ t: text(phrase), c: text(phrase) }).map((q) => `{text: ${q.t}, cite: ${q.c}}`),
      )
      .map((v) => `quote: ${v}`),
  },
  { weight: 2, arbitrary: fc.array(link, { maxLength: 4 }).map((l) => `listen: [${l.join(', ')}]`) },
  { weight: 2, arbitrary: fc.array(link, { maxLength: 4 }).map((l) => `resources: [${l.join(', ')}]`) },
  { weight: 2, arbitrary: fc.array(chapter, { minLength: 1, maxLength: 4 }).map((c) => `chapters:${c.join('')}`) },
  { weight: 2, arbitrary: sponsor.map((s) => `sponsor: ${s}`) },
  { weight: 1, arbitrary: fc.array(sponsor, { maxLength: 3 }).map((s) => `sponsors: [${s.join(', ')}]`) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.record({ t: text(phrase), x: text(phrase) }), { maxLength: 3 })
      .map((p) => `promos: [${p.map((x) => `{title: ${x.t}, text: ${x.x}}`).join(', ')}]`),
  },
  { weight: 1, arbitrary: fc.constantFrom('sponsor: false', 'promos: false', 'listen: false', 'chapters: "x"', 'listen: {a: 1}') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'titel: Typo',
      'Title: Case',
      'unknown: 1',
      '"__proto__": {polluted: 1}',
      'constructor: x',
      'k: &k __proto__\n*k: 1',
      '? [a]\n: 1',
      '<<: {a: 1}',
    ),
  },
  { weight: 1, arbitrary: hostileValue.map((v) => `subject: ${v}`) },
);

const frontmatter = fc
  .record({
    title: fc.oneof({ weight: 30, arbitrary: text(phrase) }, { weight: 1, arbitrary: fc.constant(null) }),
    date: fc.oneof({ weight: 30, arbitrary: dateValue }, { weight: 1, arbitrary: fc.constant(null) }),
    // Mostly one line per key (a repeated key is a plain YAML error, covered once is enough).
    rest: fc.oneof(
      { weight: 12, arbitrary: fc.uniqueArray(entry, { maxLength: 6, selector: (l) => l.split(':')[0] }) },
      { weight: 1, arbitrary: fc.array(entry, { maxLength: 6 }) },
    ),
  })
  .map(({ title, date, rest }) =>
    [title === null ? null : `title: ${title}`, date === null ? null : `date: ${date}`, ...rest].filter((l) => l !== null).join('\n'),
  );

const inline = fc.oneof(
  { weight: 5, arbitrary: phrase },
  { weight: 1, arbitrary: fc.record({ t: phrase, u: url }).map(({ t, u }) => `[${t}](${u})`) },
  { weight: 1, arbitrary: url.map((u) => `<${u}>`) },
  { weight: 1, arbitrary: fc.record({ a: fc.constantFrom('', 'alt', 'a [b]'), s: image }).map(({ a, s }) => `![${a}](${s})`) },
  { weight: 1, arbitrary: phrase.map((t) => `*${t}* **${t}** _${t}_ \`${t}\``) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<!-- note -->',
      '<!--\nmulti\n-->',
      '<!-- unclosed',
      '<b>bold</b>',
      '&amp; &lt; &#0;',
      '\\*',
      'https://bare.example.com/x',
      'me@example.com',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 24 }).map((n) => '*'.repeat(n) + 'x' + '*'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 24 }).map((n) => '['.repeat(n) + 'x' + '](https://e.com)'.repeat(n)) },
);
const paragraph = fc.array(inline, { minLength: 1, maxLength: 5 }).map((p) => p.join(' '));

const block = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((i) => `- ${i}`).join('\n')) },
  { weight: 1, arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((i, n) => `${n + 1}. ${i}`).join('\n')) },
  { weight: 1, arbitrary: fc.record({ q: paragraph, c: fc.option(phrase) }).map(({ q, c }) => `> ${q}${c ? `\n>\n> — ${c}` : ''}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }).map((n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }).map((n) => `${'>'.repeat(n)} deep`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '```\n<!-- code -->\n{{x}}\n```',
      '    indented code',
      '---',
      '# Heading',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '<!--\nprivate\n-->',
      '![](assets/logo.png)',
    ),
  },
);
/** A letter with nothing to refuse in it, so that many issues get all the way through MJML. */
const cleanPhrase = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
const cleanInline = fc.oneof(
  { weight: 5, arbitrary: cleanPhrase },
  { weight: 1, arbitrary: fc.record({ t: cleanPhrase, u: goodUrl }).map(({ t, u }) => `[${t}](${u})`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '![Logo](assets/logo.png)',
      '![](https://example.com/i.png)',
      '<!-- note -->',
      '**bold** and _em_',
      '`code`',
      'https://bare.example.com',
    ),
  },
);
const cleanParagraph = fc.array(cleanInline, { minLength: 1, maxLength: 5 }).map((p) => p.join(' '));
const cleanBlock = fc.oneof(
  { weight: 5, arbitrary: cleanParagraph },
  { weight: 1, arbitrary: fc.array(cleanParagraph, { minLength: 1, maxLength: 4 }).map((items) => items.map((i) => `- ${i}`).join('\n')) },
  { weight: 1, arbitrary: fc.record({ q: cleanParagraph, c: fc.option(cleanPhrase) }).map(({ q, c }) => `> ${q}${c ? `\n>\n> — ${c}` : ''}`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }).map((n) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n')) },
);
const body = fc.oneof(fc.array(block, { maxLength: 8 }), fc.array(cleanBlock, { maxLength: 8 })).map((b) => b.join('\n\n'));

/** A whole issue file, with now and then a raw mutation of its text: a character inserted, CRLF, a BOM. */
export const issueFile: fc.Arbitrary<string> = fc
  .record({
    front: frontmatter,
    body,
    mutation: fc.oneof(
      { weight: 12, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.record({ at: fc.nat(), insert: fc.oneof(nasty, fc.string({ maxLength: 3 })) }) },
      { weight: 1, arbitrary: fc.constantFrom('crlf', 'bom', 'no-close', 'js', 'empty') },
    ),
  })
  .map(({ front, body: b, mutation }) => {
    let file = `---\n${front}\n---\n${b}\n`;
    if (mutation === 'crlf') file = file.replace(/\n/g, '\r\n');
    else if (mutation === 'bom') file = `\uFEFF${file}`;
    else if (mutation === 'no-close') file = `---\n${front}\n${b}\n`;
    else if (mutation === 'js') file = `---js\n${front}\n---\n${b}`;
    else if (mutation === 'empty') file = '  \n';
    else if (mutation) {
      const at = mutation.at % (file.length + 1);
      file = file.slice(0, at) + mutation.insert + file.slice(at);
    }
    return file;
  });

/** A newsletter.config.yaml: every key with a sensible value, then a few replaced, at the top or one level down, by hostile ones. */
const CONFIG: [string, string][] = [
  ['name', 'N'],
  ['description', 'D'],
  ['url', 'https://example.com'],
  ['from', 'A <a@example.com>'],
  ['language', 'en'],
  ['greeting', 'Hi'],
  ['signoff', 'Bye'],
  ['author', '{name: A, title: [T1, T2]}'],
  ['labels', '{listen: L, chapters: C, read_more: R}'],
  ['listen', '[{label: L, url: "https://example.com"}]'],
  ['sponsor', '{name: S, text: T, logo: assets/logo.png, cta: {label: C, url: "https://example.com"}}'],
  ['promos', '[{title: P, text: T}]'],
  ['footer', '{reason: R, text: T, address: A, preferences_url: "https://example.com/p", unsubscribe_url: "https://example.com/u"}'],
  [
    'theme',
    '{brand_color: "#123456", text_color: "#222", background: "#fff", font_family: "Georgia, serif", logo: {src: assets/logo.png, alt: L, width: 160}}',
  ],
  ['read_more', '{count: 2}'],
  ['test', '{to: [me@example.com]}'],
  ['check', '{rules: {size: off}}'],
];
const SUBKEYS: Record<string, string[]> = {
  author: ['name', 'title'],
  labels: ['listen', 'chapters', 'read_more', 'sponsor', 'view_online', 'unsubscribe'],
  footer: ['reason', 'text', 'address', 'preferences_url', 'unsubscribe_url'],
  theme: ['brand_color', 'text_color', 'background', 'font_family', 'logo'],
  read_more: ['count'],
  test: ['to'],
  check: ['rules'],
};
const configValue = fc.oneof(
  hostileValue,
  url.map((u) => JSON.stringify(u)),
  image.map((i) => JSON.stringify(i)),
  fc.constantFrom('-1', '0', '601', '15', '1e400', '"#ggg"', '"xx-YY"', '"ar"', '"zh-Hant"', 'off', 'warn', '"<b>"', '"{{x}}"', '"a\\nb"'),
);
export const configFile: fc.Arbitrary<string> = fc
  .array(fc.tuple(fc.nat(CONFIG.length - 1), fc.boolean(), configValue, fc.nat(10)), { maxLength: 8 })
  .map((mutations) => {
    const config = new Map(CONFIG);
    for (const [k, top, value, sub] of mutations) {
      const key = CONFIG[k]![0];
      const subs = SUBKEYS[key];
      config.set(key, top || !subs ? value : `{${subs[sub % subs.length]!}: ${value}}`);
    }
    return [...config].map(([k, v]) => `${k}: ${v}`).join('\n');
  });
