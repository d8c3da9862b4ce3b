import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

const { writeFileAtomic, writeFilesAtomicAsync } = await import('../src/workspace/files.js');

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

describe('writeFilesAtomicAsync (build: the renames on libuv threads)', () => {
  it('writes every file through a temp file and leaves only the targets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-async-'));
    writeFileSync(join(dir, 'a.html'), 'the earlier build');
    await writeFilesAtomicAsync([
      { path: join(dir, 'a.html'), data: '<p>new</p>' },
      { path: join(dir, 'out', 'a.txt'), data: 'new' },
    ]);
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toBe('<p>new</p>');
    expect(readFileSync(join(dir, 'out', 'a.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['a.html', 'out']);
    expect(readdirSync(join(dir, 'out'))).toEqual(['a.txt']);
  });

  it('a later file that cannot be written: its error, every file untouched, no temp file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-async-'));
    writeFileSync(join(dir, 'a.html'), 'the earlier html');
    mkdirSync(join(dir, 'a.txt'));
    await expect(
      writeFilesAtomicAsync([
        { path: join(dir, 'a.html'), data: 'new', display: 'dist/a.html' },
        { path: join(dir, 'a.txt'), data: 'new', display: 'dist/a.txt' },
      ]),
    ).rejects.toMatchObject({ code: 'OUTPUT_NOT_WRITABLE', file: 'dist/a.txt' });
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toBe('the earlier html');
    expect(readdirSync(dir).sort()).toEqual(['a.html', 'a.txt']);
  });

  it('on a full disk: OUTPUT_IO, the earlier files untouched, no temp file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nl-async-'));
    writeFileSync(join(dir, 'a.html'), 'the earlier build');
    (globalThis as { __diskFull?: boolean }).__diskFull = true;
    await expect(writeFilesAtomicAsync([{ path: join(dir, 'a.html'), data: 'a new build that does not fit' }])).rejects.toMatchObject({ code: 'OUTPUT_IO' });
    expect(readFileSync(join(dir, 'a.html'), 'utf8')).toBe('the earlier build');
    expect(readdirSync(dir)).toEqual(['a.html']);
  });
});
