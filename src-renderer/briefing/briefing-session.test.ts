/**
 * The composer's session: debounced and immediate saves, undo/redo with
 * coalesced typing, refused header fields, flushing and merging a core change
 * with text typed meanwhile. Fixture: the WAIC briefing (real prose).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { moveItem, updateItem, type Briefing } from '../../src-main/common/briefing/model';
import { waicBriefing } from '../../src-main/common/briefing/fixtures/waic-briefing';
import { BriefingSession } from './briefing-session';

function setup(delay = 600) {
  const saved: Briefing[] = [];
  const save = vi.fn(async (b: Briefing) => {
    saved.push(b);
    return { ...b, modified: new Date().toISOString() };
  });
  const session = new BriefingSession(waicBriefing(), { save, delay });
  return { session, save, saved };
}

const type = (session: BriefingSession, text: string) => session.apply((b) => ({ ...b, summary: text }), { coalesce: 'summary' });

describe('BriefingSession saving', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves typing once, 600 ms after the last keystroke, with the latest text', async () => {
    const { session, save, saved } = setup();
    type(session, '本期');
    await vi.advanceTimersByTimeAsync(400);
    type(session, '本期要点');
    await vi.advanceTimersByTimeAsync(599);
    expect(save).not.toHaveBeenCalled();
    expect(session.getSnapshot().save).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saved[0].summary).toBe('本期要点');
    await vi.runAllTimersAsync();
    expect(session.getSnapshot().save).toBe('saved');
    expect(session.getSnapshot().savedVersion).toBe(1);
  });

  it('idle() waits out the pause and the save without starting one, and follows edits made meanwhile', async () => {
    let release!: () => void;
    const save = vi.fn((b: Briefing) => new Promise<Briefing>((r) => (release = () => r(b))));
    const session = new BriefingSession(waicBriefing(), { save });
    let idle = false;
    await session.idle();
    type(session, '本期');
    void session.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(599);
    expect(save).not.toHaveBeenCalled();
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    type(session, '本期要点'); // typed while the first save runs
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(false);
    await vi.advanceTimersByTimeAsync(600);
    expect(save).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(true);
    expect(session.getSnapshot().save).toBe('saved');
  });

  it('idle() after dispose() waits for the last save', async () => {
    let release!: () => void;
    const save = vi.fn((b: Briefing) => new Promise<Briefing>((r) => (release = () => r(b))));
    const session = new BriefingSession(waicBriefing(), { save });
    type(session, '未保存的文字');
    let idle = false;
    void session.dispose();
    void session.idle().then(() => (idle = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    expect(idle).toBe(false);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(idle).toBe(true);
  });

  it('saves structural changes at once', async () => {
    const { session, save } = setup();
    const b = session.current;
    session.apply((x) => moveItem(x, b.sections[0].items[0].id, b.sections[0].id, 1), { immediate: true });
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('sends edits made during a save right after it, never two saves at once', async () => {
    let release!: () => void;
    const save = vi.fn((b: Briefing) => new Promise<Briefing>((r) => (release = () => r(b))));
    const session = new BriefingSession(waicBriefing(), { save });
    session.apply((b) => ({ ...b, summary: 'a' }), { immediate: true });
    session.apply((b) => ({ ...b, summary: 'ab' }), { immediate: true });
    expect(save).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0].summary).toBe('ab');
    release();
    await vi.runAllTimersAsync();
    expect(session.getSnapshot().save).toBe('saved');
  });

  it('flush() saves the pending edit now and resolves when it is stored', async () => {
    const { session, save } = setup();
    type(session, '要点');
    const done = await session.flush();
    expect(done).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(session.dirty).toBe(false);
  });

  it('dispose() still saves what was typed', async () => {
    const { session, save, saved } = setup();
    type(session, '关掉窗口之前刚打的字');
    await session.dispose();
    expect(save).toHaveBeenCalledTimes(1);
    expect(saved[0].summary).toBe('关掉窗口之前刚打的字');
  });

  it('dispose({ discard }) saves nothing (the briefing is being deleted)', async () => {
    const { session, save } = setup();
    type(session, 'x');
    await session.dispose({ discard: true });
    await vi.runAllTimersAsync();
    expect(save).not.toHaveBeenCalled();
  });

  it('saves an emptied title with its last valid value and reports the field', async () => {
    const { session, saved } = setup();
    session.apply((b) => ({ ...b, header: { ...b.header, title: '' }, summary: '新的要点' }));
    expect(session.getSnapshot().invalid.title).toBeTruthy();
    await session.flush();
    expect(saved[0].header.title).toBe('2023世界人工智能大会成果与人工智能产业发展动向');
    expect(saved[0].summary).toBe('新的要点');
    expect(session.current.header.title).toBe('');
  });

  it('shows a failed save and retries', async () => {
    const save = vi
      .fn()
      .mockRejectedValueOnce(new Error('disk full'))
      .mockImplementation(async (b: Briefing) => b);
    const session = new BriefingSession(waicBriefing(), { save });
    session.apply((b) => ({ ...b, summary: 'x' }), { immediate: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getSnapshot()).toMatchObject({ save: 'error', error: 'disk full' });
    session.retry();
    await vi.runAllTimersAsync();
    expect(session.getSnapshot().save).toBe('saved');
    expect(save).toHaveBeenCalledTimes(2);
  });
});

describe('BriefingSession undo and redo', () => {
  it('undoes a burst of typing in one step, then redoes it', () => {
    const { session } = setup();
    const original = session.current.summary;
    type(session, '一');
    type(session, '一二');
    type(session, '一二三');
    expect(session.undo()).toBe(true);
    expect(session.current.summary).toBe(original);
    expect(session.getSnapshot().canRedo).toBe(true);
    session.redo();
    expect(session.current.summary).toBe('一二三');
  });

  it('keeps edits of different fields as separate steps', () => {
    const { session } = setup();
    const first = session.current.sections[0].items[0];
    type(session, '要点');
    session.apply((b) => updateItem(b, first.id, { note: '按语' }), { coalesce: `note:${first.id}` });
    session.undo();
    expect(session.current.summary).toBe('要点');
    session.undo();
    expect(session.current.summary).not.toBe('要点');
  });

  it('a new edit clears the redo history', () => {
    const { session } = setup();
    type(session, 'a');
    session.undo();
    session.apply((b) => ({ ...b, summary: 'b' }), { immediate: true });
    expect(session.getSnapshot().canRedo).toBe(false);
  });
});

describe('BriefingSession.serverChange', () => {
  it('keeps text typed while the core was adding highlights', async () => {
    const { session } = setup();
    const start = session.current;
    const added = {
      ...start,
      sections: [...start.sections, { id: 's-new-001', heading: '新增', items: [] }],
    };
    let finish!: (b: Briefing) => void;
    const pending = session.serverChange(
      () => new Promise<Briefing>((r) => (finish = r)),
      (b) => b,
    );
    await Promise.resolve();
    await Promise.resolve();
    type(session, '一边等一边写的要点');
    finish(added);
    await pending;
    expect(session.current.summary).toBe('一边等一边写的要点');
    expect(session.current.sections.at(-1)!.id).toBe('s-new-001');
    session.undo();
    expect(session.current.sections.some((s) => s.id === 's-new-001')).toBe(false);
    await session.dispose();
  });
});
