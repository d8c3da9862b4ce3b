import { readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isNewsletterError, type NewsletterError, type Warning } from '../problems/errors.js';
import { localImagePath, openSession, renderFile } from '../session.js';
import { writeFileAtomic } from '../workspace/files.js';
import { displayPath, memoIssueReader, resolveIssueArgs } from '../workspace/issueFiles.js';

export interface BuildOptions {
  cwd: string;
  files: string[];
  all?: boolean | undefined;
  out?: string | undefined;
  config?: string | undefined;
}

export interface BuildEntry {
  file: string;
  slug: string | null;
  html: string | null;
  text: string | null;
  bytes: number | null;
  warnings: Warning[];
  error: NewsletterError | null;
}

export interface BuildReport {
  out: string;
  issues: BuildEntry[];
  warnings: Warning[];
}

/**
 * Builds each issue to <out>/<slug>.html and <slug>.txt, and copies the
 * local images they use. One broken issue does not stop the others; its
 * error is in the report. `--all` leaves drafts out, as the spec says.
 */
export async function build(opts: BuildOptions, onEntry: (e: BuildEntry) => void = () => {}): Promise<BuildReport> {
  const session = openSession(opts);
  const outDir = opts.out ? resolve(opts.cwd, opts.out) : join(session.config.root, 'dist');
  const paths = resolveIssueArgs(opts.files, { all: opts.all, cwd: opts.cwd, config: session.config });
  const issues: BuildEntry[] = [];
  const read = memoIssueReader(opts.cwd);
  for (const path of paths) {
    // Rendering never waits on I/O, so a Ctrl-C or SIGTERM would only be handled after the last
    // issue (and is lost when the process then ends): give the event loop a turn between issues.
    await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
    const file = displayPath(path, opts.cwd);
    let entry: BuildEntry;
    try {
      // --all leaves drafts out: known from the parse, before any rendering.
      if (opts.all && read(path).issue.draft) continue;
      const r = await renderFile(session, path, read);
      const htmlPath = join(outDir, `${r.rendered.slug}.html`);
      const textPath = join(outDir, `${r.rendered.slug}.txt`);
      for (const src of r.rendered.images) {
        const from = localImagePath(session.config, src, opts.cwd);
        // Beside the HTML at the same relative path, decoded: "assets/my%20logo.png" is the file "assets/my logo.png".
        const to = join(outDir, relative(realpathSync(session.config.root), from));
        writeFileAtomic(to, readFileSync(from), displayPath(to, opts.cwd));
      }
      writeFileAtomic(htmlPath, r.rendered.html, displayPath(htmlPath, opts.cwd));
      writeFileAtomic(textPath, r.rendered.text, displayPath(textPath, opts.cwd));
      entry = {
        file,
        slug: r.rendered.slug,
        html: displayPath(htmlPath, opts.cwd),
        text: displayPath(textPath, opts.cwd),
        bytes: r.rendered.bytes,
        warnings: r.warnings,
        error: null,
      };
    } catch (e) {
      if (!isNewsletterError(e)) throw e;
      // An output error (disk full, not writable) would fail every issue alike: stop at the first.
      if (e.code === 'OUTPUT_IO' || e.code === 'OUTPUT_NOT_WRITABLE') throw e;
      entry = { file, slug: null, html: null, text: null, bytes: null, warnings: [], error: e };
    }
    issues.push(entry);
    onEntry(entry);
  }
  return { out: displayPath(outDir, opts.cwd), issues, warnings: session.warnings };
}
