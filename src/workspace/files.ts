import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync, lstatSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import { onInterrupt } from '../util/interrupt.js';

export const MAX_ISSUE_BYTES = 2 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads an author's text file with every check done before or while
 * reading: not a folder or FIFO (which would hang), not too large (checked
 * on the size, before reading), no NUL bytes, valid UTF-8.
 */
export function readTextFile(path: string, display: string, maxBytes = MAX_ISSUE_BYTES): string {
  let fd: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      throw new NewsletterError('FILE_NOT_REGULAR', `${display} is a folder, not a file`, {
        file: display,
        hint: 'Give the path of a .md file, or use the folder as the argument of build',
      });
    }
    if (!st.isFile()) {
      throw new NewsletterError('FILE_NOT_REGULAR', `${display} is not a regular file`, { file: display, hint: 'Give the path of a .md file' });
    }
    if (st.size > maxBytes) {
      throw new NewsletterError('FILE_TOO_LARGE', `${display} is ${(st.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxBytes / 1024 / 1024} MB`, {
        file: display,
        hint: 'An issue is a letter, not an archive: move large content out of it',
      });
    }
    // O_NONBLOCK so that a file swapped for a FIFO between stat and open cannot hang us.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw fileError(e, display);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new NewsletterError('FILE_NOT_REGULAR', `${display} is not a regular file`, { file: display });
    const buf = Buffer.alloc(Math.min(st.size, maxBytes + 1));
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return decodeText(buf.subarray(0, read), display);
  } catch (e) {
    throw fileError(e, display);
  } finally {
    closeSync(fd);
  }
}

export function decodeText(buf: Uint8Array, display: string): string {
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new NewsletterError('FILE_ENCODING', `${display} is UTF-16; issues are read as UTF-8`, {
      file: display,
      line: 1,
      hint: 'Save the file as UTF-8 in your editor',
    });
  }
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    throw new NewsletterError('FILE_BINARY', `${display} holds a NUL byte: it looks like a binary file, not text`, {
      file: display,
      line: lineAt(buf, nul),
      hint: 'Give the path of a markdown text file',
    });
  }
  try {
    return decoder.decode(buf);
  } catch {
    throw new NewsletterError('FILE_ENCODING', `${display} is not valid UTF-8`, {
      file: display,
      line: firstInvalidUtf8Line(buf),
      hint: 'Save the file as UTF-8 in your editor',
    });
  }
}

function lineAt(buf: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (buf[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8Line(buf: Uint8Array): number {
  let start = 0;
  for (let i = 0; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 0x0a) {
      try {
        decoder.decode(buf.subarray(start, i));
      } catch {
        return lineAt(buf, start);
      }
      start = i + 1;
    }
  }
  return 1;
}

export function fileError(e: unknown, display: string): NewsletterError {
  if (e instanceof NewsletterError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new NewsletterError('FILE_NOT_FOUND', `${display} does not exist`, { file: display, hint: 'Check the path; issues usually live in issues/' });
  if (code === 'ELOOP')
    return new NewsletterError('FILE_NOT_REGULAR', `${display} is a symbolic link that loops`, { file: display, hint: 'Point the link at a real file' });
  if (code === 'EACCES') return new NewsletterError('FILE_READ', `${display} can't be read: permission denied`, { file: display });
  if (code === 'EISDIR') return new NewsletterError('FILE_NOT_REGULAR', `${display} is a folder, not a file`, { file: display });
  return new NewsletterError('FILE_READ', `${display} can't be read (${code ?? (e as Error).message})`, { file: display, cause: e });
}

/**
 * Writes a file so that readers only ever see the old or the new whole
 * content: a temp file in the same folder, then a rename over the target.
 * A symlink at the target is replaced, never followed out of the folder.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, display = path): void {
  const tmp = writeTemp(path, data, display);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(e, display);
  }
}

const inFlight = new Set<string>();
let removeOnInterrupt: (() => void) | null = null;

/**
 * writeFileAtomic for a few files, with the renames on libuv's threads. On
 * ext4 a rename over an existing file waits for the new file's data to be
 * allocated (about 1 ms each): a tenth of a batch build's main thread,
 * which renders the next issue meanwhile instead. The temp files are
 * written here, in order, in one go each (a write of its own on the
 * threads would come back to this busy thread three times before its
 * rename could start): the first that fails stops the rest untouched.
 * A temp file not yet renamed at Ctrl-C is removed then.
 */
export async function writeFilesAtomicAsync(files: readonly { path: string; data: string | Uint8Array; display?: string }[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const f of files) temps.push(writeTemp(f.path, f.data, f.display ?? f.path));
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    throw e;
  }
  removeOnInterrupt ??= onInterrupt(() => {
    for (const t of inFlight) rmSync(t, { force: true });
    return undefined;
  });
  for (const t of temps) inFlight.add(t);
  const renamed = await Promise.allSettled(files.map((f, i) => rename(temps[i]!, f.path).finally(() => inFlight.delete(temps[i]!))));
  const failed = renamed.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    for (const t of temps) rmSync(t, { force: true });
    throw outputError((renamed[failed] as PromiseRejectedResult).reason, files[failed]!.display ?? files[failed]!.path);
  }
}

/** The new content under a temp name beside `path`, after the checks both writes share. */
function writeTemp(path: string, data: string | Uint8Array, display: string): string {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw outputError(e, dir);
  }
  let folder = false;
  try {
    folder = lstatSync(path).isDirectory();
  } catch {
    // Not there yet.
  }
  if (folder) {
    throw new NewsletterError('OUTPUT_NOT_WRITABLE', `${display} is a folder; the output file can't replace it`, {
      file: display,
      hint: 'Remove or rename that folder, or choose another --out',
    });
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: 'wx' });
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(e, display);
  }
  return tmp;
}

export function outputError(e: unknown, display: string): NewsletterError {
  if (e instanceof NewsletterError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC')
    return new NewsletterError('OUTPUT_IO', `No space left on the device while writing ${display}`, {
      file: display,
      hint: 'Free some disk space and build again; earlier outputs were kept',
    });
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new NewsletterError('OUTPUT_NOT_WRITABLE', `Can't create ${display}: part of its path is a file, not a folder`, {
      file: display,
      hint: 'Choose another --out folder',
    });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new NewsletterError('OUTPUT_NOT_WRITABLE', `Can't write ${display}: permission denied`, {
      file: display,
      hint: 'Choose a folder you can write to with --out',
    });
  }
  if (code === 'EISDIR') return new NewsletterError('OUTPUT_NOT_WRITABLE', `${display} is a folder; the output file can't replace it`, { file: display });
  return new NewsletterError('OUTPUT_IO', `Can't write ${display} (${code ?? (e as Error).message})`, { file: display, cause: e });
}
