import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAndLint } from '../src/commands/pipeline.js';
import type { Problem } from '../src/problems/problem.js';
import type { RenderedIssue } from '../src/render/renderIssue.js';
import { workspaceIssuePaths } from '../src/workspace/issueFiles.js';
import { openWorkspace, readPlan, type Workspace } from '../src/workspace/openWorkspace.js';
import { createReader } from '../src/workspace/reader.js';
import { ROOT } from './helpers/workspace.js';

/**
 * Golden files for the example issues (open them: test/golden/*.html is a
 * real email), each checked against invariants that hold whatever the
 * design. UPDATE_GOLDEN=1 rewrites them after a deliberate change.
 */
const GOLDEN = join(ROOT, 'test/golden');
const files = workspaceIssuePaths(createReader(ROOT, ROOT));
let session: Workspace;
interface IssueResult {
  rendered: RenderedIssue;
  problems: Problem[];
}
const results = new Map<string, IssueResult>();

beforeAll(async () => {
  session = openWorkspace({ cwd: ROOT });
  const plan = readPlan(session, files, { drafts: true });
  for (const p of plan.issues) results.set(p.path, await renderAndLint(session, { ...p, issue: p.issue! }));
});

describe.each(files.map((f) => [f.split('/').pop()!, f]))('%s', (_, file) => {
  const get = (): IssueResult => results.get(file)!;

  it('matches its golden .html and .txt', () => {
    const { rendered } = get();
    const html = join(GOLDEN, `${rendered.slug}.html`);
    const txt = join(GOLDEN, `${rendered.slug}.txt`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(html, rendered.html);
      writeFileSync(txt, rendered.text);
    }
    // A missing golden file fails: writing it here would pass a test against what was just rendered.
    for (const golden of [html, txt]) {
      expect(existsSync(golden), `${golden} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts, then read the diff`).toBe(true);
    }
    expect(rendered.html).toBe(readFileSync(html, 'utf8'));
    expect(rendered.text).toBe(readFileSync(txt, 'utf8'));
  });

  it('prints no template leftovers', () => {
    const { rendered } = get();
    for (const part of [rendered.html, rendered.text, rendered.subject, rendered.preheader]) {
      expect(part).not.toMatch(/undefined|\[object Object\]|\bNaN\b|\{\{|\}\}/);
    }
  });

  it('links only to https and mailto, and the text part carries every link', () => {
    const { rendered } = get();
    expect(rendered.links.length).toBeGreaterThan(3);
    for (const link of rendered.links) {
      expect(link).toMatch(/^(https:\/\/|mailto:)/);
      expect(rendered.text).toContain(link.replace(/^mailto:/, ''));
    }
  });

  it('has lang, title, preheader, color-scheme and dark-mode styles, and alt on every image', () => {
    const { rendered } = get();
    expect(rendered.html).toMatch(/<html[^>]*\blang="en"/);
    expect(rendered.html).toContain(`<title>${escapeHtml(rendered.subject)}</title>`);
    expect(rendered.html).toContain(escapeHtml(rendered.preheader).slice(0, 40));
    expect(rendered.html).toMatch(/<meta name="color-scheme" content="light dark"/);
    expect(rendered.html).toMatch(/@media \(prefers-color-scheme: dark\)/);
    for (const img of rendered.html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/\balt="[^"]+"/);
  });

  it('stays under 60 KB of HTML', () => {
    expect(get().rendered.bytes).toBeLessThan(60 * 1024);
  });

  it('keeps the light colours inline, so the email reads when a client strips <style>', () => {
    const { rendered } = get();
    const stripped = rendered.html.replace(/<style[\s\S]*?<\/style>/g, '');
    const palette = session.config.theme;
    expect(stripped).toContain(`color:${palette.text_color}`);
    expect(stripped).toContain(`background-color:${palette.background}`);
  });
});

it('keeps a golden .html and .txt for each example issue, and nothing else', () => {
  const expected = [...results.values()].flatMap((r) => [`${r.rendered.slug}.html`, `${r.rendered.slug}.txt`]).sort();
  expect(readdirSync(GOLDEN).sort()).toEqual(expected);
});

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}
