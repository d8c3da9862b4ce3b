import type { Command } from 'commander';
import type { CommandKit, Io } from '../cli.js';

/** Registers `newsletter check`. Not built yet. */
export function registerCheck(program: Command, io: Io, kit: CommandKit): void {
  void program;
  void io;
  void kit;
}
