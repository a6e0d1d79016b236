/**
 * One phase of the engine comparison in a fresh process (so load time and RSS
 * are a new process's): reads a `PhaseRequest` as JSON on stdin, prints the
 * phase's figures as JSON on stdout. Started by `compare.ts`.
 */
import { runPhase, type PhaseRequest } from './compare';

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const result = await runPhase(JSON.parse(input) as PhaseRequest);
  process.stdout.write(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
