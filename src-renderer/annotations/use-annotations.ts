/**
 * The reader's annotation state for one article: the list (text order,
 * orphans last), colour labels, the library's shared tags, and every change
 * made through the API with its inverse pushed onto that article's undo
 * stack. The core owns storage; this hook only mirrors what the API returns.
 *
 * Inverses: create ↔ delete/restore (the same id comes back), update ↔
 * update with the old values, re-attach ↔ re-attach to the old range (or, for
 * a former orphan, restore it as it was), text edit ↔ the reverse edit plus
 * restoring the highlights the edit orphaned, colour labels ↔ the old labels.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import type { Article, ColorKey } from '../../src-main/common/model';
import type { ColorLabels, ReanchorReport } from '../../src-main/common/contract/annotations';
import { api } from '../api-client';
import { takePrefetchedAnnotations } from './prefetch';
import { DEFAULT_LABELS_ZH } from './colors';
import { UndoStack, type Command } from './undo-stack';
import { rangeOf, removeAnnotation, sortAnnotations, upsertAnnotation } from './annotation-list';

export interface AnnotationPatch {
  color?: ColorKey;
  note?: string;
  tags?: string[];
}

export type CommandLabel = 'create' | 'update' | 'color' | 'note' | 'tags' | 'delete' | 'reattach' | 'edit' | 'labels';

export interface AnnotationsApi {
  /** The article these annotations belong to, once loaded. */
  articleId: string | null;
  list: Annotation[];
  /** True once the list for the current article (and revision) has arrived. */
  loaded: boolean;
  labels: ColorLabels;
  /** The library's shared tags plus any used here: suggestions for the tag editor. */
  tags: string[];
  canUndo: boolean;
  canRedo: boolean;
  create(range: { start: number; end: number }, color: ColorKey, extra?: { note?: string; tags?: string[] }): Promise<Annotation>;
  update(id: string, patch: AnnotationPatch): Promise<Annotation>;
  remove(id: string): Promise<Annotation>;
  reattach(id: string, range: { start: number; end: number }): Promise<Annotation>;
  editText(start: number, end: number, text: string): Promise<ReanchorReport>;
  setLabels(labels: Partial<ColorLabels>): Promise<void>;
  undo(): Promise<Command | null>;
  redo(): Promise<Command | null>;
  reload(): Promise<void>;
}

interface ListState {
  key: string | null;
  articleId: string | null;
  list: Annotation[];
}

function articleKey(article: Article | null): string | null {
  return article ? `${article.id}@${article.revision}` : null;
}

function patchLabel(patch: AnnotationPatch): CommandLabel {
  const keys = Object.keys(patch);
  if (keys.length === 1) return keys[0] === 'color' ? 'color' : keys[0] === 'note' ? 'note' : 'tags';
  return 'update';
}

export function useAnnotations(article: Article | null, onArticleChanged?: (article: Article) => void): AnnotationsApi {
  const [state, setState] = useState<ListState>({ key: null, articleId: null, list: [] });
  const [labels, setLabelsState] = useState<ColorLabels>(DEFAULT_LABELS_ZH);
  const [libraryTags, setLibraryTags] = useState<string[]>([]);
  const stacks = useRef(new Map<string, UndoStack>());
  const stateRef = useRef(state);
  stateRef.current = state;
  const articleRef = useRef(article);
  articleRef.current = article;
  const changedRef = useRef(onArticleChanged);
  changedRef.current = onArticleChanged;
  const [, bump] = useReducer((n: number) => n + 1, 0);

  const stackFor = useCallback((articleId: string) => {
    let stack = stacks.current.get(articleId);
    if (!stack) {
      stack = new UndoStack();
      stacks.current.set(articleId, stack);
    }
    return stack;
  }, []);

  const key = articleKey(article);
  const articleId = article?.id ?? null;

  // Re-render when the current article's stack changes (for the undo/redo buttons).
  useEffect(() => {
    if (!articleId) return;
    return stackFor(articleId).subscribe(bump);
  }, [articleId, stackFor]);

  /** Applies a change to the list only if it is still the list of `forArticle`. */
  const apply = useCallback((forArticle: string, change: (list: Annotation[]) => Annotation[]) => {
    setState((s) => (s.articleId === forArticle ? { ...s, list: change(s.list) } : s));
  }, []);

  const load = useCallback(async (forKey: string, forArticle: string) => {
    const list = await (takePrefetchedAnnotations(forArticle) ?? api.listAnnotations({ articleId: forArticle }));
    setState((s) => (articleKey(articleRef.current) === forKey ? { key: forKey, articleId: forArticle, list: sortAnnotations(list) } : s));
  }, []);

  useEffect(() => {
    if (!key || !articleId) {
      setState({ key: null, articleId: null, list: [] });
      return;
    }
    // Already current (a text edit here re-read the list itself).
    if (stateRef.current.key === key) return;
    load(key, articleId).catch(() => setState({ key, articleId, list: [] }));
  }, [key, articleId, load]);

  useEffect(() => {
    let live = true;
    api.getColorLabels({}).then((l) => live && setLabelsState(l)).catch(() => undefined);
    api.libraryInfo({}).then((info) => live && setLibraryTags(info.tags)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const rememberTags = useCallback((tags: string[]) => {
    if (tags.length) setLibraryTags((known) => (tags.every((t) => known.includes(t)) ? known : [...new Set([...known, ...tags])]));
  }, []);

  const requireArticle = useCallback((): Article => {
    const current = articleRef.current;
    if (!current) throw new Error('No article is open.');
    return current;
  }, []);

  const findNow = useCallback(
    (id: string): Annotation => {
      const found = stateRef.current.list.find((a) => a.id === id);
      if (!found) throw new Error(`No annotation ${id} on this article.`);
      return found;
    },
    [],
  );
  const create = useCallback<AnnotationsApi['create']>(
    async (range, color, extra = {}) => {
      const { id: aid } = requireArticle();
      const created = await api.createAnnotation({ articleId: aid, start: range.start, end: range.end, color, ...extra });
      apply(aid, (l) => upsertAnnotation(l, created));
      rememberTags(created.tags);
      let removed = created;
      stackFor(aid).push({
        label: 'create',
        undo: async () => {
          removed = await api.deleteAnnotation({ articleId: aid, id: created.id });
          apply(aid, (l) => removeAnnotation(l, created.id));
        },
        redo: async () => {
          const back = await api.restoreAnnotation({ annotation: removed });
          apply(aid, (l) => upsertAnnotation(l, back));
        },
      });
      return created;
    },
    [apply, rememberTags, requireArticle, stackFor],
  );

  const update = useCallback<AnnotationsApi['update']>(
    async (id, patch) => {
      const { id: aid } = requireArticle();
      const before = findNow(id);
      const old: AnnotationPatch = {};
      if (patch.color !== undefined) old.color = before.color;
      if (patch.note !== undefined) old.note = before.note;
      if (patch.tags !== undefined) old.tags = before.tags;
      const updated = await api.updateAnnotation({ articleId: aid, id, ...patch });
      apply(aid, (l) => upsertAnnotation(l, updated));
      if (patch.tags) rememberTags(updated.tags);
      const run = async (values: AnnotationPatch) => {
        const next = await api.updateAnnotation({ articleId: aid, id, ...values });
        apply(aid, (l) => upsertAnnotation(l, next));
      };
      stackFor(aid).push({ label: patchLabel(patch), undo: () => run(old), redo: () => run(patch) });
      return updated;
    },
    [apply, findNow, rememberTags, requireArticle, stackFor],
  );

  const remove = useCallback<AnnotationsApi['remove']>(
    async (id) => {
      const { id: aid } = requireArticle();
      let deleted = await api.deleteAnnotation({ articleId: aid, id });
      apply(aid, (l) => removeAnnotation(l, id));
      stackFor(aid).push({
        label: 'delete',
        undo: async () => {
          const back = await api.restoreAnnotation({ annotation: deleted });
          apply(aid, (l) => upsertAnnotation(l, back));
        },
        redo: async () => {
          deleted = await api.deleteAnnotation({ articleId: aid, id });
          apply(aid, (l) => removeAnnotation(l, id));
        },
      });
      return deleted;
    },
    [apply, requireArticle, stackFor],
  );

  const reattach = useCallback<AnnotationsApi['reattach']>(
    async (id, range) => {
      const { id: aid } = requireArticle();
      const before = findNow(id);
      const updated = await api.reattachAnnotation({ articleId: aid, id, start: range.start, end: range.end });
      apply(aid, (l) => upsertAnnotation(l, updated));
      stackFor(aid).push({
        label: 'reattach',
        undo: async () => {
          // A former orphan goes back to being one (restore re-anchors and flags it); a placed one to its old range.
          const back = before.orphan
            ? await api.restoreAnnotation({ annotation: before })
            : await api.reattachAnnotation({ articleId: aid, id, ...rangeOf(before) });
          apply(aid, (l) => upsertAnnotation(l, back));
        },
        redo: async () => {
          const again = await api.reattachAnnotation({ articleId: aid, id, start: range.start, end: range.end });
          apply(aid, (l) => upsertAnnotation(l, again));
        },
      });
      return updated;
    },
    [apply, findNow, requireArticle, stackFor],
  );

  const replaceList = useCallback(async (aid: string) => {
    const list = sortAnnotations(await api.listAnnotations({ articleId: aid }));
    setState((s) => (s.articleId === aid ? { ...s, key: articleKey(articleRef.current), list } : s));
    return list;
  }, []);

  const editText = useCallback<AnnotationsApi['editText']>(
    async (start, end, text) => {
      const current = requireArticle();
      const aid = current.id;
      const oldText = current.text.slice(start, end);
      const before = stateRef.current.list;
      const edit = async (s: number, e: number, replacement: string) => {
        const result = await api.editArticleText({ id: aid, start: s, end: e, text: replacement });
        // Mark the list as belonging to the new revision before the app swaps the article in, so it is not reloaded twice.
        setState((st) => (st.articleId === aid ? { ...st, key: articleKey(result.article) } : st));
        changedRef.current?.(result.article);
        articleRef.current = result.article;
        return result;
      };
      const { report } = await edit(start, end, text);
      await replaceList(aid);
      stackFor(aid).push({
        label: 'edit',
        undo: async () => {
          await edit(start, start + text.length, oldText);
          const now = await replaceList(aid);
          // Highlights the edit orphaned come back as they were, anchored in the restored text.
          const lost = before.filter((a) => !a.orphan && now.find((n) => n.id === a.id)?.orphan);
          for (const a of lost) await api.restoreAnnotation({ annotation: a });
          if (lost.length) await replaceList(aid);
        },
        redo: async () => {
          await edit(start, end, text);
          await replaceList(aid);
        },
      });
      return report;
    },
    [replaceList, requireArticle, stackFor],
  );

  const setLabels = useCallback<AnnotationsApi['setLabels']>(
    async (next) => {
      const { id: aid } = requireArticle();
      const old = labels;
      setLabelsState(await api.setColorLabels({ labels: next }));
      const run = async (values: Partial<ColorLabels>) => setLabelsState(await api.setColorLabels({ labels: values }));
      stackFor(aid).push({ label: 'labels', undo: () => run(old), redo: () => run(next) });
    },
    [labels, requireArticle, stackFor],
  );

  const undo = useCallback(async () => (articleRef.current ? stackFor(articleRef.current.id).undo() : null), [stackFor]);
  const redo = useCallback(async () => (articleRef.current ? stackFor(articleRef.current.id).redo() : null), [stackFor]);
  const reload = useCallback(async () => {
    if (articleRef.current) await replaceList(articleRef.current.id);
  }, [replaceList]);

  const loaded = state.key !== null && state.key === key;
  const list = loaded ? state.list : EMPTY;
  const tags = useMemo(() => {
    const used = list.flatMap((a) => a.tags);
    return [...new Set([...libraryTags, ...used])].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));
  }, [libraryTags, list]);
  const stack = articleId ? stackFor(articleId) : null;

  return {
    articleId: loaded ? state.articleId : null,
    list,
    loaded,
    labels,
    tags,
    canUndo: !!stack?.canUndo,
    canRedo: !!stack?.canRedo,
    create,
    update,
    remove,
    reattach,
    editText,
    setLabels,
    undo,
    redo,
    reload,
  };
}

const EMPTY: Annotation[] = [];
