import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandKit, Io } from './io.js';
import { NewsletterError } from '../problems/errors.js';

/**
 * Registers the commands that start a newsletter: `init` (a workspace) and
 * `new` (this week's issue). Both print what they wrote to stdout, one path
 * a line, so `$(newsletter new "Title")` is the new file's path.
 */
export function registerStart(program: Command, io: Io, kit: CommandKit): void {
  program
    .command('init')
    .description('set up a newsletter workspace: config, an example issue, assets/, .gitignore and a preview workflow (never overwrites)')
    .argument('[dir]', 'folder to set up (made when missing; default: the current folder)')
    .option('--name <name>', "the newsletter's name (default: from the folder name)")
    .option('--author <name>', "the author's name (default: a TODO that check reports)")
    .option('--url <url>', "the newsletter's web address (default: a TODO that check reports)")
    .option('--json', 'print {"dir", "written": [...]} instead of lines')
    .action(async (dir: string | undefined, opts: { name?: string; author?: string; url?: string; json?: boolean }) => {
      const { init } = await import('../commands/init.js');
      const result = init({ cwd: io.cwd, dir, name: opts.name, author: opts.author, url: opts.url });
      if (opts.json) return kit.out(JSON.stringify(result));
      const prefix = result.dir === '.' ? '' : `${result.dir}/`;
      for (const f of result.written) kit.out(`wrote ${prefix}${f}`);
      const cd = result.dir === '.' ? '' : `cd ${result.dir} && `;
      kit.err(`Next: ${cd}npx newsletter build, fill in each TODO (npx newsletter check lists them), then npx newsletter new "Title"`);
    });

  program
    .command('new')
    .description('start an issue: write issues/<date>-<slug>.md with the frontmatter to fill, and print its path')
    .argument('[title]', 'the issue\'s title (default: a TODO, numbered after the previous issue when it is "#N")')
    .option('--date <YYYY-MM-DD>', "the issue's date (default: today)")
    .option('--open', 'open the new file in $VISUAL or $EDITOR')
    .option('--from-feed [url-or-file]', "start the issue from a podcast feed's episode (default feed: podcast.feed of the config); see docs/podcast.md")
    .option('--episode <which>', 'with --from-feed: latest (the default), a GUID, an episode number, or words of the title')
    .option('--force', 'with --from-feed: replace an issue file of the same name')
    .option('--json', 'print {"file", "previous"} (with --from-feed: the episode, chapters...) instead of the path')
    .action(async (title: string | undefined, opts: NewFlags) => {
      if (opts.fromFeed !== undefined) return fromFeed(title, { ...opts, fromFeed: opts.fromFeed }, io, kit);
      if (opts.episode !== undefined || opts.force) {
        throw new NewsletterError('USAGE', '--episode and --force go with --from-feed', { hint: 'newsletter new --from-feed FEED --episode 91' });
      }
      const { newIssue } = await import('../commands/newIssue.js');
      const result = newIssue({ cwd: io.cwd, config: kit.global().config, title, date: opts.date });
      kit.out(opts.json ? JSON.stringify({ file: result.file, previous: result.previous }) : result.file);
      if (opts.open) await openInEditor(result.path, io, kit);
    });
}

interface NewFlags {
  date?: string;
  open?: boolean;
  fromFeed?: string | true;
  episode?: string;
  force?: boolean;
  json?: boolean;
}

/** `new --from-feed`: the issue comes from the episode (src/commands/newFromFeed.ts), so TITLE and --date don't apply. */
async function fromFeed(title: string | undefined, opts: NewFlags & { fromFeed: string | true }, io: Io, kit: CommandKit): Promise<void> {
  if (title !== undefined || opts.date !== undefined) {
    throw new NewsletterError('USAGE', 'With --from-feed the title and date come from the episode: leave out TITLE and --date', {
      hint: 'newsletter new --from-feed FEED --episode 91',
    });
  }
  const { newFromFeed } = await import('../commands/newFromFeed.js');
  const result = await newFromFeed({
    cwd: io.cwd,
    config: kit.global().config,
    source: opts.fromFeed === true ? undefined : opts.fromFeed,
    episode: opts.episode,
    force: opts.force,
  });
  for (const w of result.warnings) kit.err(`warning: ${w}`);
  if (result.listenMissing.length > 0) kit.err(`note: this episode has no listen link for ${result.listenMissing.join(', ')}`);
  kit.out(opts.json ? JSON.stringify(result) : result.file);
  if (opts.open) await openInEditor(resolve(io.cwd, result.file), io, kit);
}

async function openInEditor(path: string, io: Io, kit: CommandKit): Promise<void> {
  const { editorCommand, runAttached } = await import('../util/launch.js');
  const editor = editorCommand(io.env);
  if (!editor) {
    kit.err('--open: set $EDITOR (e.g. EDITOR="code --wait") to open new issues in your editor');
    return;
  }
  let code: number;
  try {
    code = await runAttached([...editor, path], io.env, io.cwd);
  } catch (e) {
    throw new NewsletterError('USAGE', `--open: could not start the editor "${editor[0]}" (${(e as Error).message})`, { hint: 'Check $VISUAL / $EDITOR' });
  }
  if (code !== 0) kit.err(`--open: the editor exited with status ${code}; the issue was written anyway`);
}
