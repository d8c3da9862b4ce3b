import { existsSync, readFileSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { folderStamp } from '../util/toolStamp.js';
import { writeFileAtomic } from '../workspace/files.js';

/** What the last run left in the site folder: per issue the hash key of its page and the images it uses; every file the run made. */
export interface SiteManifest {
  format: number;
  pages: Record<string, { key: string; images: string[] }>;
  files: string[];
}

const FORMAT = 1;
/** A dotfile, so GitHub Pages' artifact (which leaves hidden files out) never publishes it. */
export const SITE_MANIFEST = '.newsletter-site.json';

export function readSiteManifest(outDir: string): SiteManifest {
  try {
    const m = JSON.parse(readFileSync(join(outDir, SITE_MANIFEST), 'utf8')) as SiteManifest;
    if (m && m.format === FORMAT && typeof m.pages === 'object' && Array.isArray(m.files)) return m;
  } catch {
    // No manifest yet, or one from another version: build everything.
  }
  return { format: FORMAT, pages: {}, files: [] };
}

/**
 * The site's only writer: a file whose bytes are already on disk is not
 * written again (its mtime and inode stay), every write is atomic, and the
 * files the last run made that this one did not are removed at the end.
 */
export class SiteWriter {
  readonly written: string[] = [];
  readonly removed: string[] = [];
  private readonly files = new Set<string>();

  constructor(
    private readonly outDir: string,
    private readonly display: (abs: string) => string,
  ) {}

  write(rel: string, data: string | Uint8Array): void {
    this.files.add(rel);
    const path = join(this.outDir, rel);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    try {
      if (readFileSync(path).equals(bytes)) return;
    } catch {
      // Not there yet (or unreadable): write it.
    }
    writeFileAtomic(path, bytes, this.display(path));
    this.written.push(rel);
  }

  exists(rel: string): boolean {
    return existsSync(join(this.outDir, rel));
  }

  /** A file left as it is (an unchanged page), still part of the site. */
  keep(rel: string): void {
    this.files.add(rel);
  }

  /** Removes what the last run made and this one did not (a deleted issue, a page of the index no longer needed), then writes the manifest if it changed. */
  finish(old: SiteManifest, pages: SiteManifest['pages']): void {
    for (const rel of old.files) {
      if (this.files.has(rel) || rel.split('/').some((p) => p === '..' || p.startsWith('.'))) continue;
      rmSync(join(this.outDir, rel), { force: true });
      this.removed.push(rel);
      removeEmptyParents(this.outDir, dirname(rel));
    }
    const next: SiteManifest = { format: FORMAT, pages, files: [...this.files].sort() };
    const json = JSON.stringify(next);
    if (json !== JSON.stringify({ format: old.format, pages: old.pages, files: old.files })) {
      writeFileAtomic(join(this.outDir, SITE_MANIFEST), json, this.display(join(this.outDir, SITE_MANIFEST)));
    }
  }
}

function removeEmptyParents(outDir: string, rel: string): void {
  for (let d = rel; d && d !== '.'; d = dirname(d)) {
    try {
      if (readdirSync(join(outDir, d)).length > 0) return;
      rmdirSync(join(outDir, d));
    } catch {
      return;
    }
  }
}

/** The code in this module's folder (src/site/ from source; the bundle once built), so a changed site module renders pages again. */
export function siteStamp(): string {
  return folderStamp(import.meta.url);
}
