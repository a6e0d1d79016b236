/**
 * One open briefing in the composer: the document as the user edits it, an
 * undo/redo history of immutable snapshots (the pure operations of
 * `common/briefing/model.ts` return new objects, so a snapshot is just a
 * reference), and saving.
 *
 * Saving (after zotero/reader's annotation manager): text edits are saved
 * after a pause (`delay`, 600 ms), structural changes (add, move, delete,
 * undo) at once, one save at a time, always the whole latest document.
 * `flush()` waits until what the user sees is on disk; `dispose()` starts the
 * last save without waiting, so closing the view never loses typed text.
 *
 * A header field the schema refuses (an emptied title, a half-typed date) is
 * saved with its last valid value and reported in `invalid`, so one bad
 * field never holds back the rest of the user's work.
 *
 * No React here: the component tests and the composer share this class, and
 * `useBriefingSession` subscribes to it.
 */
import { briefingSchema, type Briefing } from '../../src-main/common/briefing/model';
import { mergeServerChange } from './merge';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface SessionSnapshot {
  doc: Briefing;
  save: SaveState;
  /** The core's message when the last save failed. */
  error: string | null;
  canUndo: boolean;
  canRedo: boolean;
  /** Bumped whenever a new version reached the disk: the print preview reloads on it. */
  savedVersion: number;
  /** Header fields the schema refuses, by field name (`title`, `date`, …), with the schema's message. */
  invalid: Record<string, string>;
}

export interface SessionOptions {
  save(briefing: Briefing): Promise<Briefing>;
  /** Pause after typing before saving, ms. */
  delay?: number;
  now?(): number;
}

export interface ApplyOptions {
  /**
   * Consecutive edits with the same key within `COALESCE_MS` become one undo
   * step (typing a sentence is undone in one go, not letter by letter).
   */
  coalesce?: string;
  /** Save at once instead of after the pause (structural changes). */
  immediate?: boolean;
  /** Part of the previous step (e.g. placing highlights just added): one undo reverts both. */
  amend?: boolean;
}

const COALESCE_MS = 1500;
const HISTORY_LIMIT = 200;

interface HistoryEntry {
  doc: Briefing;
  key?: string;
  at: number;
}

export class BriefingSession {
  private doc: Briefing;
  private past: HistoryEntry[] = [];
  private future: Briefing[] = [];
  /** The local document last sent to (or received from) the core. */
  private lastSent: Briefing;
  /** The last document the schema accepted, for repairing refused header fields. */
  private lastGood: Briefing;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private state: SaveState = 'saved';
  private error: string | null = null;
  private invalid: Record<string, string> = {};
  private savedVersion = 0;
  private lastKey: string | null = null;
  /** A structural change waits for a running save: send it right after, not after the pause. */
  private urgent = false;
  private listeners = new Set<() => void>();
  private idleWaiters: (() => void)[] = [];
  private snapshot: SessionSnapshot;
  private disposed = false;
  private closing: Promise<void> | null = null;
  private readonly delay: number;
  private readonly now: () => number;

  constructor(
    initial: Briefing,
    private readonly options: SessionOptions,
  ) {
    this.doc = this.lastSent = this.lastGood = initial;
    this.delay = options.delay ?? 600;
    this.now = options.now ?? Date.now;
    this.snapshot = this.makeSnapshot();
  }

  get id(): string {
    return this.doc.id;
  }

  get current(): Briefing {
    return this.doc;
  }

  getSnapshot = (): SessionSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get dirty(): boolean {
    return this.doc !== this.lastSent;
  }

  /** Applies an edit (a pure operation) and schedules the save. */
  apply(edit: (b: Briefing) => Briefing, opts: ApplyOptions = {}): void {
    if (this.disposed) return;
    const next = edit(this.doc);
    if (next === this.doc) return;
    const at = this.now();
    const top = this.past.at(-1);
    if (opts.amend && top) {
      top.at = at;
    } else if (opts.coalesce && top && this.lastKey === opts.coalesce && at - top.at < COALESCE_MS) {
      top.at = at;
    } else {
      this.past.push({ doc: this.doc, key: opts.coalesce, at });
      if (this.past.length > HISTORY_LIMIT) this.past.shift();
    }
    this.lastKey = opts.coalesce ?? null;
    this.future = [];
    this.doc = next;
    this.schedule(!!opts.immediate);
  }

  undo(): boolean {
    const entry = this.past.pop();
    if (!entry || this.disposed) return false;
    this.future.push(this.doc);
    this.doc = entry.doc;
    this.lastKey = null;
    this.schedule(true);
    return true;
  }

  redo(): boolean {
    const next = this.future.pop();
    if (!next || this.disposed) return false;
    this.past.push({ doc: this.doc, at: this.now() });
    this.doc = next;
    this.lastKey = null;
    this.schedule(true);
    return true;
  }

  /**
   * Runs a call that changes the briefing in the core (adding highlights,
   * pulling in note edits): saves first so the core starts from what the user
   * sees, then takes the result as one undoable step, merged with anything
   * typed while the call ran.
   */
  async serverChange<T>(call: (id: string) => Promise<T>, pick: (result: T) => Briefing): Promise<T> {
    if (!(await this.flush())) throw new Error(this.error ?? 'The briefing could not be saved.');
    const base = this.doc;
    const result = await call(base.id);
    if (this.disposed) return result;
    const server = pick(result);
    const merged = mergeServerChange(base, server, this.doc);
    this.past.push({ doc: this.doc, at: this.now() });
    this.future = [];
    this.lastKey = null;
    this.doc = merged;
    if (merged === server) {
      this.lastSent = this.lastGood = server;
      this.savedVersion++;
      this.update();
    } else {
      this.schedule(true);
    }
    return result;
  }

  /**
   * Resolves once the document the user sees is saved: true, or false when
   * the core refused it (the error is in the snapshot).
   */
  async flush(): Promise<boolean> {
    this.clearTimer();
    try {
      for (let round = 0; round < 5; round++) {
        if (this.inFlight) await this.inFlight;
        if (!this.dirty) return true;
        if (this.state === 'error') return false;
        this.startSave();
      }
      return !this.dirty;
    } finally {
      this.settle();
    }
  }

  /**
   * Resolves once no save is waiting (the pause after typing) or running:
   * what was sent is on disk, or the save failed (see the snapshot). Starts
   * nothing itself, unlike `flush()`; after `dispose()`, waits for its save.
   */
  idle(): Promise<void> {
    if (this.closing) return this.closing;
    if (!this.timer && !this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private settle(): void {
    if (this.timer || this.inFlight) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Retries after a failed save. */
  retry(): void {
    if (this.state !== 'error') return;
    this.state = 'pending';
    this.schedule(true);
  }

  /**
   * Stops the session. A pending edit is still sent, so nothing typed is
   * lost; the promise settles when it is on disk (callers reopening the same
   * briefing wait for it).
   */
  dispose(options: { discard?: boolean } = {}): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.clearTimer();
    let last: Promise<unknown> = this.inFlight ?? Promise.resolve();
    if (!options.discard && this.dirty) {
      const { toSave } = this.prepare(this.doc);
      last = last.then(() => this.options.save(toSave));
    }
    this.disposed = true;
    this.listeners.clear();
    this.closing = last.then(
      () => undefined,
      () => undefined,
    );
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) void this.closing.then(resolve);
    return this.closing;
  }

  private schedule(immediate: boolean): void {
    if (this.disposed) return;
    this.clearTimer();
    if (!this.dirty) {
      if (this.state === 'pending') this.state = 'saved';
      this.update();
      this.settle();
      return;
    }
    if (this.state !== 'saving') this.state = 'pending';
    this.update();
    this.urgent ||= immediate;
    if (immediate) this.startSave();
    else this.timer = setTimeout(() => this.startSave(), this.delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The document to send: refused header fields replaced by their last valid value. */
  private prepare(doc: Briefing): { toSave: Briefing; invalid: Record<string, string> } {
    const invalid: Record<string, string> = {};
    const first = briefingSchema.safeParse(doc);
    if (first.success) return { toSave: doc, invalid };
    let header: Record<string, unknown> = { ...doc.header };
    const good = this.lastGood.header as Record<string, unknown>;
    for (const issue of first.error.issues) {
      const [root, field] = issue.path.map(String);
      if (root !== 'header' || !field) continue;
      invalid[field] = issue.message;
      if (good[field] === undefined) {
        const { [field]: _dropped, ...rest } = header;
        header = rest;
      } else header[field] = good[field];
    }
    return { toSave: { ...doc, header: header as Briefing['header'] }, invalid };
  }

  private startSave(): void {
    this.clearTimer();
    if (this.inFlight) return; // the running save re-checks when it ends
    if (!this.dirty) return this.settle();
    const sending = this.doc;
    this.urgent = false;
    const { toSave, invalid } = this.prepare(sending);
    this.invalid = invalid;
    this.state = 'saving';
    this.error = null;
    this.update();
    this.inFlight = this.options
      .save(toSave)
      .then(
        () => {
          this.lastSent = sending;
          if (briefingSchema.safeParse(toSave).success) this.lastGood = toSave;
          this.savedVersion++;
          this.state = this.dirty ? 'pending' : 'saved';
        },
        (err: unknown) => {
          this.state = 'error';
          this.error = err instanceof Error ? err.message : String(err);
        },
      )
      .finally(() => {
        this.inFlight = null;
        if (this.disposed) return;
        this.update();
        // Edits made while saving: save them too (after the pause for typing).
        if (this.state === 'pending' && !this.timer) this.timer = setTimeout(() => this.startSave(), this.urgent ? 0 : this.delay);
        this.settle();
      });
  }

  private makeSnapshot(): SessionSnapshot {
    return {
      doc: this.doc,
      save: this.state,
      error: this.error,
      canUndo: this.past.length > 0,
      canRedo: this.future.length > 0,
      savedVersion: this.savedVersion,
      invalid: this.invalid,
    };
  }

  private update(): void {
    if (this.disposed) return;
    // Refused fields are known as soon as the user types, not only when saving.
    this.invalid = this.doc === this.lastSent ? this.invalid : this.prepare(this.doc).invalid;
    this.snapshot = this.makeSnapshot();
    for (const l of this.listeners) l();
  }
}
