/**
 * A separate process that competes for library locks, for the two-process
 * race test (lock.test.ts). Reads commands on stdin, one per line:
 *   go <dir> <epochMs>   spin until that moment, try to lock <dir>, print `won` or `lost <code>`
 *   release              release the lock it holds, print `released`
 */
import { createInterface } from 'node:readline';
import { acquireLock, type LibraryLock } from '../lock';

let held: LibraryLock | null = null;

createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, dir, at] = line.trim().split(' ');
  if (command === 'go') {
    while (Date.now() < Number(at)) {
      // spin: both contenders start within the same millisecond
    }
    acquireLock(dir).then(
      (lock) => {
        held = lock;
        process.stdout.write('won\n');
      },
      (err: { code?: string }) => process.stdout.write(`lost ${err.code ?? 'error'}\n`),
    );
  } else if (command === 'release') {
    const lock = held;
    held = null;
    void (lock ? lock.release() : Promise.resolve()).then(() => process.stdout.write('released\n'));
  }
});
process.stdout.write('ready\n');
