import type { Command } from 'commander';
import type { CommandKit, Io } from '../cli.js';

/** Registers `newsletter preview`. Not built yet. */
export function registerPreview(program: Command, io: Io, kit: CommandKit): void {
  void program;
  void io;
  void kit;
}
