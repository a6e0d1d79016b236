/**
 * Undo/redo for annotation actions: a stack of commands, each able to apply
 * its inverse and itself again through the API (so both directions are as
 * durable as the original action). Commands run one at a time, in order: a
 * quick Ctrl+Z Ctrl+Z never races two API calls against each other.
 *
 * The stack only orders work; what an inverse is (delete ↔ restore, update ↔
 * update with the old values, re-attach ↔ the old range) is decided where the
 * action is taken (`annotation-session.ts`).
 */

export interface Command {
  /** What the user did, for messages ("Undone: highlight"). */
  label: string;
  undo(): Promise<void>;
  redo(): Promise<void>;
}

export const UNDO_LIMIT = 200;

export class UndoStack {
  private past: Command[] = [];
  private future: Command[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();

  constructor(private readonly limit = UNDO_LIMIT) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Labels, most recent last: for tests and tooltips. */
  get labels(): { undo: string[]; redo: string[] } {
    return { undo: this.past.map((c) => c.label), redo: this.future.map((c) => c.label) };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Records an action that has just been done. A new action clears the redo list. */
  push(command: Command): void {
    this.past.push(command);
    if (this.past.length > this.limit) this.past.splice(0, this.past.length - this.limit);
    this.future = [];
    this.changed();
  }

  /** Undoes the latest action; resolves to it, or null when there was none. On failure it stays undoable and the error is rethrown. */
  undo(): Promise<Command | null> {
    return this.run(
      () => this.past.pop(),
      (c) => c.undo(),
      (c) => this.future.push(c),
      (c) => this.past.push(c),
    );
  }

  /** Redoes the latest undone action; resolves to it, or null when there was none. */
  redo(): Promise<Command | null> {
    return this.run(
      () => this.future.pop(),
      (c) => c.redo(),
      (c) => this.past.push(c),
      (c) => this.future.push(c),
    );
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.changed();
  }

  private run(
    take: () => Command | undefined,
    apply: (c: Command) => Promise<void>,
    done: (c: Command) => void,
    putBack: (c: Command) => void,
  ): Promise<Command | null> {
    // An earlier step's failure was already given to its caller; it must not stop this one.
    const next = this.queue
      .catch(() => undefined)
      .then(async () => {
        const command = take();
        if (!command) return null;
        this.changed();
        try {
          await apply(command);
        } catch (err) {
          putBack(command);
          this.changed();
          throw err;
        }
        done(command);
        this.changed();
        return command;
      });
    this.queue = next;
    return next;
  }
}
