import type { Command } from 'commander';
import type { CommandKit, Io } from '../cli.js';

/** Registers `newsletter send`. Not built yet. */
export function registerSend(program: Command, io: Io, kit: CommandKit): void {
  void program;
  void io;
  void kit;
}
