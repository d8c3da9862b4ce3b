/**
 * The registry is the one place rules are written: one file per rule,
 * listed once, in the order its header says; docs/check.md's table is
 * written from it; rules read no files and no network.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { OTHER_RULES, RENDER_RULES, RULES } from '../src/lint/registry.js';
import { rulesTable, TABLE_END, TABLE_START, tableRows } from '../src/lint/rulesTable.js';
import { ROOT } from './helpers/workspace.js';

const DOC = join(ROOT, 'docs/check.md');
const LINT = join(ROOT, 'src/lint');

describe('the registry', () => {
  it('lists every rule file of src/lint/rules once, each named by its id', () => {
    const files = readdirSync(join(LINT, 'rules')).map((f) => f.replace(/\.ts$/, ''));
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...files].sort());
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('runs the rules in the order its header lists them', () => {
    const header = /^\/\*\*([\s\S]*?)\*\//.exec(readFileSync(join(LINT, 'registry.ts'), 'utf8'))![1]!;
    const listed = [...header.matchAll(/\b([a-z]+(?:-[a-z]+)+|size|leftover|contrast|unsubscribe|archive)\b/g)].map((m) => m[1]!);
    const known = new Set(RULES.map((r) => r.id));
    expect(listed.filter((id) => known.has(id))).toEqual([...RENDER_RULES, ...OTHER_RULES].map((r) => r.id));
  });

  it('gives every rule a severity, a group, a summary and docs', () => {
    for (const r of RULES) {
      expect(['error', 'warn']).toContain(r.severity);
      expect(r.summary.length).toBeGreaterThan(10);
      expect(r.docs.length).toBeGreaterThan(10);
    }
    for (const r of RENDER_RULES) expect(typeof r.run).toBe('function');
  });
});

describe('docs/check.md', () => {
  it('has the rules table written from the registry: id, group, default severity and what it finds', async () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    if (process.env.UPDATE_DOCS === '1') {
      const next = `${doc.slice(0, start + TABLE_START.length)}\n\n${rulesTable()}\n\n${doc.slice(end)}`;
      writeFileSync(DOC, await format(next, { ...(await resolveConfig(DOC)), filepath: DOC }));
    }
    const now = readFileSync(DOC, 'utf8');
    const table = now.slice(now.indexOf(TABLE_START), now.indexOf(TABLE_END));
    expect(tableRows(table)).toEqual(tableRows(rulesTable()));
    expect(tableRows(table).map((r) => r[0])).toEqual(RULES.map((r) => `\`${r.id}\``));
  });
});

describe('rules are pure', () => {
  it('no module of src/lint but the online check imports the file system, the network or a process', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    for (const f of files(LINT)) {
      if (f.endsWith('online.ts')) continue;
      const src = readFileSync(f, 'utf8');
      expect(src, f).not.toMatch(/from 'node:(fs|net|http|https|child_process|dns|tls)'|\bfetch\(|process\.env/);
    }
  });
});
