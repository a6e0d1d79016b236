/**
 * Files opened from the operating system reach the window: outcomes waiting
 * before the window subscribed, and each later batch announced by the bridge.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchOpenedFiles, type DesktopBridge, type OpenedFileOutcome } from './api-client';

afterEach(() => {
  delete window.briefingDesk;
});

describe('watchOpenedFiles', () => {
  it('takes what is waiting at once, then each announced batch, until unsubscribed', async () => {
    const queue: OpenedFileOutcome[][] = [[{ file: '通知.docx', status: 'imported', id: 'a1b2c3', title: '关于印发的通知' }]];
    let announce: ((name: string, payload: unknown) => void) | undefined;
    const hostCalls: string[] = [];
    const bridge: DesktopBridge = {
      invoke: vi.fn(),
      invokeHost: async (method) => {
        hostCalls.push(method);
        return { ok: true, result: method === 'takeOpenedFiles' ? (queue.shift() ?? []) : null };
      },
      onEvent: (fn) => {
        announce = fn;
        return () => (announce = undefined);
      },
      pathForFile: () => '',
    };
    window.briefingDesk = bridge;
    const seen: OpenedFileOutcome[][] = [];
    const off = watchOpenedFiles((o) => seen.push(o));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    queue.push([{ file: 'scan.pdf', status: 'refused', message: 'scan.pdf has no text layer' }]);
    announce!('libraryChanged', { areas: ['articles'] }); // not this event: nothing taken
    announce!('filesOpened', {});
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1][0]).toMatchObject({ file: 'scan.pdf', status: 'refused' });
    expect(hostCalls.every((m) => m === 'takeOpenedFiles')).toBe(true);
    expect(hostCalls).toHaveLength(2);
    off();
  });

  it('does nothing in browser mode', () => {
    const handle = vi.fn();
    watchOpenedFiles(handle)();
    expect(handle).not.toHaveBeenCalled();
  });
});
