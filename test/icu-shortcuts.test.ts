/** src/util/dates.ts, compareText.ts and lint's graphemes() answer as ICU would, without ICU's first-use cost where they can. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLongDateEn } from '../src/util/dates.js';
import { compareText } from '../src/util/compareText.js';
import { formatDate } from '../src/render/viewModel.js';
import { graphemes } from '../src/lint/words.js';

describe('formatLongDateEn', () => {
  it('writes every day of 1999 to 2031 and of a few far years as Intl does', () => {
    const days = [Date.UTC(1999, 0, 1), Date.UTC(1000, 0, 1), Date.UTC(9999, 11, 31), Date.UTC(2400, 1, 29)];
    for (let t = Date.UTC(1999, 0, 1); t <= Date.UTC(2031, 11, 31); t += 86_400_000) days.push(t);
    for (const lang of ['en', 'en-US']) {
      const intl = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
      for (const t of days) expect(formatLongDateEn(lang, new Date(t))).toBe(intl.format(new Date(t)));
    }
  });

  it('leaves other languages and years outside 1000–9999 to Intl', () => {
    expect(formatLongDateEn('en-GB', new Date(Date.UTC(2026, 9, 28)))).toBeNull();
    expect(formatLongDateEn('de', new Date(Date.UTC(2026, 9, 28)))).toBeNull();
    expect(formatLongDateEn('en', new Date(Date.UTC(999, 0, 1)))).toBeNull();
    expect(formatDate('2026-10-28', 'en-GB')).toBe('28 October 2026');
    expect(formatDate('2026-10-28', 'en')).toBe('October 28, 2026');
  });
});

describe('compareText', () => {
  it('orders dates, slugs and paths as localeCompare does', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcxyz0189-./'), maxLength: 12 });
    const iso = fc
      .date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    for (const gen of [plain, iso])
      fc.assert(
        fc.property(gen, gen, (a, b) => Math.sign(compareText(a, b)) === Math.sign(a.localeCompare(b))),
        { numRuns: 2000 },
      );
    expect(compareText('2026-09-30', '2026-10-01')).toBeLessThan(0);
    expect(compareText('a-b', 'ab')).toBeLessThan(0);
    expect(compareText('issues/x.md', 'issues/x.md')).toBe(0);
  });

  it('falls back to localeCompare for anything else', () => {
    for (const [a, b] of [
      ['a', 'B'],
      ['a_b', 'a-b'],
      ['é', 'f'],
      ['', 'Z'],
    ] as const)
      expect(Math.sign(compareText(a, b))).toBe(Math.sign(a.localeCompare(b)));
  });
});

describe('graphemes', () => {
  it('counts as Intl.Segmenter does, ASCII or not', () => {
    const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const count = (s: string): number => [...seg.segment(s)].length;
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (s) => graphemes(s) === count(s)));
    expect(graphemes('Weekly notes')).toBe(12);
    expect(graphemes('a\r\nb')).toBe(3);
    expect(graphemes('🎙️ Code')).toBe(6);
  });
});
