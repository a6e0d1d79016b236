/**
 * What a `briefing` subcommand is: its flags, help text, and a run function
 * that gets an open Core (unless it opens the library itself, like `serve`).
 */
import type { PdfPrinter } from '../core/export/pdf';
import type { Core } from '../core/core';
import type { z } from 'zod';
import type { FlagSpec, Parsed } from '../common/argv';
import { BdError } from '../common/errors';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  args: Parsed;
  io: CliIo;
  json: boolean;
  libraryDir: string;
  /**
   * Opens the library (once) for commands that need it. `pdfPrinter`: the
   * PDF engine the core uses (a command that prints starts it first, so the
   * browser starts while the library opens). `catalog: 'lazy'`: the catalog
   * is read only if a call needs it (a command that exports one briefing or
   * article reads just its files; CoreOptions.catalog).
   */
  core(options?: { pdfPrinter?: PdfPrinter; catalog?: 'lazy' }): Promise<Core>;
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

/**
 * A flag's value checked with the contract's schema for that field, for the
 * few flags a command needs before it calls the method (no second copy of
 * the rule). Throws BdError `invalid-params` naming the flag (exit 2).
 */
export function flagValue<T>(schema: z.ZodType<T>, flag: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BdError('invalid-params', `--${flag}: ${result.error.issues[0]?.message ?? 'is not valid'} (got "${String(value)}").`, { field: flag });
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/**
 * A numeric flag's value as a whole number written in decimal digits
 * (`20`, `-1`, surrounding spaces allowed). Anything else — `1e2`, `0x10`,
 * `2.5`, `20abc`, an empty value — throws BdError `invalid-params` naming
 * the flag (exit 2) instead of being read as JavaScript reads numbers. The
 * range is left to the contract's schema (or the command) to check.
 */
export function integerFlag(flag: string, value: unknown): number {
  const text = String(value).trim();
  if (!/^-?\d{1,15}$/.test(text))
    throw new BdError('invalid-params', `--${flag}: expected a whole number in decimal digits (got "${String(value)}").`, { field: flag });
  return Number(text);
}
