/**
 * The library lock under a real two-process race: two separate Node
 * processes try to lock the same fresh library in the same millisecond, 200
 * times; exactly one must win every time. Then the same with a stale lock (a
 * dead process's) already there, which both try to take over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Contender {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function startContender(): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'testing', 'lock-contender.ts')], { stdio: 'pipe' });
  const lines: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  return {
    child,
    next: () =>
      new Promise<string>((resolve, reject) => {
        const line = lines.shift();
        if (line !== undefined) return resolve(line);
        const timer = setTimeout(() => reject(new Error(`contender did not answer:\n${stderr}`)), 20_000);
        waiting.push((l) => {
          clearTimeout(timer);
          resolve(l);
        });
      }),
  };
}

let root: string;
let a: Contender;
let b: Contender;
const deadPid = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bd-lock-race-'));
  a = startContender();
  b = startContender();
  expect(await a.next()).toBe('ready');
  expect(await b.next()).toBe('ready');
});

afterAll(() => {
  a?.child.kill();
  b?.child.kill();
  rmSync(root, { recursive: true, force: true });
});

/** One trial: both go at the same moment; returns how many won (and lets the winner go). */
async function trial(dir: string): Promise<number> {
  const at = Date.now() + 15;
  a.child.stdin.write(`go ${dir} ${at}\n`);
  b.child.stdin.write(`go ${dir} ${at}\n`);
  const [ra, rb] = await Promise.all([a.next(), b.next()]);
  for (const r of [ra, rb]) expect(r === 'won' || r === 'lost locked').toBe(true);
  const winners = [ra, rb].filter((r) => r === 'won').length;
  a.child.stdin.write('release\n');
  b.child.stdin.write('release\n');
  expect(await a.next()).toBe('released');
  expect(await b.next()).toBe('released');
  return winners;
}

describe('library lock, two processes at once', () => {
  it('gives the lock to exactly one of two processes, 200 of 200 times', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 200; i++) {
      const dir = join(root, `fresh-${i}`);
      mkdirSync(dir);
      counts.push(await trial(dir));
    }
    expect(counts.filter((c) => c !== 1)).toEqual([]);
  }, 120_000);

  it('lets exactly one of two processes take over a stale lock, 100 of 100 times', async () => {
    const counts: number[] = [];
    for (let i = 0; i < 100; i++) {
      const dir = join(root, `stale-${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'library.lock'), JSON.stringify({ pid: deadPid, nonce: 'dead', since: '2026-01-01T00:00:00.000Z' }));
      counts.push(await trial(dir));
    }
    expect(counts.filter((c) => c !== 1)).toEqual([]);
  }, 120_000);
});
