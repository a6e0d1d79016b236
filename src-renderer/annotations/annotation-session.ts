/**
 * One open article's annotations, without React (after zotero/reader's
 * annotation manager and tldraw's headless editor): the list in text order
 * (orphans last), the colour labels, the tag suggestions, the reader's
 * selection state (selected highlight, open editor, armed re-attach, the last
 * text selection, the last colour used), every change made through the API,
 * and undo/redo of those changes. The view subscribes with
 * `useSyncExternalStore(session.subscribe, session.getSnapshot)`.
 *
 * Changes are optimistic where the result is known in advance (recolour,
 * note, tags, delete, re-attach, colour labels): the list changes at once,
 * the API call follows, and the core's answer replaces the guess. A refused
 * call puts back what was there and is reported in `snapshot.problem` (with
 * the original error, whose `code` the view can localise); the action's
 * promise then resolves to null and nothing is pushed onto the undo stack.
 * Creating waits for the core, which assigns the id; a text edit waits too,
 * since only the core re-anchors.
 *
 * Writes run one at a time, in the order they were asked for, and undo/redo
 * join the same queue, so a quick Ctrl+Z after a change always undoes that
 * change. `idle()` resolves when every write asked for so far has settled.
 *
 * Inverses: create ↔ delete/restore (the same id comes back), update ↔
 * update with the old values, re-attach ↔ re-attach to the old range (or, for
 * a former orphan, restore it as it was), text edit ↔ the reverse edit plus
 * restoring the highlights the edit orphaned, colour labels ↔ the old labels.
 */
import type { Annotation } from '../../src-main/common/annotation';
import type { Api } from '../../src-main/common/api';
import type { Article, ColorKey } from '../../src-main/common/model';
import type { AnnotationExport, AnnotationImportReport, ColorLabels, ReanchorReport } from '../../src-main/common/contract/annotations';
import { describeRange } from '../../src-main/common/anchoring/describe';
import { DEFAULT_LABELS_ZH } from './colors';
import { UndoStack } from './undo-stack';
import { rangeOf, removeAnnotation, sortAnnotations, upsertAnnotation } from './annotation-list';

/** The API methods a session uses (the renderer's client, or a real core in tests). */
export type AnnotationClient = Pick<
  Api,
  | 'listAnnotations'
  | 'createAnnotation'
  | 'updateAnnotation'
  | 'deleteAnnotation'
  | 'restoreAnnotation'
  | 'reattachAnnotation'
  | 'editArticleText'
  | 'getColorLabels'
  | 'setColorLabels'
  | 'libraryInfo'
  | 'exportAnnotations'
  | 'importAnnotations'
>;

/** A range of the article's canonical text, UTF-16 code units, end exclusive. */
export interface TextRange {
  start: number;
  end: number;
}

export interface AnnotationPatch {
  color?: ColorKey;
  note?: string;
  tags?: string[];
}

export type EditorKind = 'note' | 'tags';

/** The annotation whose note or tag editor is open in the panel. */
export interface PanelEditing {
  id: string;
  editor: EditorKind;
}

export type CommandLabel = 'create' | 'update' | 'color' | 'note' | 'tags' | 'delete' | 'reattach' | 'edit' | 'labels';

/** What went wrong, for the view to say: `seq` grows with every problem, so the same error twice is shown twice. */
export interface SessionProblem {
  seq: number;
  action: CommandLabel | 'load' | 'undo' | 'redo' | 'export';
  error: unknown;
}

/** What undo/redo did: the action undone or redone, nothing to do, or a failure (reported in `problem`). */
export type UndoOutcome = CommandLabel | 'nothing' | 'failed';

export interface AnnotationSnapshot {
  /** The article as the session knows it (a text edit here gives a newer revision before the app does). */
  article: Article;
  /** Text order, orphans last. Empty until `loaded`. */
  list: readonly Annotation[];
  byId: ReadonlyMap<string, Annotation>;
  /** The annotations drawn in the text (not orphans), in text order. */
  placed: readonly Annotation[];
  /** True once the list for the article's current revision has arrived. */
  loaded: boolean;
  labels: ColorLabels;
  /** The library's shared tags plus any used here, sorted: suggestions for the tag editor. */
  tags: readonly string[];
  canUndo: boolean;
  canRedo: boolean;
  selectedId: string | null;
  editing: PanelEditing | null;
  /** The orphan waiting for the next selection ("re-attach here"). */
  armedId: string | null;
  /** The last selection made in the text, kept while the user goes to the panel (re-attach). */
  keptRange: TextRange | null;
  /** The colour of the latest highlight or recolour: N and T on a selection use it. */
  lastColor: ColorKey;
  /** True while writes are queued or running. */
  busy: boolean;
  problem: SessionProblem | null;
}

export interface AnnotationSessionOptions {
  api: AnnotationClient;
  /** A list already on its way (see `prefetch.ts`); used once, for the first load. */
  prefetched?: Promise<Annotation[]> | null;
  /** Called after every change the core accepted (the library list recounts tags, the notebook reloads). */
  onWritten?(): void;
  /**
   * The library's tags as the window already knows them (its `libraryInfo`): the session then does not ask
   * `libraryInfo` itself — at 100,000 articles that call costs each opened article its speed. Later values
   * come through `setLibraryTags`.
   */
  libraryTags?: readonly string[] | null;
}

function patchLabel(patch: AnnotationPatch): CommandLabel {
  const keys = Object.keys(patch);
  if (keys.length === 1) return keys[0] === 'color' ? 'color' : keys[0] === 'note' ? 'note' : 'tags';
  return 'update';
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class AnnotationSession {
  private article: Article;
  private list: Annotation[] = [];
  /** The revision the list belongs to; null before the first load. */
  private listRevision: number | null = null;
  private labels: ColorLabels = DEFAULT_LABELS_ZH;
  private libraryTags: string[] = [];
  /** The window hands the library's tags in (`libraryTags` option): not asked of `libraryInfo`. */
  private readonly givenTags: boolean;
  private selectedId: string | null = null;
  private editing: PanelEditing | null = null;
  private armedId: string | null = null;
  private keptRange: TextRange | null = null;
  private lastColor: ColorKey = 'key';
  private problem: SessionProblem | null = null;
  private readonly stack = new UndoStack();
  private readonly api: AnnotationClient;
  private readonly onWritten: () => void;
  private prefetched: Promise<Annotation[]> | null;
  private writes: Promise<unknown> = Promise.resolve();
  private pendingWrites = 0;
  private loading: Promise<void> | null = null;
  /** The latest read of the list, for `idle()`. */
  private reading: Promise<void> = Promise.resolve();
  private problems = 0;
  private listeners = new Set<() => void>();
  private snapshot: AnnotationSnapshot;
  private derived: { list: Annotation[]; libraryTags: string[]; byId: Map<string, Annotation>; placed: Annotation[]; tags: string[] } | null = null;

  constructor(article: Article, options: AnnotationSessionOptions) {
    this.article = article;
    this.api = options.api;
    this.onWritten = options.onWritten ?? (() => undefined);
    this.prefetched = options.prefetched ?? null;
    this.givenTags = !!options.libraryTags;
    if (options.libraryTags) this.libraryTags = [...options.libraryTags];
    this.stack.subscribe(() => this.changed());
    this.snapshot = this.makeSnapshot();
  }

  getSnapshot = (): AnnotationSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get articleId(): string {
    return this.article.id;
  }

  // ---- loading ------------------------------------------------------------

  /**
   * Loads the list, the colour labels and the library's tags (unless handed in); once (later calls return the
   * same promise).
   */
  load(): Promise<void> {
    this.loading ??= Promise.all([this.loadList(), this.loadLabels(), this.givenTags ? null : this.loadTags()]).then(() => undefined);
    return this.loading;
  }

  /** The library's tags as the window now knows them (the suggestions add the tags used in this article). */
  setLibraryTags(tags: readonly string[]): void {
    if (sameTags(tags, this.libraryTags)) return;
    this.libraryTags = [...tags];
    this.changed();
  }

  /** Reads the list again (after an import added annotations to this article, say). */
  reload(): Promise<void> {
    return this.loadList();
  }

  private loadList(): Promise<void> {
    this.reading = this.readList();
    return this.reading;
  }

  private async readList(): Promise<void> {
    const revision = this.article.revision;
    const id = this.article.id;
    const source = this.prefetched ?? this.api.listAnnotations({ articleId: id });
    this.prefetched = null;
    try {
      const list = await source;
      if (this.article.revision !== revision) return; // a newer revision's load is on its way
      this.list = sortAnnotations(list);
    } catch (err) {
      if (this.article.revision !== revision) return;
      this.report('load', err);
    }
    this.listRevision = revision;
    this.changed();
  }

  private async loadLabels(): Promise<void> {
    try {
      this.labels = await this.api.getColorLabels({});
      this.changed();
    } catch (err) {
      this.report('load', err);
    }
  }

  private async loadTags(): Promise<void> {
    try {
      const info = await this.api.libraryInfo({});
      this.libraryTags = info.tags;
      this.changed();
    } catch (err) {
      this.report('load', err);
    }
  }

  /**
   * The app hands in its copy of the article: a newer revision (edited
   * elsewhere, re-imported) replaces the session's and reloads the list; the
   * same revision with other metadata just replaces it; an older one (the app
   * has not yet caught up with an edit made here) is ignored.
   */
  setArticle(next: Article): void {
    if (next.id !== this.article.id) throw new Error(`This session is for article ${this.article.id}, not ${next.id}.`);
    if (next.revision < this.article.revision || next === this.article) return;
    const newer = next.revision > this.article.revision;
    this.article = next;
    this.changed();
    if (newer && this.listRevision !== next.revision) void this.loadList();
  }

  // ---- selection state -------------------------------------------------------

  select(id: string | null): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.changed();
  }

  openEditor(editing: PanelEditing | null): void {
    if (this.editing?.id === editing?.id && this.editing?.editor === editing?.editor) return;
    this.editing = editing;
    this.changed();
  }

  /** Arms re-attaching `id` to the next selection (null disarms). */
  arm(id: string | null): void {
    if (this.armedId === id) return;
    this.armedId = id;
    this.changed();
  }

  keepRange(range: TextRange | null): void {
    if (this.keptRange?.start === range?.start && this.keptRange?.end === range?.end) return;
    this.keptRange = range;
    this.changed();
  }

  // ---- changes -------------------------------------------------------------------

  /** Highlights a range; the new highlight becomes selected, with its note or tag editor open if asked. */
  create(range: TextRange, color: ColorKey, then?: EditorKind): Promise<Annotation | null> {
    const aid = this.article.id;
    return this.enqueue('create', async () => {
      const created = await this.api.createAnnotation({ articleId: aid, start: range.start, end: range.end, color });
      this.setList(upsertAnnotation(this.list, created));
      this.rememberTags(created.tags);
      this.lastColor = color;
      this.selectedId = created.id;
      if (then) this.editing = { id: created.id, editor: then };
      let removed = created;
      this.stack.push({
        label: 'create',
        undo: () =>
          this.guarded(
            [created.id],
            (l) => removeAnnotation(l, created.id),
            async () => {
              removed = await this.api.deleteAnnotation({ articleId: aid, id: created.id });
            },
          ),
        redo: () =>
          this.guarded([created.id], null, async () => {
            this.setList(upsertAnnotation(this.list, await this.api.restoreAnnotation({ annotation: removed })));
          }),
      });
      this.changed();
      return created;
    });
  }

  /** Changes colour, note and/or tags (only what differs is sent; nothing to change resolves to the annotation as it is). */
  update(id: string, patch: AnnotationPatch): Promise<Annotation | null> {
    const before = this.find(id);
    const label = patchLabel(patch);
    if (!before) return this.fail(label, new Error(`No annotation ${id} on this article.`));
    const changes: AnnotationPatch = {};
    const old: AnnotationPatch = {};
    if (patch.color !== undefined && patch.color !== before.color) {
      changes.color = patch.color;
      old.color = before.color;
    }
    if (patch.note !== undefined && patch.note !== before.note) {
      changes.note = patch.note;
      old.note = before.note;
    }
    if (patch.tags !== undefined && !sameTags(patch.tags, before.tags)) {
      changes.tags = patch.tags;
      old.tags = before.tags;
    }
    if (Object.keys(changes).length === 0) return Promise.resolve(before);
    if (changes.color) this.lastColor = changes.color;
    const aid = this.article.id;
    const send = (values: AnnotationPatch) => async () => {
      const next = await this.api.updateAnnotation({ articleId: aid, id, ...values });
      this.setList(upsertAnnotation(this.list, next));
      if (values.tags) this.rememberTags(next.tags);
      return next;
    };
    const guess = (values: AnnotationPatch) => (l: Annotation[]) => {
      const now = l.find((a) => a.id === id);
      return now ? upsertAnnotation(l, { ...now, ...values }) : l;
    };
    const rollback = this.begin([id], guess(changes));
    return this.enqueue(label, async () => {
      let updated: Annotation;
      try {
        updated = await send(changes)();
      } catch (err) {
        rollback();
        throw err;
      }
      this.stack.push({
        label: patchLabel(changes),
        undo: () => this.guarded([id], guess(old), send(old)).then(() => undefined),
        redo: () => this.guarded([id], guess(changes), send(changes)).then(() => undefined),
      });
      return updated;
    });
  }

  remove(id: string): Promise<Annotation | null> {
    const before = this.find(id);
    if (!before) return this.fail('delete', new Error(`No annotation ${id} on this article.`));
    const aid = this.article.id;
    const wasSelected = this.selectedId === id;
    const wasEditing = this.editing?.id === id ? this.editing : null;
    const rollback = this.begin([id], (l) => removeAnnotation(l, id));
    return this.enqueue('delete', async () => {
      let deleted: Annotation;
      try {
        deleted = await this.api.deleteAnnotation({ articleId: aid, id });
      } catch (err) {
        rollback();
        if (wasSelected && this.selectedId === null) this.selectedId = id;
        if (wasEditing && this.editing === null) this.editing = wasEditing;
        throw err;
      }
      this.stack.push({
        label: 'delete',
        undo: () =>
          this.guarded(
            [id],
            (l) => upsertAnnotation(l, deleted),
            async () => {
              this.setList(upsertAnnotation(this.list, await this.api.restoreAnnotation({ annotation: deleted })));
            },
          ),
        redo: () =>
          this.guarded(
            [id],
            (l) => removeAnnotation(l, id),
            async () => {
              deleted = await this.api.deleteAnnotation({ articleId: aid, id });
            },
          ),
      });
      return deleted;
    });
  }

  /** Moves an annotation (an orphan, usually) to a new range of the text; it becomes selected. */
  reattach(id: string, range: TextRange): Promise<Annotation | null> {
    const before = this.find(id);
    if (!before) return this.fail('reattach', new Error(`No annotation ${id} on this article.`));
    const aid = this.article.id;
    const placedAt = (r: TextRange) => (l: Annotation[]) => {
      const now = l.find((a) => a.id === id);
      if (!now) return l;
      const { orphan: _orphan, orphanReason: _reason, ...rest } = now;
      return upsertAnnotation(l, { ...rest, target: { selector: describeRange(this.article.text, r.start, r.end) } });
    };
    const send = (r: TextRange) => async () => {
      const next = await this.api.reattachAnnotation({ articleId: aid, id, start: r.start, end: r.end });
      this.setList(upsertAnnotation(this.list, next));
      return next;
    };
    const rollback = this.begin([id], placedAt(range));
    const wasArmed = this.armedId;
    this.armedId = null;
    this.keptRange = null;
    this.selectedId = id;
    this.changed();
    return this.enqueue('reattach', async () => {
      let updated: Annotation;
      try {
        updated = await send(range)();
      } catch (err) {
        rollback();
        if (this.armedId === null) this.armedId = wasArmed;
        throw err;
      }
      this.stack.push({
        label: 'reattach',
        // A former orphan goes back to being one (restore re-anchors and flags it); a placed one to its old range.
        undo: () =>
          before.orphan
            ? this.guarded(
                [id],
                (l) => upsertAnnotation(l, before),
                async () => {
                  this.setList(upsertAnnotation(this.list, await this.api.restoreAnnotation({ annotation: before })));
                },
              )
            : this.guarded([id], placedAt(rangeOf(before)), send(rangeOf(before))).then(() => undefined),
        redo: () => this.guarded([id], placedAt(range), send(range)).then(() => undefined),
      });
      return updated;
    });
  }

  /**
   * Replaces `text.slice(start, end)` of the article (UTF-16 offsets) with
   * `text`; the core re-anchors every annotation and the list is read again.
   */
  editText(start: number, end: number, text: string): Promise<ReanchorReport | null> {
    const oldText = this.article.text.slice(start, end);
    return this.enqueue('edit', async () => {
      const before = this.list;
      const { report } = await this.edit(start, end, text);
      await this.replaceList();
      this.stack.push({
        label: 'edit',
        undo: async () => {
          await this.edit(start, start + text.length, oldText);
          const now = await this.replaceList();
          // Highlights the edit orphaned come back as they were, anchored in the restored text.
          const lost = before.filter((a) => !a.orphan && now.find((n) => n.id === a.id)?.orphan);
          for (const a of lost) await this.api.restoreAnnotation({ annotation: a });
          if (lost.length) await this.replaceList();
        },
        redo: async () => {
          await this.edit(start, end, text);
          await this.replaceList();
        },
      });
      return report;
    });
  }

  /** Renames colours (only the ones given). */
  setLabels(next: Partial<ColorLabels>): Promise<ColorLabels | null> {
    if (Object.keys(next).length === 0) return Promise.resolve(this.labels);
    const old = this.labels;
    const send = (values: Partial<ColorLabels>) => async () => {
      this.labels = await this.api.setColorLabels({ labels: values });
      this.changed();
      return this.labels;
    };
    const guess = (values: Partial<ColorLabels>) => () => {
      const previous = this.labels;
      this.labels = { ...this.labels, ...values };
      this.changed();
      return () => {
        this.labels = previous;
        this.changed();
      };
    };
    const rollback = guess(next)();
    return this.enqueue('labels', async () => {
      let result: ColorLabels;
      try {
        result = await send(next)();
      } catch (err) {
        rollback();
        throw err;
      }
      this.stack.push({
        label: 'labels',
        undo: async () => {
          const back = guess(old)();
          await send(old)().catch((err: unknown) => {
            back();
            throw err;
          });
        },
        redo: async () => {
          const back = guess(next)();
          await send(next)().catch((err: unknown) => {
            back();
            throw err;
          });
        },
      });
      return result;
    });
  }

  /**
   * This article's annotations as a file (W3C JSON-LD, our JSON, Markdown),
   * after every change asked for so far has been saved; null after a
   * reported failure.
   */
  async exportFile(format: 'w3c' | 'json' | 'md'): Promise<AnnotationExport | null> {
    await this.idle();
    try {
      return await this.api.exportAnnotations({ articleId: this.article.id, format });
    } catch (err) {
      this.report('export', err);
      return null;
    }
  }

  /**
   * Imports an annotation file into the library (annotations of any article
   * it matches) and reads this article's list again if it received some.
   * Rejects with the core's error, for the caller to say which file failed.
   */
  async importFile(content: string): Promise<AnnotationImportReport> {
    await this.idle();
    const report = await this.api.importAnnotations({ content });
    this.onWritten();
    await this.noteImported(report);
    return report;
  }

  /** After an import (here or from the import dialog): reads the list again if this article received annotations. */
  async noteImported(report: AnnotationImportReport): Promise<void> {
    if (report.articles.some((a) => a.articleId === this.article.id && a.imported > 0)) await this.reload();
  }

  undo(): Promise<UndoOutcome> {
    return this.history('undo');
  }

  redo(): Promise<UndoOutcome> {
    return this.history('redo');
  }

  /** Resolves when every write asked for so far (and any load under way) has settled. */
  async idle(): Promise<void> {
    for (;;) {
      const writes = this.writes;
      const reading = this.reading;
      await Promise.all([writes, this.loading, reading]);
      if (writes === this.writes && reading === this.reading) return;
    }
  }

  // ---- internals -------------------------------------------------------------------

  private history(direction: 'undo' | 'redo'): Promise<UndoOutcome> {
    const run = this.enqueue(direction, async () => {
      const done = direction === 'undo' ? await this.stack.undo() : await this.stack.redo();
      return done ? (done.label as CommandLabel) : 'nothing';
    });
    return run.then((outcome) => outcome ?? 'failed');
  }

  /** Runs `task` after every earlier write; a failure is reported and resolves to null. */
  private enqueue<T>(action: SessionProblem['action'], task: () => Promise<T>): Promise<T | null> {
    this.pendingWrites++;
    this.changed();
    const result = this.writes.then(task).then(
      (value) => {
        if (action !== 'export') this.onWritten();
        return value;
      },
      (err: unknown) => {
        this.report(action, err);
        return null;
      },
    );
    this.writes = result.finally(() => {
      this.pendingWrites--;
      this.changed();
    });
    return result;
  }

  private fail(action: SessionProblem['action'], err: unknown): Promise<null> {
    this.report(action, err);
    return Promise.resolve(null);
  }

  /**
   * Applies a guess to the list now and returns how to take it back: the
   * touched annotations return to what they were, whatever else changed
   * meanwhile stays.
   */
  private begin(ids: string[], guess: ((list: Annotation[]) => Annotation[]) | null): () => void {
    const before = new Map(ids.map((id) => [id, this.find(id)]));
    if (guess) this.setList(guess(this.list));
    return () => {
      let list = this.list;
      for (const [id, was] of before) list = was ? upsertAnnotation(list, was) : removeAnnotation(list, id);
      this.setList(list);
    };
  }

  /** A guess plus the call that confirms it, taken back (and rethrown) when the call fails: for undo/redo steps. */
  private async guarded<T>(ids: string[], guess: ((list: Annotation[]) => Annotation[]) | null, call: () => Promise<T>): Promise<void> {
    const rollback = this.begin(ids, guess);
    try {
      await call();
    } catch (err) {
      rollback();
      throw err;
    }
  }

  private async edit(start: number, end: number, text: string) {
    const result = await this.api.editArticleText({ id: this.article.id, start, end, text });
    // The list is re-read right after; mark it as belonging to the new revision so it is not loaded twice.
    this.article = result.article;
    this.listRevision = result.article.revision;
    this.changed();
    return result;
  }

  private async replaceList(): Promise<Annotation[]> {
    const list = sortAnnotations(await this.api.listAnnotations({ articleId: this.article.id }));
    this.listRevision = this.article.revision;
    this.setList(list);
    return list;
  }

  private find(id: string): Annotation | null {
    return this.list.find((a) => a.id === id) ?? null;
  }

  private setList(list: Annotation[]): void {
    this.list = list;
    // What went away (deleted, undone) is no longer selected or edited.
    if (this.selectedId && !list.some((a) => a.id === this.selectedId)) this.selectedId = null;
    if (this.editing && !list.some((a) => a.id === this.editing!.id)) this.editing = null;
    this.changed();
  }

  private rememberTags(tags: readonly string[]): void {
    if (tags.some((t) => !this.libraryTags.includes(t))) this.libraryTags = [...new Set([...this.libraryTags, ...tags])];
  }

  private report(action: SessionProblem['action'], error: unknown): void {
    this.problem = { seq: ++this.problems, action, error };
    this.changed();
  }

  private derive() {
    if (this.derived && this.derived.list === this.list && this.derived.libraryTags === this.libraryTags) return this.derived;
    const used = this.list.flatMap((a) => a.tags);
    this.derived = {
      list: this.list,
      libraryTags: this.libraryTags,
      byId: new Map(this.list.map((a) => [a.id, a])),
      placed: this.list.filter((a) => !a.orphan),
      tags: [...new Set([...this.libraryTags, ...used])].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN')),
    };
    return this.derived;
  }

  private makeSnapshot(): AnnotationSnapshot {
    const loaded = this.listRevision !== null && this.listRevision === this.article.revision;
    const d = this.derive();
    return {
      article: this.article,
      list: loaded ? d.list : EMPTY,
      byId: loaded ? d.byId : EMPTY_MAP,
      placed: loaded ? d.placed : EMPTY,
      loaded,
      labels: this.labels,
      tags: d.tags,
      canUndo: this.stack.canUndo,
      canRedo: this.stack.canRedo,
      selectedId: this.selectedId,
      editing: this.editing,
      armedId: this.armedId,
      keptRange: this.keptRange,
      lastColor: this.lastColor,
      busy: this.pendingWrites > 0,
      problem: this.problem,
    };
  }

  private changed(): void {
    this.snapshot = this.makeSnapshot();
    for (const listener of this.listeners) listener();
  }
}

const EMPTY: Annotation[] = [];
const EMPTY_MAP: ReadonlyMap<string, Annotation> = new Map();
