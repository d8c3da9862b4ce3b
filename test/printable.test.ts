import { describe, expect, it } from 'vitest';
import { formatError, NewsletterError } from '../src/problems/errors.js';
import { printable, safeJson } from '../src/problems/printable.js';
import { formatGithub, formatProblem, formatSarif } from '../src/problems/printers.js';
import type { Problem } from '../src/problems/problem.js';

/** What reaches a terminal or a CI log: a value from an issue can never forge a line or drive the terminal. */
describe('printed values', () => {
  const hostile = 'x\n::error file=a::forged\u001b]52;c;ZXZpbA==\u0007\u009b31m\u202etxt.exe';
  const problem: Problem = { rule: 'leftover', severity: 'error', message: `Value ${hostile}`, file: `issues/${hostile}.md`, line: 3, hint: hostile };

  it('escapes controls, C1 and bidi characters into visible text', () => {
    expect(printable(hostile)).toBe('x\\n::error file=a::forged\\u{1b}]52;c;ZXZpbA==\\u{7}\\u{9b}31m\\u{202e}txt.exe');
  });

  it('text: every problem stays on its own three lines, with no escape sequence', () => {
    const text = formatProblem(problem);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    const err = formatError(new NewsletterError('FIELD_TYPE', problem.message, { file: problem.file, hint: hostile }));
    expect(err.split('\n')).toHaveLength(3);
    expect(err).not.toContain('\u001b');
  });

  it('github: one workflow command per problem, nothing that starts a second one', () => {
    const lines = formatGithub({ issues: [], findings: [problem], strict: false, online: false }).split('\n');
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('json and sarif: still valid JSON, the characters escaped', () => {
    const sarif = formatSarif({ issues: [], findings: [problem], strict: false, online: false }, '0.0.0', []);
    expect(sarif).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(sarif).runs[0].results[0].message.text).toContain('\u009b31m');
    expect(JSON.parse(safeJson({ v: hostile })).v).toBe(hostile);
  });
});
