import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, realpathSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NewsletterError } from '../problems/errors.js';
import { decodeText, fileError } from './files.js';

/**
 * The one reader of workspace files. Every file the tool reads because the
 * workspace names it (issues, images, template overrides, the config) comes
 * through here, so the rules about what may be read live in one place:
 *
 * 1. the real path (symlinks resolved) is inside the workspace root;
 * 2. no part of the path, as written or as resolved, is a dotfile or dot-folder
 *    (`.env`, `.git/`, `.npmrc`);
 * 3. it is a regular file (not a folder, FIFO or device: nothing can hang us);
 * 4. it is no larger than its kind allows, checked before reading;
 * 5. it is what it claims: text is UTF-8 without NUL bytes; an image has an
 *    image extension and the magic bytes of that type.
 */
export type FileKind = 'issue' | 'config' | 'template' | 'image';

export const LIMITS: Record<FileKind, number> = {
  issue: 2 * 1024 * 1024,
  config: 1024 * 1024,
  template: 512 * 1024,
  image: 5 * 1024 * 1024,
};

/** Image types an email may carry, by extension, with the bytes each file must start with. */
const IMAGE_TYPES: Record<string, { type: string; magic: (b: Buffer) => boolean }> = {
  '.png': { type: 'PNG', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.jpg': { type: 'JPEG', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { type: 'JPEG', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.gif': { type: 'GIF', magic: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  '.webp': { type: 'WebP', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
};
export const IMAGE_EXTENSIONS = Object.keys(IMAGE_TYPES);

export interface Where {
  /** The file (issue or config) that names the one being read, for the error. */
  file?: string | undefined;
  line?: number | undefined;
}

export interface WorkspaceReader {
  /** The workspace root, symlinks resolved. */
  readonly root: string;
  /** A path as the author would type it: relative to the current folder when inside it. */
  display(abs: string): string;
  /** The absolute path of `path` (relative to cwd), checked by rules 1–3, or a NewsletterError. */
  check(path: string, kind: FileKind, where?: Where): string;
  readText(path: string, kind: Exclude<FileKind, 'image'>, where?: Where): string;
  /** An image an issue or the config uses, by its `src` (relative to the root, URL-encoded). */
  readImage(src: string, where?: Where): { abs: string; rel: string; bytes: Buffer };
  /** Issue files (.md, .markdown) in `dir` and its subfolders, dot-entries and links out left out, sorted. */
  listIssueFiles(dir: string): string[];
  /** Names of the regular files directly in `dir` (inside the workspace), dot-entries left out. */
  listFiles(dir: string): string[];
}

export function isIssueFile(name: string): boolean {
  return /\.(md|markdown)$/i.test(name) && !name.startsWith('.') && !/^readme\./i.test(name);
}

/** A path as the author would type it: relative to the current folder when inside it. */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

export function createReader(rootDir: string, cwd: string): WorkspaceReader {
  const root = realpathSync(rootDir);
  const display = (abs: string): string => displayPath(abs, cwd);
  const inside = (abs: string): string | null => {
    const rel = relative(root, abs);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)) ? rel : null;
  };
  const hasDotPart = (rel: string): boolean => rel.split(sep).some((p) => p.startsWith('.') && p !== '.');

  const check = (path: string, kind: FileKind, where: Where = {}): string => {
    const asked = resolve(cwd, path);
    const shown = display(asked);
    const refuse = (message: string, hint: string): never => {
      throw new NewsletterError(kind === 'image' ? 'IMAGE_REFUSED' : 'FILE_REFUSED', message, { file: where.file ?? shown, line: where.line, hint });
    };
    // The folders above the root may be links (a /tmp that is /private/tmp): compare against the resolved root.
    let real: string;
    try {
      // One system call, not an lstat per path part: every issue file of a workspace comes through here.
      real = realpathSync.native(asked);
    } catch (e) {
      throw withWhere(fileError(e, shown), where);
    }
    const relAsked = inside(asked) ?? inside(real);
    const relReal = inside(real);
    if (relReal === null)
      refuse(
        `${shown} is outside the workspace${real !== asked ? ` (it links to ${real})` : ''}`,
        'Keep issues, images and templates inside the folder of newsletter.config.yaml; links may not point out of it',
      );
    if (hasDotPart(relReal!) || (relAsked !== null && hasDotPart(relAsked)))
      refuse(
        `${shown} is a hidden (dot) file or inside a hidden folder: it is never read`,
        'Move it to a folder such as assets/ and give it a name without a leading dot',
      );
    const st = lstatSync(real);
    if (st.isDirectory()) throw withWhere(new NewsletterError('FILE_NOT_REGULAR', `${shown} is a folder, not a file`, { file: shown }), where);
    if (!st.isFile())
      throw withWhere(
        new NewsletterError('FILE_NOT_REGULAR', `${shown} is not a regular file`, { file: shown, hint: 'A FIFO, socket or device is never read' }),
        where,
      );
    if (st.size > LIMITS[kind]) {
      throw new NewsletterError('FILE_TOO_LARGE', `${shown} is ${mb(st.size)} MB; the limit for ${article(kind)} is ${mb(LIMITS[kind])} MB`, {
        file: where.file ?? shown,
        line: where.line,
        hint:
          kind === 'image'
            ? 'Resize or compress the image: readers download it with every open'
            : 'An issue is a letter, not an archive: move large content out of it',
      });
    }
    return real;
  };

  const readBytes = (real: string, shown: string, max: number): Buffer => {
    let fd: number;
    try {
      // O_NOFOLLOW | O_NONBLOCK: a file swapped for a link or a FIFO after the checks is refused, never waited on.
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    } catch (e) {
      throw fileError(e, shown);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new NewsletterError('FILE_NOT_REGULAR', `${shown} is not a regular file`, { file: shown });
      const buf = Buffer.alloc(Math.min(st.size, max + 1));
      let read = 0;
      while (read < buf.length) {
        const n = readSync(fd, buf, read, buf.length - read, read);
        if (n === 0) break;
        read += n;
      }
      if (read > max) throw new NewsletterError('FILE_TOO_LARGE', `${shown} grew over ${mb(max)} MB while being read`, { file: shown });
      return buf.subarray(0, read);
    } catch (e) {
      throw fileError(e, shown);
    } finally {
      closeSync(fd);
    }
  };

  const walk = (dir: string, out: string[], depth: number): void => {
    if (depth > 8) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, out, depth + 1);
      else if (isIssueFile(e.name) && (e.isFile() || e.isSymbolicLink())) out.push(p);
    }
  };

  return {
    root,
    display,
    check,
    readText(path, kind, where) {
      const real = check(path, kind, where);
      const shown = display(resolve(cwd, path));
      return decodeText(readBytes(real, shown, LIMITS[kind]), shown);
    },
    readImage(src, where = {}) {
      let decoded: string;
      try {
        decoded = decodeURI(src.split(/[?#]/)[0] ?? src);
      } catch {
        throw new NewsletterError('IMAGE_REFUSED', `The image path "${src}" has a malformed %-escape`, {
          ...where,
          hint: 'Write spaces as %20 or use a name without spaces',
        });
      }
      const ext = extname(decoded).toLowerCase();
      const type = IMAGE_TYPES[ext];
      if (!type) {
        throw new NewsletterError('IMAGE_REFUSED', `"${src}" is not an image an email can show (${ext || 'no extension'})`, {
          ...where,
          hint: `Use a ${IMAGE_EXTENSIONS.join(', ')} file, e.g. assets/photo.png`,
        });
      }
      const abs = resolve(root, decoded);
      const real = check(abs, 'image', where);
      const bytes = readBytes(real, display(abs), LIMITS.image);
      if (!type.magic(bytes)) {
        throw new NewsletterError('IMAGE_REFUSED', `${display(abs)} is not a ${type.type} image, though its name says so`, {
          ...where,
          hint: 'Export the image again from an image editor',
        });
      }
      return { abs: real, rel: relative(root, real), bytes };
    },
    listIssueFiles(dir) {
      const out: string[] = [];
      walk(dir, out, 0);
      return out.filter((p) => inside(p) !== null).sort();
    },
    listFiles(dir) {
      const abs = resolve(root, dir);
      if (inside(abs) === null) return [];
      try {
        return readdirSync(abs, { withFileTypes: true })
          .filter((e) => !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink()))
          .map((e) => e.name)
          .sort();
      } catch {
        return [];
      }
    },
  };
}

function withWhere(e: NewsletterError, where: Where): NewsletterError {
  if (where.file && e.file !== where.file) {
    e.hint = [e.hint, `named in ${where.file}${where.line ? `:${where.line}` : ''}`].filter(Boolean).join('; ');
  }
  return e;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function article(kind: FileKind): string {
  return kind === 'image' ? 'an image' : kind === 'issue' ? 'an issue' : `a ${kind}`;
}
