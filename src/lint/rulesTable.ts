/** The rules table of docs/check.md, written from the registry so the docs cannot drift from the code. */
import { RULES } from './registry.js';
import type { RuleMeta } from './types.js';

export const TABLE_START = '<!-- rules table: written by `UPDATE_DOCS=1 npx vitest run test/lint-registry.test.ts` -->';
export const TABLE_END = '<!-- end of rules table -->';

/** One row per rule, in registry order: rule, group, default severity, what it finds. */
export function rulesTable(rules: readonly RuleMeta[] = RULES): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '| rule | group | default | finds |',
    '| --- | --- | --- | --- |',
    ...rules.map((r) => `| \`${r.id}\` | ${r.group} | ${r.severity} | ${cell(r.docs)} |`),
  ].join('\n');
}

/** The rows of a markdown rules table, as cells without their padding: what the docs test compares. */
export function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => /^\|/.test(l) && !/^\|[\s|:-]+\|$/.test(l))
    .slice(1)
    .map((l) =>
      l
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}
