/**
 * The preload's channel list (src-main/common/ipc-channels.ts, generated) says
 * exactly what the contract says, and the preload stays small: it imports
 * neither the contract nor zod.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_CHANNELS_FILE, ipcChannelsSource } from '../../scripts/generate-ipc-channels';
import { API_METHODS, EVENTS, HOST_METHODS } from '../../src-main/common/ipc-channels';
import { API_EVENT_NAMES, HOST_EVENT_NAMES, HOST_METHOD_NAMES, METHOD_NAMES } from '../../src-main/common/api';

describe('IPC channel names', () => {
  it('the generated file is up to date with the contract (else run `npm run generate:channels`)', () => {
    expect(readFileSync(IPC_CHANNELS_FILE, 'utf8')).toBe(ipcChannelsSource());
  });

  it('lists every method, host method and event of the contract once', () => {
    expect([...API_METHODS].sort()).toEqual([...METHOD_NAMES].sort());
    expect([...HOST_METHODS].sort()).toEqual([...HOST_METHOD_NAMES].sort());
    expect([...EVENTS].sort()).toEqual([...API_EVENT_NAMES, ...HOST_EVENT_NAMES].sort());
    expect(new Set([...API_METHODS, ...HOST_METHODS]).size).toBe(API_METHODS.length + HOST_METHODS.length);
  });

  it('the preload imports only electron and the channel list (no contract, no zod)', () => {
    const source = readFileSync(join(__dirname, '../../src-main/preload/index.ts'), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['../common/ipc-channels', 'electron']);
    const channels = readFileSync(IPC_CHANNELS_FILE, 'utf8');
    expect(channels).not.toMatch(/\bimport\b/);
  });
});
