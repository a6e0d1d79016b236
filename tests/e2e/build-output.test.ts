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

  it('passes host methods, hands events to the page without any Electron event object, and can unsubscribe', async () => {
    const { HOST_METHOD_NAMES, API_EVENT_NAMES, HOST_EVENT_NAMES } = await import('../../src-main/common/api');
    const code = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    type Bridge = {
      invokeHost(m: string, p: unknown): Promise<unknown>;
      onEvent(fn: (...a: unknown[]) => void): () => void;
      pathForFile(file: unknown): string;
    };
    const exposed: Record<string, Bridge> = {};
    const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Bridge) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: [{ file: 'a.txt', status: 'imported', id: 'abc123', title: 'A' }] }),
        on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), fn]),
        removeListener: (channel: string, fn: (...a: unknown[]) => void) =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter((f) => f !== fn),
          ),
      },
      webUtils: {
        getPathForFile: (file: unknown) => {
          if (file !== 'a dropped File') throw new Error('not a File');
          return '/home/分析员/通知.docx';
        },
      },
    };
    const module = { exports: {} };
    runInNewContext(code, { require: (n: string) => (n === 'electron' ? electron : undefined), module, exports: module.exports, console });
    const bridge = exposed.briefingDesk;
    expect(await bridge.invokeHost('takeOpenedFiles', {})).toEqual({ ok: true, result: [{ file: 'a.txt', status: 'imported', id: 'abc123', title: 'A' }] });
    expect(invoked).toEqual([['bd-host:takeOpenedFiles', {}]]);
    for (const name of HOST_METHOD_NAMES) await bridge.invokeHost(name, {});
    expect(invoked.slice(1).map((args) => args[0])).toEqual(HOST_METHOD_NAMES.map((m) => `bd-host:${m}`));
    // Names outside the host contract, and library methods asked as host methods, never reach IPC.
    for (const name of ['readFileSync', 'listArticles', 'saveFile']) {
      expect(await bridge.invokeHost(name, {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
    expect(invoked).toHaveLength(1 + HOST_METHOD_NAMES.length);
    // Every event of the contract and the host, without the IPC event object.
    const calls: unknown[][] = [];
    const off = bridge.onEvent((...args) => calls.push(args));
    const names = [...API_EVENT_NAMES, ...HOST_EVENT_NAMES];
    expect([...listeners.keys()].sort()).toEqual(names.map((n) => `bd-event:${n}`).sort());
    for (const fn of listeners.get('bd-event:filesOpened') ?? []) fn({ sender: 'the ipc event', ports: [] }, {});
    for (const fn of listeners.get('bd-event:importProgress') ?? []) fn({ sender: 'the ipc event' }, { operation: 'x', done: 1, total: 2 });
    expect(calls).toEqual([
      ['filesOpened', {}],
      ['importProgress', { operation: 'x', done: 1, total: 2 }],
    ]);
    off();
    expect([...listeners.values()].every((list) => list.length === 0)).toBe(true);
    // A dropped file's path comes from webUtils; anything else has none.
    expect(bridge.pathForFile('a dropped File')).toBe('/home/分析员/通知.docx');
    expect(bridge.pathForFile({})).toBe('');
  });

  it('stays small: it carries the channel names, not the contract or zod', () => {
    const size = readFileSync(join(root, 'out', 'preload', 'index.cjs')).length;
    expect(size).toBeLessThan(16 * 1024);
  });
});
