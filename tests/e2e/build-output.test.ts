/**
 * The built app as Electron loads it: a sandboxed preload may require only
 * 'electron' (anything else throws at window creation and the bridge is gone).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { root } from './harness';

describe('build output', () => {
  it('the preload requires nothing but electron', () => {
    const preload = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('runs with only electron available, and its bridge passes contract methods and refuses others', async () => {
    const { METHOD_NAMES } = await import('../../src-main/common/api');
    const code = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const exposed: Record<string, { invoke(m: string, p: unknown): Promise<unknown> }> = {};
    const sent: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: (typeof exposed)[string]) => (exposed[name] = api) },
      ipcRenderer: { invoke: async (...args: unknown[]) => (sent.push(args), { ok: true, result: null }) },
    };
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return electron;
      throw new Error(`module not found: ${name}`);
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    const bridge = exposed.briefingDesk;
    expect(bridge).toBeDefined();
    for (const name of METHOD_NAMES) await bridge.invoke(name, {});
    expect(sent.map((args) => args[0])).toEqual(METHOD_NAMES.map((m) => `bd:${m}`));
    const refused = (await bridge.invoke('readFileSync', { path: '/etc/passwd' })) as { ok: boolean; error: { code: string } };
    expect(refused).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(sent).toHaveLength(METHOD_NAMES.length);
  });

  it('hands opened files to the page without any Electron event object, and can unsubscribe', async () => {
    const code = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const exposed: Record<string, { takeOpenedFiles(): Promise<unknown>; onFilesOpened(fn: (...a: unknown[]) => void): () => void }> = {};
    const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: (typeof exposed)[string]) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), [{ file: 'a.txt', status: 'imported', id: 'abc123', title: 'A' }]),
        on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
        removeListener: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((f) => f !== fn)),
      },
    };
    const module = { exports: {} };
    runInNewContext(code, { require: (n: string) => (n === 'electron' ? electron : undefined), module, exports: module.exports, console });
    const bridge = exposed.briefingDesk;
    expect(await bridge.takeOpenedFiles()).toEqual([{ file: 'a.txt', status: 'imported', id: 'abc123', title: 'A' }]);
    expect(invoked).toEqual([['bd-host:takeOpenedFiles']]);
    const calls: unknown[][] = [];
    const off = bridge.onFilesOpened((...args) => calls.push(args));
    for (const fn of listeners.get('bd-host:files-opened') ?? []) fn({ sender: 'the ipc event', ports: [] });
    expect(calls).toEqual([[]]);
    off();
    expect(listeners.get('bd-host:files-opened')).toEqual([]);
  });
});
