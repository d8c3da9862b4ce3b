import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { send } from '../src/commands/send.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

/**
 * SpamAssassin, offline (-L: local tests only, no DNS or network lists), on
 * the exact message `newsletter send --test --dry-run` writes. The theme
 * must add nothing it scores: a positive rule here (such as
 * HTML_FONT_LOW_CONTRAST for a preheader hidden in 1 px white text) costs
 * every issue deliverability.
 */
function findSpamassassin(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v spamassassin'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const spamassassin = findSpamassassin();
if (!spamassassin && process.env.CI)
  throw new Error('spamassassin is not installed, and CI is set: install it (apt-get install spamassassin) so this check runs');

interface Report {
  score: number;
  rules: { points: number; name: string }[];
}

function score(eml: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    // -x: no per-user preferences file; a report is printed whatever the score.
    const child = execFile(spamassassin!, ['-t', '-L', '-x'], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout) => {
      if (error) return reject(error);
      const at = stdout.lastIndexOf('Content analysis details:');
      const m = /Content analysis details:\s+\((-?[\d.]+) points/.exec(stdout.slice(at));
      if (at < 0 || !m) return reject(new Error(`no SpamAssassin report in its output:\n${stdout.slice(-2000)}`));
      const rules = [...stdout.slice(at).matchAll(/^\s*(-?\d+\.\d+)\s+([A-Z0-9_]+)\s/gm)].map((r) => ({ points: Number(r[1]), name: r[2]! }));
      resolve({ score: Number(m[1]), rules });
    });
    child.stdin!.end(eml);
  });
}

const title = `SpamAssassin on a send --dry-run message${spamassassin ? '' : ' (skipped: spamassassin is not installed; apt-get install spamassassin)'}`;
describe.skipIf(!spamassassin)(title, () => {
  afterAll(() => cleanupWorkspaces());

  // The newest issue (what `send --test` picks: quotes, pills, chapters, sponsor, promos, read-more) and one without a preheader of its own.
  it.each(['2026-10-28-code-review-is-a-conversation', '2026-10-21-maintenance-is-the-product'])(
    '%s scores 0 or less, with no rule that adds points',
    async (name) => {
      const ws = makeWorkspace();
      const lines: string[] = [];
      await send(
        { cwd: ws, issue: `issues/${name}.md`, to: [], prefix: true, dryRun: true, out: 'dist', env: {} },
        { info: (l) => lines.push(l), warn: () => undefined },
      );
      const emlLine = lines.find((l) => l.startsWith('wrote '));
      const eml = readFileSync(join(ws, /^wrote (\S+\.eml)/.exec(emlLine ?? '')![1]!), 'utf8');
      expect(eml).toMatch(/^Content-Type: multipart\/alternative/m);
      const report = await score(eml);
      expect(report.rules.map((r) => r.name)).toContain('HTML_MESSAGE'); // the report was parsed
      expect(report.rules.filter((r) => r.points > 0)).toEqual([]);
      expect(report.score).toBeLessThanOrEqual(0);
    },
    180_000,
  );
});
