/**
 * What a `briefing` subcommand is: its flags, help text, and a run function
 * that gets an open Core (unless it opens the library itself, like `serve`).
 */
import type { PdfPrinter } from '../core/export/pdf';
import type { Core } from '../core/core';
import type { z } from 'zod';
import type { FlagSpec, Parsed } from '../common/argv';
import type { BdError } from '../common/errors';
import { refusal, type CliLanguage } from './cli-messages';
import { reasonZh, type IssueFacts } from '../common/schema-reasons';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  args: Parsed;
  io: CliIo;
  json: boolean;
  libraryDir: string;
  /** The language of the user's locale (cli-messages.ts), for what the command itself words. */
  language: CliLanguage;
  /**
   * Opens the library (once) for commands that need it. `pdfPrinter`: the
   * PDF engine the core uses (a command that prints starts it first, so the
   * browser starts while the library opens). `catalog: 'lazy'`: the catalog
   * is read only if a call needs it (a command that exports one briefing or
   * article reads just its files; CoreOptions.catalog).
   */
  core(options?: { pdfPrinter?: PdfPrinter; catalog?: 'lazy' }): Promise<Core>;
}

/**
 * The arguments (positionals) a command takes: at least `min`, at most `max`
 * (Infinity: any number), and what the first missing one is (named in the
 * refusal). runCli refuses fewer or more, before the command runs (exit 2).
 */
export interface Operands {
  min: number;
  max: number;
  what?: 'article' | 'briefing' | 'file' | 'paths' | 'query' | 'article-or-all' | 'subcommand';
}

export interface Command {
  name: string;
  /** How it is called (`briefing list [--tag T ...]`), in English and in Chinese (placeholders translated). */
  usage: string;
  usageZh: string;
  /** What it does, one or two sentences, in English and in Chinese (`--help`, the command list). */
  summary: string;
  summaryZh: string;
  flags?: Record<string, FlagSpec>;
  /**
   * The arguments it takes, by its first argument for a command with
   * subcommands (`brief create|list|delete`), as flags and arguments were
   * parsed. Required, so no command can take a stray argument unnoticed.
   */
  operands: Operands | ((args: Parsed) => Operands);
  /** Contract parameters given by a flag of another name (`organisation` → `org`), so core's refusal of one names the flag. */
  fieldFlags?: Record<string, string>;
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
  throw flagRefusal(flag, value, result.error.issues[0]);
}

/**
 * The refusal of flag `flag`'s value `value` for the contract's schema
 * issue `issue`: the accepted values when the field takes one of a list
 * (`--format: expected one of pdf, docx, md, html (got "rtf")`), else the
 * schema's reason. BdError `invalid-params` keyed for cli-messages.ts.
 */
export function flagRefusal(flag: string, value: unknown, issue?: IssueFacts & { values?: readonly unknown[] }): BdError {
  const got = Array.isArray(value) ? value.join(', ') : String(value);
  if (issue?.code === 'invalid_value' && issue.values?.length)
    return refusal('cli.flag-choice', { flag, choices: issue.values.map(String).join('|'), got }, flag);
  return refusal('cli.flag-invalid', { flag, reason: issue?.message ?? 'is not valid', reasonZh: reasonZh(issue), got }, flag);
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
  if (!/^-?\d{1,15}$/.test(text)) throw refusal('cli.flag-integer', { flag, got: String(value) }, flag);
  return Number(text);
}

/** `n` and the English noun in the number it takes: `count(1, 'article')` is "1 article", `count(0, 'article')` "0 articles". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
