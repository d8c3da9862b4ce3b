import type { Command } from 'commander';
import type { CommandKit, Io } from './io.js';

/**
 * Registers `newsletter chapters import FILE|URL [ISSUE]`. The podcast
 * modules are imported only when it runs.
 */
export function registerChapters(program: Command, io: Io, kit: CommandKit): void {
  const chapters = program.command('chapters').description("work with an issue's chapter list");
  chapters
    .command('import')
    .description("fill or refresh an issue's chapters: from a JSON chapters file, a Podlove Simple Chapters file, or lines of text")
    .argument('<source>', 'the chapters file or its https:// URL')
    .argument('[issue]', 'the issue file (default: the newest in issues/, drafts included)')
    .action(async (source: string, issue: string | undefined) => {
      const { chaptersImport } = await import('../commands/chapters.js');
      const r = await chaptersImport({ cwd: io.cwd, source, issue, config: kit.global().config });
      kit.out(
        `${r.file}: ${r.chapters} chapter${r.chapters === 1 ? '' : 's'} from the ${r.format === 'json' ? 'JSON' : r.format === 'podlove' ? 'Podlove' : 'text'} file`,
      );
    });
}
