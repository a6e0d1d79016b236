/**
 * One browser-mode server per library: the instance record in a real temp
 * library, found only while its process lives on this machine, and the
 * focus request answered by a real server only with the token.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { focusInstance, instanceFile, removeInstance, runningInstance, writeInstance } from './instance';
import { startServer } from './server';

const dirs: string[] = [];
const library = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bd-instance-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A live process that is not this one (the record's owner). */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  /** Ends the process and resolves once it is gone (reaped, so its pid no longer answers). */
  const stop = async () => {
    child.kill();
    await exited;
  };
  return { pid: child.pid!, stop };
}

describe('instance record', () => {
  it('is found while its process lives, ignored once it is gone, for this process, or from another machine', async () => {
    const dir = library();
    const other = otherProcess();
    try {
      await writeInstance(dir, { pid: other.pid, port: 4321, token: 'tok' });
      expect(await runningInstance(dir)).toMatchObject({ pid: other.pid, port: 4321, token: 'tok' });
      if (process.platform !== 'win32') expect(statSync(instanceFile(dir)).mode & 0o077).toBe(0);
      const record = JSON.parse(readFileSync(instanceFile(dir), 'utf8'));
      writeFileSync(instanceFile(dir), JSON.stringify({ ...record, host: 'another-pc' }));
      expect(await runningInstance(dir)).toBeNull();
      writeFileSync(instanceFile(dir), JSON.stringify(record));
    } finally {
      await other.stop();
    }
    expect(await runningInstance(dir)).toBeNull();
    await writeInstance(dir, { port: 1, token: 'mine' });
    expect(await runningInstance(dir)).toBeNull(); // our own record is not "another instance"
  });

  it('survives junk in the file and is removed only by its owner', async () => {
    const dir = library();
    writeFileSync(instanceFile(dir), '{"pid": "not a number"');
    expect(await runningInstance(dir)).toBeNull();
    await writeInstance(dir, { pid: 999_999_999, port: 2, token: 'someone else' });
    await removeInstance(dir);
    expect(JSON.parse(readFileSync(instanceFile(dir), 'utf8')).token).toBe('someone else');
    await writeInstance(dir, { port: 3, token: 'mine' });
    await removeInstance(dir);
    expect(() => statSync(instanceFile(dir))).toThrow();
  });
});

describe('focus request', () => {
  it('reaches the running server only with its token, by POST', async () => {
    let focused = 0;
    const server = await startServer({
      target: { call: async () => null },
      rendererDir: library(),
      host: { focusWindow: async () => (++focused, { focused: true }) },
    });
    try {
      const record = { pid: process.pid, port: server.port, token: server.token, host: '', started: '' };
      expect(await focusInstance(record)).toBe(true);
      expect(focused).toBe(1);
      expect(await focusInstance({ ...record, token: 'wrong' })).toBe(false);
      expect((await fetch(`${server.origin}/host/focusWindow`, { headers: { 'x-briefing-token': server.token } })).status).toBe(405);
      // The name earlier versions used still works.
      expect((await fetch(`${server.origin}/host/focus`, { method: 'POST', headers: { 'x-briefing-token': server.token } })).status).toBe(200);
      expect(focused).toBe(2);
    } finally {
      await server.close();
    }
    expect(await focusInstance({ pid: 1, port: server.port, token: 'x', host: '', started: '' }, 1000)).toBe(false);
  });

  it('answers 409 when there is no window to bring forward', async () => {
    const server = await startServer({ target: { call: async () => null }, rendererDir: library() });
    try {
      const res = await fetch(`${server.origin}/host/focus`, { method: 'POST', headers: { 'x-briefing-token': server.token } });
      expect(res.status).toBe(409);
    } finally {
      await server.close();
    }
  });
});
