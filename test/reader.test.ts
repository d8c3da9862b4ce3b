import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createReader } from '../src/workspace/reader.js';
import { cleanupWorkspaces, makeWorkspace } from './helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** The guarded reader: one test per rule, each with the error an author sees. */
describe('the guarded workspace reader', () => {
  const ws = makeWorkspace({ 'outside/secret.png': 'not in the workspace', 'inside/.env': 'SECRET=1' });
  // The workspace is ws/inside; ws/outside is a folder next to it.
  const root = join(ws, 'inside');
  mkdirSync(join(root, 'assets'), { recursive: true });
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  writeFileSync(join(root, 'assets/ok.png'), png);
  const reader = createReader(root, root);

  it('reads a real image inside the workspace', () => {
    expect(reader.readImage('assets/ok.png').bytes.equals(png)).toBe(true);
  });

  it('refuses a symlink that points out of the workspace, naming where it goes', () => {
    symlinkSync(join(ws, 'outside/secret.png'), join(root, 'assets/link.png'));
    expect(() => reader.readImage('assets/link.png', { file: 'issues/x.md', line: 7 })).toThrow(
      expect.objectContaining({
        code: 'IMAGE_REFUSED',
        file: 'issues/x.md',
        line: 7,
        message: expect.stringMatching(/outside the workspace \(it links to .*outside\/secret\.png\)/),
      }),
    );
  });

  it('refuses ".." out of the workspace', () => {
    expect(() => reader.readImage('../outside/secret.png')).toThrow(
      expect.objectContaining({ code: 'IMAGE_REFUSED', message: expect.stringMatching(/outside the workspace/) }),
    );
  });

  it('refuses a dotfile, and a link that resolves to one', () => {
    expect(() => reader.readText(join(root, '.env'), 'issue')).toThrow(
      expect.objectContaining({ code: 'FILE_REFUSED', message: expect.stringMatching(/hidden \(dot\) file/) }),
    );
    symlinkSync(join(root, '.env'), join(root, 'assets/env.png'));
    expect(() => reader.readImage('assets/env.png')).toThrow(
      expect.objectContaining({ code: 'IMAGE_REFUSED', message: expect.stringMatching(/hidden \(dot\) file/) }),
    );
  });

  it('refuses what is not an image: by its name, and by its bytes', () => {
    expect(() => reader.readImage('.env')).toThrow(
      expect.objectContaining({ code: 'IMAGE_REFUSED', message: expect.stringMatching(/not an image an email can show/) }),
    );
    writeFileSync(join(root, 'assets/fake.png'), 'SECRET=1\n');
    expect(() => reader.readImage('assets/fake.png')).toThrow(
      expect.objectContaining({ code: 'IMAGE_REFUSED', message: expect.stringMatching(/not a PNG image/) }),
    );
  });

  it('refuses a file over its limit by its size, before reading it', () => {
    const big = join(root, 'assets/big.png');
    writeFileSync(big, png);
    truncateSync(big, 6 * 1024 * 1024); // sparse: no 6 MB written
    expect(() => reader.readImage('assets/big.png')).toThrow(
      expect.objectContaining({ code: 'FILE_TOO_LARGE', message: expect.stringMatching(/6\.0 MB; the limit for an image is 5\.0 MB/) }),
    );
  });

  it('refuses a folder', () => {
    mkdirSync(join(root, 'assets/dir.png'));
    expect(() => reader.readImage('assets/dir.png')).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringMatching(/is a folder/) }),
    );
  });

  it('refuses a FIFO without waiting on it', () => {
    execFileSync('mkfifo', [join(root, 'assets/pipe.png')]);
    expect(() => reader.readImage('assets/pipe.png')).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_REGULAR', message: expect.stringMatching(/not a regular file/) }),
    );
  });

  it('a malformed %-escape is a clear refusal, not a crash', () => {
    expect(() => reader.readImage('assets/%E0%A4%A.png')).toThrow(
      expect.objectContaining({ code: 'IMAGE_REFUSED', message: expect.stringMatching(/malformed %-escape/) }),
    );
  });

  it('lists issue files in subfolders, leaving out dot-folders', () => {
    mkdirSync(join(root, 'issues/2025'), { recursive: true });
    mkdirSync(join(root, 'issues/.drafts'), { recursive: true });
    writeFileSync(join(root, 'issues/2025/a.md'), 'x');
    writeFileSync(join(root, 'issues/.drafts/b.md'), 'x');
    writeFileSync(join(root, 'issues/c.md'), 'x');
    expect(reader.listIssueFiles(join(root, 'issues')).map((p) => p.slice(root.length + 1))).toEqual(['issues/2025/a.md', 'issues/c.md']);
  });
});
