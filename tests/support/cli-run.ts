/**
 * The `briefing` CLI run in-process on a library folder, its output
 * collected: what the CLI tests call instead of spawning a process.
 */
import { runCli } from '../../src-main/cli/index';

/** One CLI run: exit code, stdout and stderr (lines joined by "\n"), and stdout parsed as JSON (throws when it is not). */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  json: () => any;
}

/** Runs `briefing <args> --library <library>` in this process. */
export async function runCliOn(library: string, ...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--library', library], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
}
