/**
 * Drafts of the app's editors, kept in the library through the API
 * (contract/drafts.ts) so a reload or a crash never loses typed text.
 *
 * `DraftBook` is headless: it reads every draft once before the app renders;
 * `put` changes the draft at once in memory and writes it to the library a
 * moment later (coalesced per editor, `WRITE_DELAY_MS`), `discard` drops it
 * (cancelling a pending write), `flush` writes whatever waits now (the page
 * is going away). Writes run one at a time in the order asked; `idle()`
 * resolves when they have all settled. A failed write keeps the draft in
 * memory and is reported to `onError` (the editor still saves on blur).
 */
import { createContext, createElement, useContext, useState, type ReactNode } from 'react';
import type { Api } from '../../src-main/common/api';
import { draftKey, type Draft, type DraftInput } from '../../src-main/common/contract/drafts';

export type DraftsClient = Pick<Api, 'listDrafts' | 'saveDraft' | 'discardDraft'>;

/** How long after the last keystroke a draft is written. */
export const WRITE_DELAY_MS = 250;

/** Whether an editor's draft is written yet (the editor shows "Draft saved"). */
export type DraftState = 'none' | 'pending' | 'saved';

export class DraftBook {
  private drafts = new Map<string, Draft>();
  private states = new Map<string, DraftState>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private queue: Promise<unknown> = Promise.resolve();
  private listeners = new Set<() => void>();
  private version = 0;

  /** `client` null keeps drafts in memory only (component tests). */
  constructor(
    private readonly client: DraftsClient | null,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever a draft or its state changes. */
  getSnapshot = (): number => this.version;

  /** Reads the drafts kept in the library; on failure none are restored and the error is reported. */
  async load(): Promise<void> {
    if (!this.client) return;
    try {
      for (const d of await this.client.listDrafts({})) {
        const key = draftKey(d);
        this.drafts.set(key, d);
        this.states.set(key, 'saved');
      }
    } catch (err) {
      this.onError(err);
    }
    this.changed();
  }

  get(key: string): Draft | undefined {
    return this.drafts.get(key);
  }

  state(key: string): DraftState {
    return this.states.get(key) ?? 'none';
  }

  /** The drafts of one article, newest first. */
  forArticle(articleId: string): Draft[] {
    return [...this.drafts.values()].filter((d) => d.articleId === articleId).sort((a, b) => (a.saved < b.saved ? 1 : -1));
  }

  /** Keeps what an editor holds now; written to the library after a short pause in typing. */
  put(input: DraftInput): void {
    const key = draftKey(input);
    this.drafts.set(key, { ...input, saved: new Date().toISOString() } as Draft);
    this.states.set(key, 'pending');
    this.changed();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => this.write(key), WRITE_DELAY_MS),
    );
  }

  /** Drops a draft (its edit was saved, or thrown away on purpose). */
  discard(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const had = this.drafts.delete(key);
    this.states.delete(key);
    if (had) this.changed();
    const client = this.client;
    if (!client) return;
    this.queue = this.queue.then(() => client.discardDraft({ key })).catch((err: unknown) => this.onError(err));
  }

  /** Writes every draft still waiting for its pause (the page is being hidden or closed). */
  flush(): void {
    for (const key of [...this.timers.keys()]) this.write(key);
  }

  /** Resolves when every write asked for so far has settled. */
  async idle(): Promise<void> {
    for (;;) {
      const queue = this.queue;
      await queue;
      if (queue === this.queue && this.timers.size === 0) return;
      if (queue === this.queue) await new Promise((r) => setTimeout(r, WRITE_DELAY_MS));
    }
  }

  private write(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const client = this.client;
    const draft = this.drafts.get(key);
    if (!draft) return;
    if (!client) {
      this.states.set(key, 'saved');
      this.changed();
      return;
    }
    const { saved: _saved, ...input } = draft;
    this.queue = this.queue
      .then(() => client.saveDraft({ draft: input as DraftInput }))
      .then(() => {
        // Still the same draft (not discarded or changed meanwhile): it is on disk.
        if (this.drafts.get(key) === draft) {
          this.states.set(key, 'saved');
          this.changed();
        }
      })
      .catch((err: unknown) => this.onError(err));
  }

  private changed(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

const DraftsContext = createContext<DraftBook | null>(null);

export function DraftsProvider({ book, children }: { book: DraftBook; children: ReactNode }) {
  return createElement(DraftsContext.Provider, { value: book }, children);
}

/** The app's draft book, or one kept in memory for this component when there is none (tests). */
export function useDraftBook(): DraftBook {
  const provided = useContext(DraftsContext);
  const [local] = useState(() => new DraftBook(null));
  return provided ?? local;
}
