/**
 * The reader pane: one article with its metadata line and structured body,
 * its highlights painted in, the selection toolbar, the annotation panel
 * beside it, in-place text correction, and undo/redo of every annotation
 * action.
 *
 * Who does what: `use-annotations` talks to the API and keeps the undo
 * stacks; `paint.ts`/`HighlightedText` draw highlights block by block
 * (memoised, so a change repaints only the blocks it touches);
 * `dom-offsets.ts` turns the DOM selection into canonical text offsets. This
 * component wires them to the mouse and the keyboard:
 *
 *   select text → toolbar; 1–5 colour, N note, T tag, C copy with citation
 *   click / Tab to a highlight → toolbar; arrows move between highlights;
 *     1–5 recolour, N, T, C, Delete removes it
 *   Ctrl/Cmd+Z undo, Ctrl+Shift+Z / Ctrl+Y redo (outside text fields)
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent as ReactMouseEvent } from 'react';
import type { Article, Block } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';
import { api, saveBytes } from '../api-client';
import { ArticleBody } from './ArticleBody';
import { marksByBlock } from '../../src-main/common/marks';
import { errorText } from '../i18n/error-text';
import { BlockEditor } from './BlockEditor';
import { ReaderNotice, type Notice } from './ReaderNotice';
import { useStableCallback } from './use-stable-callback';
import { minimalReplacement, normaliseBlockText } from './text-edit';
import { useAnnotations, type CommandLabel } from '../annotations/use-annotations';
import { paintBlocks, type PaintCache } from '../annotations/paint';
import { HighlightedText } from '../annotations/HighlightedText';
import { SelectionToolbar, type ToolbarPosition } from '../annotations/SelectionToolbar';
import { AnnotationPanel, type PanelEditing } from '../annotations/AnnotationPanel';
import { AddToBriefingDialog } from '../annotations/AddToBriefingDialog';
import { ImportAnnotationsDialog } from '../annotations/ImportAnnotationsDialog';
import { selectionOffsets, type TextRange } from '../annotations/dom-offsets';
import { intersects } from '../annotations/segments';
import { colorForDigit, type ColorKey } from '../annotations/colors';
import { quoteWithCitation, copyText } from '../annotations/citation';
import { quoteOf, rangeOf } from '../annotations/annotation-list';
import type { ExportFormat } from '../annotations/ExportMenu';
import type { StringKey } from '../i18n/strings';
import type { AnnotationImportReport, ColorLabels } from '../../src-main/common/contract/annotations';

import type { ReaderFocus } from '../app/App';

interface Props {
  article: Article | null;
  loading: boolean;
  /** Scroll to and mark this range / annotation once the article is shown. */
  focus?: ReaderFocus | null;
  /** The article's text changed here (an edit); the app keeps its copy in step. */
  onArticleChanged?(article: Article): void;
}

export function Reader({ article, loading, focus, onArticleChanged }: Props) {
  const { t } = useI18n();
  if (!article) {
    return <main className="reader reader-empty">{loading ? t('reader.loading') : t('reader.empty')}</main>;
  }
  // One view per article: selection, toolbar and painting state start fresh (undo history is kept per article).
  return <ReaderView key={article.id} article={article} focus={focus ?? null} onArticleChanged={onArticleChanged} />;
}

const PANEL_KEY = 'briefing-desk-annotation-panel';
const FLASH_MS = 1600;

interface ToolbarState {
  mode: 'selection' | 'highlight';
  position: ToolbarPosition;
}

function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}

/** Line boxes of a range or element; none where there is no layout (tests). */
function clientRects(target: Range | Element): DOMRect[] {
  return typeof target.getClientRects === 'function' ? [...target.getClientRects()] : [];
}

function attrValue(id: string): string {
  return id.replace(/["\\]/g, '\\$&');
}

const ACTION_KEYS: Record<CommandLabel, StringKey> = {
  create: 'annot.action.create',
  update: 'annot.action.update',
  color: 'annot.action.color',
  note: 'annot.action.note',
  tags: 'annot.action.tags',
  delete: 'annot.action.delete',
  reattach: 'annot.action.reattach',
  edit: 'annot.action.edit',
  labels: 'annot.action.labels',
};

function ReaderView({ article: fromApp, focus, onArticleChanged }: { article: Article; focus: ReaderFocus | null; onArticleChanged?(article: Article): void }) {
  const { t, locale } = useI18n();
  // The text may be edited here before the app hands the new revision back.
  const [edited, setEdited] = useState<Article | null>(null);
  const article = edited && edited.revision > fromApp.revision ? edited : fromApp;
  const changedRef = useRef(onArticleChanged);
  changedRef.current = onArticleChanged;
  const onChanged = useCallback((next: Article) => {
    setEdited(next);
    changedRef.current?.(next);
  }, []);
  const ann = useAnnotations(article, onChanged);

  const scrollRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const [selRange, setSelRange] = useState<TextRange | null>(null);
  /** The last selection made in the text, kept while the user goes to the panel (re-attach). */
  const [keptRange, setKeptRange] = useState<TextRange | null>(null);
  const [toolbar, setToolbar] = useState<ToolbarState | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<PanelEditing | null>(null);
  const [editMode, setEditMode] = useState(false);
  const [editBlock, setEditBlock] = useState<number | null>(null);
  const [editBusy, setEditBusy] = useState(false);
  const [panelOpen, setPanelOpen] = useState(() => localStorage.getItem(PANEL_KEY) !== 'closed');
  const [notice, setNotice] = useState<Notice | null>(null);
  const [focusRange, setFocusRange] = useState<TextRange | null>(null);
  const [briefingIds, setBriefingIds] = useState<string[] | null>(null);
  const [armedId, setArmedId] = useState<string | null>(null);
  const [imported, setImported] = useState<{ fileName: string; content: string; report: AnnotationImportReport } | null>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const lastColor = useRef<ColorKey>('key');
  const noticeId = useRef(0);
  const focusing = useRef<string | null>(null);

  const body = useCallback(() => measureRef.current?.querySelector<HTMLElement>('article.article-body') ?? null, []);
  const say = useCallback((text: string, extra: Partial<Omit<Notice, 'id' | 'text'>> = {}) => {
    setNotice({ id: ++noticeId.current, text, ...extra });
  }, []);
  const fail = useCallback((err: unknown) => say(errorText(err, locale), { kind: 'error' }), [say, locale]);
  const dismiss = useCallback(() => setNotice(null), []);

  useEffect(() => localStorage.setItem(PANEL_KEY, panelOpen ? 'open' : 'closed'), [panelOpen]);

  // ---- painting ---------------------------------------------------------
  const paintCache = useRef<PaintCache>(new Map());
  const painted = useMemo(() => paintBlocks(article.blocks, ann.list, focusRange, paintCache.current), [article.blocks, ann.list, focusRange]);
  const byId = useMemo(() => new Map(ann.list.map((a) => [a.id, a])), [ann.list]);
  const placed = useMemo(() => ann.list.filter((a) => !a.orphan), [ann.list]);
  const selected = selectedId ? byId.get(selectedId) ?? null : null;
  const selectedRange = selected && !selected.orphan ? rangeOf(selected) : null;
  // Roving tab stop: the selected highlight, else the first one.
  const tabStop = selected && !selected.orphan ? selected : placed[0] ?? null;
  const tabStopRange = tabStop ? rangeOf(tabStop) : null;
  // Plain values, so that drawing a block reruns only when these change (not on each new range object).
  const selectedStart = selectedRange?.start ?? -1;
  const selectedEnd = selectedRange?.end ?? -1;
  const tabStopId = tabStop?.id ?? null;
  const tabStopStart = tabStopRange?.start ?? -1;

  const saveBlock = useStableCallback(
    async (block: Block, value: string) => {
      const before = article.text.slice(block.start, block.end);
      const next = normaliseBlockText(value);
      if (!next) return say(t('reader.editEmpty'), { kind: 'error' });
      const replacement = minimalReplacement(before, next, block.start);
      if (!replacement) {
        setEditBlock(null);
        return say(t('reader.editUnchanged'));
      }
      setEditBusy(true);
      try {
        const report = await ann.editText(replacement.start, replacement.end, replacement.text);
        setEditBlock(null);
        say(t('reader.editSaved', { moved: report.moved, orphaned: report.orphaned }), {
          action: { label: t('reader.undo'), run: () => void undoRef.current() },
        });
        if (report.orphaned > 0) setPanelOpen(true);
      } catch (err) {
        fail(err);
      } finally {
        setEditBusy(false);
      }
    },
  );

  const blockMarks = useMemo(() => marksByBlock(article.blocks, article.marks), [article.blocks, article.marks]);
  const renderSpan = useCallback(
    (block: Block, index: number) => {
      if (index === editBlock) {
        return (
          <BlockEditor
            initial={article.text.slice(block.start, block.end)}
            busy={editBusy}
            onSave={(value) => void saveBlock(block, value)}
            onCancel={() => setEditBlock(null)}
          />
        );
      }
      const tabHere = tabStopId !== null && tabStopStart >= block.start && tabStopStart < block.end;
      return (
        <HighlightedText
          text={article.text.slice(block.start, block.end)}
          offset={block.start}
          marks={blockMarks[index]}
          segments={painted[index]}
          selectedId={selectedStart >= 0 && intersects(block, { start: selectedStart, end: selectedEnd }) ? selectedId : null}
          tabStopId={tabHere ? tabStopId : null}
          tabStopStart={tabHere ? tabStopStart : -1}
        />
      );
    },
    [article.text, blockMarks, painted, selectedId, selectedStart, selectedEnd, tabStopId, tabStopStart, editBlock, editBusy, saveBlock],
  );

  // ---- positioning the toolbar -----------------------------------------
  const anchorAt = useCallback((rects: DOMRect[]): ToolbarPosition | null => {
    const measure = measureRef.current;
    const scroller = scrollRef.current;
    const lines = rects.filter((r) => r.width > 0 || r.height > 0);
    if (!measure || !scroller) return null;
    // No layout (e.g. jsdom): put it at the top rather than nowhere.
    if (lines.length === 0) return { placement: 'below', top: 0, left: 0, bound: measure.clientWidth };
    const m = measure.getBoundingClientRect();
    const s = scroller.getBoundingClientRect();
    const first = lines[0];
    const last = lines[lines.length - 1];
    const above = first.top - s.top > 64;
    const line = above ? first : last;
    return {
      placement: above ? 'above' : 'below',
      top: above ? first.top - m.top - 8 : last.bottom - m.top + 8,
      left: (line.left + line.right) / 2 - m.left,
      bound: m.width,
    };
  }, []);

  const firstMark = useCallback(
    (id: string) => body()?.querySelector<HTMLElement>(`mark[data-ids~="${attrValue(id)}"]`) ?? null,
    [body],
  );

  const showHighlightToolbar = useCallback(
    (id: string, el?: HTMLElement | null) => {
      const mark = el ?? firstMark(id);
      const position = mark ? anchorAt(clientRects(mark)) : null;
      setToolbar(position ? { mode: 'highlight', position } : null);
    },
    [anchorAt, firstMark],
  );

  const flash = useCallback(
    (id: string) => {
      const marks = body()?.querySelectorAll<HTMLElement>(`mark[data-ids~="${attrValue(id)}"]`) ?? [];
      for (const mark of marks) {
        mark.classList.remove('hl-flash');
        void mark.offsetWidth; // restart the animation
        mark.classList.add('hl-flash');
        setTimeout(() => mark.classList.remove('hl-flash'), FLASH_MS);
      }
    },
    [body],
  );

  /** Scrolls a highlight into view, flashes it and selects it (panel clicks, focus from the app). */
  const showHighlight = useCallback(
    (id: string) => {
      const mark = firstMark(id);
      if (!mark) return;
      setSelectedId(id);
      mark.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
      // After the selection repaint, which resets the marks' classes.
      requestAnimationFrame(() => flash(id));
    },
    [firstMark, flash],
  );

  // ---- selection → toolbar ---------------------------------------------
  const editModeRef = useRef(editMode);
  editModeRef.current = editMode;
  const articleRef = useRef(article);
  articleRef.current = article;

  const pointerDown = useRef(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      const root = body();
      if (!root || pointerDown.current) return;
      const selection = window.getSelection();
      const range = editModeRef.current ? null : selectionOffsets(root, articleRef.current.text);
      if (range && selection && selection.rangeCount) {
        setSelRange(range);
        setKeptRange(range);
        setSelectedId(null);
        const position = anchorAt(clientRects(selection.getRangeAt(0)));
        setToolbar(position ? { mode: 'selection', position } : null);
        return;
      }
      setSelRange(null);
      setToolbar((tb) => (tb?.mode === 'selection' ? null : tb));
      // A click in the text (not a trip to the panel) also forgets the kept selection.
      if (selection?.anchorNode && root.contains(selection.anchorNode)) setKeptRange(null);
    };
    const onSelectionChange = () => {
      if (pointerDown.current) return;
      clearTimeout(timer);
      timer = setTimeout(update, 80);
    };
    const onPointerDown = (e: PointerEvent) => {
      if (e.button !== 0 || !body()?.contains(e.target as Node)) return;
      pointerDown.current = true;
      clearTimeout(timer);
    };
    const onPointerUp = () => {
      if (!pointerDown.current) return;
      pointerDown.current = false;
      clearTimeout(timer);
      // The selection is final once the button is up.
      update();
    };
    // Text reflows on resize; a toolbar placed for the old layout would point at the wrong words.
    const onResize = () => setToolbar(null);
    window.addEventListener('resize', onResize);
    document.addEventListener('selectionchange', onSelectionChange);
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('pointerup', onPointerUp, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('resize', onResize);
      document.removeEventListener('selectionchange', onSelectionChange);
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('pointerup', onPointerUp, true);
    };
  }, [anchorAt, body]);

  /** The text selection as it is right now (state can lag a keypress that follows the mouse closely). */
  const liveRange = useCallback((): TextRange | null => {
    const root = body();
    if (!root || editModeRef.current) return null;
    return selectionOffsets(root, articleRef.current.text);
  }, [body]);

  const clearSelection = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setSelRange(null);
    setKeptRange(null);
    setToolbar(null);
  }, []);

  // ---- actions -----------------------------------------------------------
  const highlightRange = useCallback(
    async (range: TextRange, color: ColorKey, then?: 'note' | 'tags') => {
      clearSelection();
      try {
        const created = await ann.create(range, color);
        lastColor.current = color;
        setSelectedId(created.id);
        if (then) {
          setEditing({ id: created.id, editor: then });
          setPanelOpen(true);
        }
      } catch (err) {
        fail(err);
      }
    },
    [ann, clearSelection, fail],
  );

  const recolor = useCallback(
    async (id: string, color: ColorKey) => {
      const a = byId.get(id);
      if (!a || a.color === color) return;
      try {
        await ann.update(id, { color });
        lastColor.current = color;
      } catch (err) {
        fail(err);
      }
    },
    [ann, byId, fail],
  );

  const undoRef = useRef<() => Promise<void>>(async () => undefined);

  const remove = useCallback(
    async (id: string) => {
      try {
        await ann.remove(id);
        setSelectedId((s) => (s === id ? null : s));
        setToolbar(null);
        setEditing((e) => (e?.id === id ? null : e));
        say(t('reader.deleted'), { action: { label: t('reader.undo'), run: () => void undoRef.current() } });
      } catch (err) {
        fail(err);
      }
    },
    [ann, fail, say, t],
  );

  const copyQuote = useCallback(
    async (quote: string) => {
      const ok = await copyText(quoteWithCitation(quote, article.meta));
      say(ok ? t('reader.copied') : t('reader.copyFailed'), ok ? {} : { kind: 'error' });
    },
    [article.meta, say, t],
  );

  const openEditor = useCallback((id: string, editor: PanelEditing['editor']) => {
    setEditing({ id, editor });
    setPanelOpen(true);
    setToolbar(null);
  }, []);

  const reattach = useCallback(
    async (id: string, range: TextRange) => {
      try {
        await ann.reattach(id, range);
        clearSelection();
        setArmedId(null);
        setSelectedId(id);
        say(t('reader.reattached'), { action: { label: t('reader.undo'), run: () => void undoRef.current() } });
      } catch (err) {
        fail(err);
      }
    },
    [ann, clearSelection, fail, say, t],
  );

  const undo = useCallback(async () => {
    try {
      const done = await ann.undo();
      say(done ? t('reader.undone', { action: t(ACTION_KEYS[done.label as CommandLabel] ?? 'annot.action.update') }) : t('reader.nothingToUndo'));
      setToolbar(null);
    } catch (err) {
      fail(err);
    }
  }, [ann, fail, say, t]);
  undoRef.current = undo;

  const redo = useCallback(async () => {
    try {
      const done = await ann.redo();
      say(done ? t('reader.redone', { action: t(ACTION_KEYS[done.label as CommandLabel] ?? 'annot.action.update') }) : t('reader.nothingToRedo'));
      setToolbar(null);
    } catch (err) {
      fail(err);
    }
  }, [ann, fail, say, t]);

  const exportAs = useCallback(
    async (format: ExportFormat) => {
      try {
        const file = await api.exportAnnotations({ articleId: article.id, format });
        const saved = await saveBytes(file.fileName, new TextEncoder().encode(file.content), file.mime);
        if (saved) say(t('reader.exported', { file: file.fileName }));
      } catch (err) {
        fail(err);
      }
    },
    [article.id, fail, say, t],
  );

  // ---- keyboard ------------------------------------------------------------
  const latest = useRef({ selRange, selectedId, byId, toolbar, briefingIds, editBlock });
  latest.current = { selRange, selectedId, byId, toolbar, briefingIds, editBlock };
  const actions = useRef({ highlightRange, recolor, remove, copyQuote, openEditor, undo, redo, clearSelection, liveRange });
  actions.current = { highlightRange, recolor, remove, copyQuote, openEditor, undo, redo, clearSelection, liveRange };
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const s = latest.current;
      const act = actions.current;
      if (e.defaultPrevented || s.briefingIds || isTextField(e.target)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === 'z' || key === 'y')) {
        e.preventDefault();
        if (key === 'y' || e.shiftKey) void act.redo();
        else void act.undo();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      // The rest only where the reader is what the user works in (not e.g. the library list).
      const target = e.target as Node | null;
      const inReader = !target || target === document.body || target === document.documentElement || !!mainRef.current?.contains(target);
      if (!inReader) return;
      const range = act.liveRange() ?? null;
      const selectedAnn = s.selectedId ? s.byId.get(s.selectedId) : undefined;
      const color = colorForDigit(e.key);
      if (color) {
        if (range) void act.highlightRange(range, color);
        else if (selectedAnn) void act.recolor(selectedAnn.id, color);
        else return;
      } else if (key === 'n' || key === 't') {
        const editor = key === 'n' ? 'note' : 'tags';
        if (range) void act.highlightRange(range, lastColor.current, editor);
        else if (selectedAnn) act.openEditor(selectedAnn.id, editor);
        else return;
      } else if (key === 'c' && !e.shiftKey) {
        if (range) void act.copyQuote(articleRef.current.text.slice(range.start, range.end));
        else if (selectedAnn) void act.copyQuote(quoteOf(selectedAnn));
        else return;
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        if (!selectedAnn || range) return;
        void act.remove(selectedAnn.id);
      } else if (e.key === 'Escape') {
        if (!range && !s.toolbar && !s.selectedId) return;
        act.clearSelection();
        setSelectedId(null);
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // ---- clicks, focus and arrows on highlights --------------------------------
  const onBodyClick = (e: ReactMouseEvent) => {
    if (editMode) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && body()?.contains(selection.anchorNode)) return;
    const mark = (e.target as Element).closest?.('mark[data-annotation-id]') as HTMLElement | null;
    if (mark && body()?.contains(mark)) {
      const id = mark.getAttribute('data-annotation-id')!;
      setSelectedId(id);
      showHighlightToolbar(id, mark);
    } else if (body()?.contains(e.target as Node)) {
      setSelectedId(null);
      setToolbar(null);
    }
  };

  const onBodyFocus = (e: FocusEvent) => {
    const mark = (e.target as Element).closest?.('mark[data-annotation-id]') as HTMLElement | null;
    // A press of the mouse is handled on click (it may become a selection that starts on a highlight).
    if (!mark || editMode || pointerDown.current) return;
    const id = focusing.current ?? mark.getAttribute('data-annotation-id')!;
    setSelectedId(id);
    showHighlightToolbar(id, mark);
  };

  const focusHighlight = useCallback(
    (id: string) => {
      const mark = firstMark(id);
      if (!mark) return;
      focusing.current = id;
      mark.focus();
      focusing.current = null;
      setSelectedId(id);
      showHighlightToolbar(id, mark);
    },
    [firstMark, showHighlightToolbar],
  );

  const onBodyKeyDown = (e: ReactKeyboardEvent) => {
    const mark = (e.target as Element).closest?.('mark[data-annotation-id]');
    if (!mark || placed.length === 0) return;
    const index = Math.max(0, placed.findIndex((a) => a.id === selectedId));
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        next = Math.min(placed.length - 1, index + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowUp':
        next = Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = placed.length - 1;
        break;
      case 'Enter':
        e.preventDefault();
        showHighlightToolbar(placed[index].id);
        return;
      default:
        return;
    }
    e.preventDefault();
    focusHighlight(placed[next].id);
  };

  // ---- focus from the app (search hit, briefing item) -------------------------
  const handledFocus = useRef<ReaderFocus | null>(null);
  useEffect(() => {
    if (!focus || handledFocus.current === focus) {
      if (!focus) setFocusRange(null);
      return;
    }
    if (focus.annotationId) {
      if (!ann.loaded) return;
      handledFocus.current = focus;
      const target = byId.get(focus.annotationId);
      if (target && !target.orphan) {
        requestAnimationFrame(() => showHighlight(target.id));
        return;
      }
      if (target?.orphan) {
        setPanelOpen(true);
        setSelectedId(target.id);
        return;
      }
    }
    handledFocus.current = focus;
    if (focus.end > focus.start) setFocusRange({ start: focus.start, end: focus.end });
  }, [focus, ann.loaded, byId, showHighlight]);

  useEffect(() => {
    if (!focusRange) return;
    const mark = body()?.querySelector<HTMLElement>('mark[data-focus], mark.hl-focus');
    mark?.scrollIntoView?.({ block: 'center' });
  }, [focusRange, body]);

  // ---- performance mark after the first paint with highlights -----------------
  const paintedMark = useRef(false);
  useLayoutEffect(() => {
    if (paintedMark.current || !ann.loaded) return;
    paintedMark.current = true;
    const detail = { articleId: article.id, chars: article.text.length, highlights: placed.length };
    requestAnimationFrame(() => setTimeout(() => performance.mark('bd:article-painted', { detail }), 0));
  }, [ann.loaded, article.id, article.text.length, placed.length]);

  // Hide the toolbar of a highlight that went away (deleted, undone).
  useEffect(() => {
    if (selectedId && !byId.has(selectedId)) {
      setSelectedId(null);
      setToolbar((tb) => (tb?.mode === 'highlight' ? null : tb));
    }
  }, [byId, selectedId]);

  // Reposition a highlight toolbar when its highlight is repainted (recoloured, overlapped).
  useLayoutEffect(() => {
    if (toolbar?.mode === 'highlight' && selectedId) showHighlightToolbar(selectedId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [painted]);

  const onEditBlock = useCallback((index: number) => setEditBlock(index), []);
  const onSaveNote = useStableCallback((id: string, note: string) => {
    setEditing(null);
    if (byId.get(id)?.note !== note) ann.update(id, { note }).catch(fail);
  });
  const onSaveTags = useStableCallback((id: string, tags: string[]) => {
    setEditing(null);
    const old = byId.get(id)?.tags ?? [];
    if (old.length !== tags.length || old.some((x, i) => x !== tags[i])) ann.update(id, { tags }).catch(fail);
  });
  const onDelete = useStableCallback((id: string) => void remove(id));
  const onPanelReattach = useStableCallback((id: string) => {
    if (keptRange) void reattach(id, keptRange);
    else {
      setArmedId(id);
      say(t('reader.reattachPick'));
    }
  });
  const onDisarm = useCallback(() => setArmedId(null), []);
  const onSaveLabels = useStableCallback((labels: Partial<ColorLabels>) => {
    if (Object.keys(labels).length) ann.setLabels(labels).catch(fail);
  });
  const onExport = useStableCallback((format: ExportFormat) => void exportAs(format));
  const onImport = useStableCallback(() => importInput.current?.click());
  /** After any import: reload this article's annotations if it received some. */
  const afterImport = useStableCallback((report: AnnotationImportReport) => {
    if (report.articles.some((a) => a.articleId === article?.id && a.imported > 0)) void ann.reload();
  });
  const importFile = useStableCallback(async (file: File) => {
    if (file.size > 50 * 1024 * 1024) return say(t('annot.importTooLarge', { file: file.name }), { kind: 'error' });
    try {
      const content = await file.text();
      const report = await api.importAnnotations({ content });
      afterImport(report);
      setImported({ fileName: file.name, content, report });
    } catch (err) {
      say(t('annot.importFailed', { file: file.name, message: err instanceof Error ? err.message : String(err) }), { kind: 'error' });
    }
  });
  const withRange = async (run: (range: TextRange) => Promise<void>) => {
    const range = liveRange() ?? selRange;
    if (range) await run(range);
  };
  const { meta } = article;
  const toolbarAnn = toolbar?.mode === 'highlight' && selected ? selected : null;

  return (
    <main className="reader" data-testid="reader" ref={mainRef}>
      <div className="reader-main">
        <div className="reader-bar" role="group" aria-label={t('reader.tools')}>
          <button type="button" className="ghost small" disabled={!ann.canUndo} title={t('reader.undoHint')} data-testid="undo" onClick={() => void undo()}>
            ↶ {t('reader.undo')}
          </button>
          <button type="button" className="ghost small" disabled={!ann.canRedo} title={t('reader.redoHint')} data-testid="redo" onClick={() => void redo()}>
            ↷ {t('reader.redo')}
          </button>
          {editMode && <span className="edit-mode-hint small">{t('reader.editModeHint')}</span>}
          <span className="bar-spacer" />
          <button
            type="button"
            className={`small${editMode ? ' toggled' : ''}`}
            aria-pressed={editMode}
            title={t('reader.editTextHint')}
            data-testid="edit-text-toggle"
            onClick={() => {
              setEditMode((m) => !m);
              setEditBlock(null);
              clearSelection();
              setSelectedId(null);
            }}
          >
            {t('reader.editText')}
          </button>
          <button
            type="button"
            className={`small${panelOpen ? ' toggled' : ''}`}
            aria-pressed={panelOpen}
            aria-controls="annotation-panel"
            data-testid="panel-toggle"
            onClick={() => setPanelOpen((o) => !o)}
          >
            {t('reader.panelToggle')} <span className="annot-count">{ann.list.length}</span>
          </button>
        </div>
        <div className="reader-scroll" ref={scrollRef}>
          <div className="measure" ref={measureRef} onClick={onBodyClick} onFocus={onBodyFocus} onKeyDown={onBodyKeyDown}>
            {(meta.source || meta.published || meta.author) && (
              <p className="article-meta">
                {meta.source && <span>{meta.source}</span>}
                {meta.author && <span>{meta.author}</span>}
                {meta.published && <time dateTime={meta.published}>{meta.published}</time>}
              </p>
            )}
            <ArticleBody article={article} renderSpan={renderSpan} editable={editMode} editHint={t('reader.editBlockHint')} onEditBlock={onEditBlock} />
            {toolbar && !editMode && (toolbar.mode === 'selection' ? selRange : toolbarAnn) && (
              <SelectionToolbar
                key={toolbar.mode === 'highlight' ? `h-${selectedId}` : 'selection'}
                mode={toolbar.mode}
                position={toolbar.position}
                labels={ann.labels}
                activeColor={toolbarAnn?.color}
                canReattach={!!armedId}
                onColor={(color) => {
                  if (toolbar.mode === 'selection') void withRange((r) => highlightRange(r, color));
                  else if (toolbarAnn) void recolor(toolbarAnn.id, color);
                }}
                onNote={() => {
                  if (toolbar.mode === 'selection') void withRange((r) => highlightRange(r, lastColor.current, 'note'));
                  else if (toolbarAnn) openEditor(toolbarAnn.id, 'note');
                }}
                onTag={() => {
                  if (toolbar.mode === 'selection') void withRange((r) => highlightRange(r, lastColor.current, 'tags'));
                  else if (toolbarAnn) openEditor(toolbarAnn.id, 'tags');
                }}
                onCopy={() => {
                  if (toolbar.mode === 'selection') void withRange((r) => copyQuote(article.text.slice(r.start, r.end)));
                  else if (toolbarAnn) void copyQuote(quoteOf(toolbarAnn));
                }}
                onDelete={toolbarAnn ? () => void remove(toolbarAnn.id) : undefined}
                onReattach={armedId ? () => void withRange((r) => reattach(armedId, r)) : undefined}
                onClose={() => {
                  setToolbar(null);
                  if (toolbarAnn) firstMark(toolbarAnn.id)?.focus();
                }}
              />
            )}
          </div>
        </div>
        <ReaderNotice notice={notice} onDismiss={dismiss} />
      </div>
      {panelOpen && (
        <div id="annotation-panel" className="annot-panel-wrap">
          <AnnotationPanel
            annotations={ann.list}
            loaded={ann.loaded}
            labels={ann.labels}
            tagSuggestions={ann.tags}
            selectedId={selectedId}
            editing={editing}
            hasSelection={!!keptRange}
            armedId={armedId}
            onShow={showHighlight}
            onEdit={setEditing}
            onSaveNote={onSaveNote}
            onSaveTags={onSaveTags}
            onDelete={onDelete}
            onReattach={onPanelReattach}
            onDisarm={onDisarm}
            onSaveLabels={onSaveLabels}
            onAddToBriefing={setBriefingIds}
            onExport={onExport}
            onImport={onImport}
          />
        </div>
      )}
      <input
        ref={importInput}
        type="file"
        hidden
        accept=".jsonld,.json,application/ld+json,application/json"
        data-testid="import-annotations-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {imported && (
        <ImportAnnotationsDialog
          fileName={imported.fileName}
          content={imported.content}
          report={imported.report}
          currentArticleId={article.id}
          onImported={afterImport}
          onClose={() => setImported(null)}
        />
      )}
      {briefingIds && (
        <AddToBriefingDialog
          highlights={briefingIds.map((annotationId) => ({ articleId: article.id, annotationId }))}
          defaultTitle={meta.title.length > 40 ? `${meta.title.slice(0, 40)}…` : meta.title}
          onClose={() => setBriefingIds(null)}
          onAdded={(title, count) => {
            setBriefingIds(null);
            say(t('reader.addedToBriefing', { count, title }));
          }}
        />
      )}
    </main>
  );
}
