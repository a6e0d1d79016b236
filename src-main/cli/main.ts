/**
 * Process entry of the built CLI (out/main/cli.js): opens the log
 * (`<data folder>/logs`; browser mode's server logs as `browser`), runs the
 * command, and closes the log before the process ends.
 */
import { runCli } from './index';
import { log, startLog, stopLog } from '../core/diagnostics/log';

async function main(argv: string[]): Promise<number> {
  await startLog({ host: argv[0] === 'serve' ? 'browser' : 'cli' });
  try {
    return await runCli(argv);
  } catch (err) {
    log.error('The command failed unexpectedly', { err, command: argv[0] });
    console.error(err);
    return 1;
  } finally {
    await stopLog();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
