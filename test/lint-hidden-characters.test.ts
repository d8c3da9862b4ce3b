/** text-bidi-control and text-zero-width: invisible characters in what readers and filters get, found with their file, line and column. */
import { describe, expect, it } from 'vitest';
import { columnOf, findBidiControls, findZeroWidth } from '../src/lint/hiddenCharacters.js';
import { configFrom, exampleConfigYaml, input, run } from './helpers/lint.js';

const RLO = '\u202e';
const LRI = '\u2066';
const PDI = '\u2069';
const ZWSP = '\u200b';
const ZWJ = '\u200d';

const src = (front: string, body = 'Hello.'): string => `---\ntitle: T\ndate: 2026-01-07\npreheader: P\n${front}---\n${body}\n`;

describe('finding the characters', () => {
  it('finds every bidi embedding, override and isolate control, by name', () => {
    const all = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    expect(findBidiControls(`a${all}b`).map((c) => c.name.slice(0, 6))).toEqual([
      'U+202A',
      'U+202B',
      'U+202C',
      'U+202D',
      'U+202E',
      'U+2066',
      'U+2067',
      'U+2068',
      'U+2069',
    ]);
    expect(findBidiControls(`x${RLO}y`)[0]).toMatchObject({ index: 1, name: 'U+202E RIGHT-TO-LEFT OVERRIDE' });
    // Arabic and Hebrew text itself is not a control.
    expect(findBidiControls('مرحبا שלום')).toEqual([]);
  });

  it('finds zero-width characters, but not joiners inside emoji or scripts that need them', () => {
    expect(findZeroWidth(`free${ZWSP}money \u2060x\ufeffy`).map((c) => c.name)).toEqual([
      'U+200B ZERO WIDTH SPACE',
      'U+2060 WORD JOINER',
      'U+FEFF ZERO WIDTH NO-BREAK SPACE',
    ]);
    expect(findZeroWidth(`pay${ZWJ}pal and v\u200ciagra`)).toHaveLength(2);
    expect(findZeroWidth('👩‍👩‍👧 family, 🏳️‍🌈 flag, 👍🏽 ok')).toHaveLength(0);
    // Persian writes a non-joiner inside words; Devanagari uses joiners for conjuncts.
    expect(findZeroWidth('می‌خواهم')).toEqual([]);
    expect(findZeroWidth('क्‍ष')).toEqual([]);
  });

  it('counts columns in characters, as editors do', () => {
    expect(columnOf(`😀${RLO}`, 2)).toBe(2);
  });
});

describe('text-bidi-control', () => {
  it('flags a control in the subject, a label and the letter, at their lines', () => {
    const s = src(
      `subject: "Invoice ${RLO}fdp.exe"\nresources:\n  - label: "Your ${LRI}account${PDI}"\n    url: https://r.example.com/\n`,
      `Hello.\n\nClick ${RLO}here.`,
    );
    const f = run('text-bidi-control', input({ src: s }));
    expect(f.map((p) => [p.line, p.column])).toEqual([
      [5, undefined],
      [7, undefined],
      [12, 7],
    ]);
    expect(f.every((p) => p.severity === 'error' && p.file === 'issues/t.md')).toBe(true);
    expect(f[0]!.message).toMatch(/"subject" holds U\+202E RIGHT-TO-LEFT OVERRIDE/);
    expect(f[1]!.message).toMatch(/U\+2066 LEFT-TO-RIGHT ISOLATE, U\+2069 POP DIRECTIONAL ISOLATE/);
  });

  it('flags one in the preheader and in the config, with the config line', () => {
    const cfg = configFrom(exampleConfigYaml.replace(/^signoff: (.*)$/m, `signoff: "$1 ${RLO}"`));
    const line = exampleConfigYaml.split('\n').findIndex((l) => l.startsWith('signoff:')) + 1;
    const f = run('text-bidi-control', input({ src: `---\ntitle: T\ndate: 2026-01-07\npreheader: "a${RLO}b"\n---\nB\n`, config: cfg }));
    expect(f.map((p) => `${p.file}:${p.line}`)).toEqual(['issues/t.md:4', `newsletter.config.yaml:${line}`]);
  });

  it('flags a template override line, with its column', () => {
    const overrides = new Map([['footer.mjml.hbs', { display: 'templates/footer.mjml.hbs', source: `<mj-text>\n  ok ${RLO}x\n</mj-text>` }]]);
    expect(run('text-bidi-control', input({ overrides }))[0]).toMatchObject({ file: 'templates/footer.mjml.hbs', line: 2, column: 6 });
  });

  it('is quiet for plain text, right-to-left scripts included', () => {
    expect(run('text-bidi-control', input({ src: src('', 'שלום, مرحبا, hello.') }))).toEqual([]);
  });
});

describe('text-zero-width', () => {
  it('flags a zero-width space in the title and the letter, as a warning', () => {
    const f = run('text-zero-width', input({ src: `---\ntitle: "Fr${ZWSP}ee"\ndate: 2026-01-07\npreheader: P\n---\nB\n\nwin${ZWSP}ner\n` }));
    expect(f.map((p) => [p.line, p.column, p.severity])).toEqual([
      [2, undefined, 'warn'],
      [8, 4, 'warn'],
    ]);
    expect(f[1]!.message).toMatch(/U\+200B ZERO WIDTH SPACE/);
  });

  it('is quiet for emoji sequences and plain text', () => {
    expect(run('text-zero-width', input({ src: src('', 'Our 👩‍💻 team. 👨‍👩‍👧‍👦') }))).toEqual([]);
  });
});
