import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, normalize, relative } from 'node:path';
import { writeFileAtomic } from '../workspace/files.js';
import type { Manifest } from './cache.js';
import { assetPath } from './paths.js';
import type { PreviewSource } from './plan.js';

/** The preview folder: atomic writes, and a record of every file this run wrote or kept. */
export class OutputFolder {
  private readonly current = new Set<string>();
  constructor(
    readonly dir: string,
    private readonly cwd: string,
  ) {}

  path(rel: string): string {
    return join(this.dir, rel);
  }

  exists(rel: string): boolean {
    return existsSync(this.path(rel));
  }

  write(rel: string, data: string | Uint8Array): void {
    const abs = this.path(rel);
    writeFileAtomic(abs, data, relative(this.cwd, abs) || abs);
    this.current.add(rel);
  }

  keep(rels: string[]): void {
    for (const r of rels) this.current.add(r);
  }

  files(): string[] {
    return [...this.current].sort();
  }

  /** Removes what the last run wrote and this one did not: pages of deleted or renamed issues, their screenshots and images. */
  removeStale(previous: Manifest): void {
    for (const rel of previous.files) {
      if (this.current.has(rel)) continue;
      const abs = normalize(this.path(rel));
      if (!abs.startsWith(normalize(this.dir + '/'))) continue;
      rmSync(abs, { force: true });
    }
  }
}

/** Local images the emails use, copied next to them once per run (and only when they changed). */
export class Assets {
  private readonly done = new Set<string>();
  constructor(
    private readonly src: PreviewSource,
    private readonly out: OutputFolder,
  ) {}

  copy(images: string[]): void {
    for (const image of images) {
      const clean = decodeURI(image.split(/[?#]/)[0] ?? image);
      const rel = normalize(assetPath(clean));
      if (this.done.has(rel)) continue;
      // Through the guarded reader: only real images inside the workspace are copied.
      const data = this.src.reader.readImage(image).bytes;
      let same = false;
      try {
        same = readFileSync(this.out.path(rel)).equals(data);
      } catch {
        // Not there yet.
      }
      if (same) this.out.keep([rel]);
      else this.out.write(rel, data);
      this.done.add(rel);
    }
  }
}
