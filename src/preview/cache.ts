import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../workspace/files.js';
import { MANIFEST } from './paths.js';
import type { RenderedEmail } from './wire.js';

/**
 * The content-hash cache of `newsletter preview`. Each issue's key hashes
 * everything its pages are made from: the tool, the config, every template,
 * the issue's own source and the read-more entries of its neighbours. The
 * manifest in <out>/.cache/ remembers, per issue file, the key of what is
 * on disk; an unchanged key with its files present is not rendered again.
 */
export interface CacheEntry {
  key: string;
  id: string;
  /** What the index, report and screenshots need of the email (not its HTML or text: those are on disk). */
  email: Omit<RenderedEmail, 'html' | 'text'>;
  /** The files this entry wrote, relative to the preview folder. */
  files: string[];
  /** The hash of the HTML the screenshots on disk show, or null when there are none. */
  shots: string | null;
  htmlHash: string;
}

export interface Manifest {
  format: number;
  entries: Record<string, CacheEntry>;
  /** Every file the run wrote or kept, relative to the folder: the next run removes those it does not write again. */
  files: string[];
}

const FORMAT = 1;

export function emptyManifest(): Manifest {
  return { format: FORMAT, entries: {}, files: [] };
}

/** The last run's manifest; a missing, unreadable or older one is an empty cache, never an error. */
export function readManifest(outDir: string): Manifest {
  try {
    const m = JSON.parse(readFileSync(join(outDir, MANIFEST), 'utf8')) as Manifest;
    if (m && m.format === FORMAT && typeof m.entries === 'object' && Array.isArray(m.files)) return m;
  } catch {
    // No cache yet.
  }
  return emptyManifest();
}

export function writeManifest(outDir: string, m: Manifest, display: string): void {
  writeFileAtomic(join(outDir, MANIFEST), JSON.stringify(m), display);
}

/** JSON that also writes Maps (the line tables of config and issues), so they count in a hash. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}
