/**
 * What a `briefing` subcommand is: its flags, help text, and a run function
 * that gets an open Core (unless it opens the library itself, like `serve`).
 */
import type { Core } from '../core/core';
import type { FlagSpec, Parsed } from '../common/argv';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  args: Parsed;
  io: CliIo;
  json: boolean;
  libraryDir: string;
  /** Opens the library (once) for commands that need it. */
  core(): Promise<Core>;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  flags?: Record<string, FlagSpec>;
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

export const COMMON_FLAGS: Record<string, FlagSpec> = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
