/**
 * The undo stack: order, redo after undo, a new action clearing redo, a
 * failed inverse staying undoable, and one command at a time.
 */
import { describe, expect, it } from 'vitest';
import { UndoStack, type Command } from './undo-stack';

function recorder() {
  const log: string[] = [];
  const command = (label: string, fail = false): Command => ({
    label,
    undo: async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error(`cannot undo ${label}`);
      log.push(`undo ${label}`);
    },
    redo: async () => {
      log.push(`redo ${label}`);
    },
  });
  return { log, command };
}

describe('UndoStack', () => {
  it('undoes latest first and redoes in order', async () => {
    const { log, command } = recorder();
    const stack = new UndoStack();
    stack.push(command('a'));
    stack.push(command('b'));
    expect((await stack.undo())?.label).toBe('b');
    expect((await stack.undo())?.label).toBe('a');
    expect(await stack.undo()).toBeNull();
    expect((await stack.redo())?.label).toBe('a');
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
    expect(stack.canUndo).toBe(true);
    expect(stack.canRedo).toBe(true);
  });

  it('clears redo when a new action is done', async () => {
    const { command } = recorder();
    const stack = new UndoStack();
    stack.push(command('a'));
    await stack.undo();
    stack.push(command('b'));
    expect(stack.canRedo).toBe(false);
    expect(stack.labels).toEqual({ undo: ['b'], redo: [] });
  });

  it('keeps a command undoable when its inverse fails', async () => {
    const { command } = recorder();
    const stack = new UndoStack();
    stack.push(command('a', true));
    await expect(stack.undo()).rejects.toThrow('cannot undo a');
    expect(stack.labels.undo).toEqual(['a']);
  });

  it('runs quick successive undos one after the other', async () => {
    const { log, command } = recorder();
    const stack = new UndoStack();
    stack.push(command('a'));
    stack.push(command('b'));
    stack.push(command('c'));
    await Promise.all([stack.undo(), stack.undo(), stack.undo()]);
    expect(log).toEqual(['undo c', 'undo b', 'undo a']);
  });

  it('tells subscribers and forgets beyond its limit', () => {
    const { command } = recorder();
    const stack = new UndoStack(2);
    let calls = 0;
    stack.subscribe(() => calls++);
    stack.push(command('a'));
    stack.push(command('b'));
    stack.push(command('c'));
    expect(stack.labels.undo).toEqual(['b', 'c']);
    expect(calls).toBe(3);
  });
});
