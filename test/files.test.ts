import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Disk full, injected: the real writeFileSync fails with ENOSPC part-way, as it would on a full disk. */
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return {
    ...fs,
    writeFileSync: (path: string, data: string | Uint8Array, opts?: object) => {
      if (String(path).endsWith('.tmp') && (globalThis as { __diskFull?: boolean }).__diskFull) {
        fs.writeFileSync(path, String(data).slice(0, 10), opts as never);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return fs.writeFileSync(path, data, opts as never);
    },
  };
});

const { writeFileAtomic } = await import('../src/workspace/files.js');

afterEach(() => {
  (globalThis as { __diskFull?: boolean }).__diskFull = false;
});

describe('writeFileAtomic', () => {
  it('on a full disk: OUTPUT_IO, the earlier file untouched, no temp file left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-full-'));
    const target = join(dir, 'issue.html');
    writeFileSync(target, 'the earlier build');
    (globalThis as { __diskFull?: boolean }).__diskFull = true;
    expect(() => writeFileAtomic(target, 'a new build that does not fit', 'dist/issue.html')).toThrow(
      expect.objectContaining({ code: 'OUTPUT_IO', message: expect.stringMatching(/No space left/), file: 'dist/issue.html' }),
    );
    expect(readFileSync(target, 'utf8')).toBe('the earlier build');
    expect(readdirSync(dir)).toEqual(['issue.html']);
  });

  it('writes through a temp file and leaves only the target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-ok-'));
    writeFileAtomic(join(dir, 'sub', 'a.txt'), 'hello');
    expect(readFileSync(join(dir, 'sub', 'a.txt'), 'utf8')).toBe('hello');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.txt']);
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
  });

  it('cannot write into /dev/full', () => {
    expect(() => writeFileAtomic('/dev/full/x.html', 'x')).toThrow(expect.objectContaining({ code: 'OUTPUT_NOT_WRITABLE' }));
  });
});
