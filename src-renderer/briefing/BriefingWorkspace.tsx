/**
 * The briefings view: the list of briefings, the composer, and beside it the
 * print preview (with export) or the highlight picker.
 *
 * The workspace owns the open BriefingSession (edits, undo/redo, saving) and
 * everything that talks to the core about a whole briefing: create,
 * duplicate, delete, add highlights, pull in note edits, export. Switching
 * briefing or leaving the view disposes the session, which still saves what
 * was typed; reopening the same briefing waits for that save.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { moveItem, type Briefing, type TemplateName } from '../../src-main/common/briefing/model';
import type { ExportFormat } from '../../src-main/common/contract/briefings';
import { noteShown } from '../app/opening';
import { api } from '../api-client';
import { exportBriefingFile } from './export-file';
import type { ExportProgressEvent } from '../../src-main/common/contract/events';
import { Toasts, useToasts } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import { BriefingList } from './BriefingList';
import { BriefingSession } from './briefing-session';
import { Composer } from './Composer';
import { ComposerContext, type ComposerApi, type ConfirmRequest, type FocusTarget } from './composer-context';
import { ConfirmDialog } from '../app/ConfirmDialog';
import type { HighlightRef } from './drag';
import { ExportControls } from './ExportControls';
import { HighlightPicker, NEW_SECTION } from './HighlightPicker';
import { Icon } from './Icon';
import { PreviewPane } from './PreviewPane';
import { useSessionSnapshot } from './use-briefing-session';
import { usePreference } from '../app/preferences';
import { useApiQuery } from '../app/use-api-query';
import { errorText } from '../i18n/error-text';

export interface BriefingWorkspaceProps {
  /** A briefing that stopped the app while opening last time: never opened automatically. */
  avoidId?: string | null;
  /** Opens an article in the library view, scrolled to the highlight when given. */
  onOpenArticle(articleId: string, annotationId?: string): void;
}

/** Saves still running for briefings that were closed, by id (module-wide: the view may remount). */
const closing = new Map<string, Promise<void>>();

/** Resolves when the saves of every briefing closed so far have landed (or failed). */
export async function closingSaves(): Promise<void> {
  await Promise.all(closing.values());
}

type Side = 'preview' | 'picker';

export function BriefingWorkspace({ onOpenArticle, avoidId = null }: BriefingWorkspaceProps) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const [lastOpen, setLastOpen] = usePreference('lastBriefingId');
  const [selectedId, setSelectedId] = useState<string | null>(() => (lastOpen && lastOpen !== avoidId ? lastOpen : null));
  const [session, setSession] = useState<BriefingSession | null>(null);
  const [side, setSide] = useState<Side>('preview');
  const [pickerTarget, setPickerTarget] = useState(NEW_SECTION);
  const [sideWidth, setSideWidth] = usePreference('briefingSide');
  const wide = sideWidth === 'wide';
  const [confirmState, setConfirmState] = useState<{ request: ConfirmRequest; resolve(ok: boolean): void } | null>(null);
  const [message, setMessage] = useState('');
  const [creating, setCreating] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const focusTarget = useRef<FocusTarget | null>(null);
  const focusTitleOf = useRef<string | null>(null);
  const openArticle = useRef(onOpenArticle);
  openArticle.current = onOpenArticle;
  const toastsRef = useRef(toasts);
  toastsRef.current = toasts;
  const snapshot = useSessionSnapshot(session);

  // Cited articles that are no longer in the library: their items say "source deleted" and 查看原文 explains instead of opening.
  const citedKey = useMemo(() => {
    const ids = new Set<string>();
    for (const s of snapshot?.doc.sections ?? []) for (const it of s.items) if (it.kind === 'highlight') ids.add(it.articleId);
    return [...ids].sort().join(',');
  }, [snapshot?.doc.sections]);
  const present = useApiQuery(citedKey ? ['cited-present', citedKey] : null, async () => {
    const ids = citedKey.split(',');
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const page = await api.queryArticles({ ids: ids.slice(i, i + 500), limit: 500 });
      for (const row of page.items) found.add(row.id);
    }
    return found;
  });
  const deletedSources = useMemo(
    () => new Set(present.data ? citedKey.split(',').filter((id) => id && !present.data!.has(id)) : []),
    [present.data, citedKey],
  );
  const deletedRef = useRef(deletedSources);
  deletedRef.current = deletedSources;

  const announce = useCallback((text: string) => {
    // The same sentence twice must be announced twice: vary it invisibly.
    setMessage((m) => (m === text ? text + '\u200b' : text));
  }, []);

  const select = useCallback(
    (id: string | null) => {
      setSelectedId(id);
      setLastOpen(id ?? '');
    },
    [setLastOpen],
  );

  // The list, once; afterwards kept in step locally.
  const list = useApiQuery(['briefings'], () => api.listBriefings({}), {
    onData: (found) => setSelectedId((id) => (id && found.some((e) => e.id === id) ? id : (found.find((e) => e.id !== avoidId)?.id ?? null))),
  });
  const entries = list.data ?? null;
  const setEntries = list.setData;
  useEffect(() => {
    if (list.error) toastsRef.current.error(list.error);
  }, [list.error]);

  // The selected briefing, read after any save of it still running from when it was closed.
  const openId = selectedId && entries?.some((e) => e.id === selectedId) ? selectedId : null;
  const opening = useApiQuery(
    openId ? ['briefing', openId] : null,
    async () => {
      await closing.get(openId!);
      // `display`: the core notes that the app is opening it, until told it was shown (app/opening.ts).
      return api.getBriefing({ id: openId!, display: true });
    },
    { keepPrevious: false },
  );
  const loading = opening.loading;
  const loadError = opening.error ? errorText(opening.error, locale) : null;

  // A session for it; closing it (another briefing, leaving the view) still saves what was typed.
  const briefing = opening.data;
  useEffect(() => {
    if (!briefing) {
      setSession(null);
      return;
    }
    const opened = new BriefingSession(briefing, { save: (b) => api.saveBriefing({ briefing: b }) });
    setSession(opened);
    noteShown('briefing', opened.id);
    return () => {
      const id = opened.id;
      const done = opened.dispose().finally(() => closing.get(id) === done && closing.delete(id));
      closing.set(id, done);
    };
  }, [briefing]);

  // Keep the list's title of the open briefing in step with the header.
  const title = snapshot?.doc.header.title;
  const shownEntries = useMemo(
    () => entries?.map((e) => (e.id === snapshot?.doc.id && title?.trim() ? { ...e, title } : e)) ?? null,
    [entries, snapshot?.doc.id, title],
  );

  // Nothing typed is lost when the window closes during the pause before a save.
  useEffect(() => {
    if (!session) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!session.dirty) return;
      void session.flush();
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [session]);

  // Focus requested by the composer (after a keyboard move, a removal, a new briefing).
  useLayoutEffect(() => {
    const target = focusTarget.current;
    if (target) {
      const el =
        target.kind === 'element' ? document.getElementById(target.id) : document.querySelector<HTMLElement>(`[data-handle-for="${target.id}"]`);
      if (el) {
        focusTarget.current = null;
        el.focus();
        el.scrollIntoView?.({ block: 'nearest' });
      }
    }
    if (snapshot && focusTitleOf.current === snapshot.doc.id) {
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="brief-title"]');
      if (input) {
        focusTitleOf.current = null;
        input.focus();
        input.select();
      }
    }
  });

  const confirm = useCallback(
    (request: ConfirmRequest) => new Promise<boolean>((resolve) => setConfirmState({ request, resolve })),
    [],
  );

  const addHighlights = useCallback(
    async (s: BriefingSession, refs: HighlightRef[], sectionId?: string, slot?: number) => {
      try {
        const before = new Set(s.current.sections.flatMap((x) => x.items.map((it) => it.id)));
        await s.serverChange(
          // A highlight the briefing already holds is skipped (and said so), never silently duplicated.
          (id) => api.addHighlightsToBriefing({ briefingId: id, ...(sectionId ? { sectionId } : {}), highlights: refs, duplicates: 'skip' }),
          (b) => b,
        );
        const target = sectionId ? s.current.sections.find((x) => x.id === sectionId) : s.current.sections.at(-1);
        const added = target?.items.filter((it) => !before.has(it.id)) ?? [];
        if (target && slot !== undefined && added.length) {
          // Dropped at a place: put them there, as part of the same undo step.
          s.apply((b) => added.reduce((acc, it, i) => moveItem(acc, it.id, target.id, slot + i), b), { immediate: true, amend: true });
        }
        const skipped = refs.length - added.length;
        toastsRef.current.info(skipped ? t('brief.addedSkipped', { added: added.length, skipped }) : t('brief.added', { count: added.length }));
        const first = added[0];
        if (first) setTimeout(() => document.querySelector(`[data-item-id="${first.id}"]`)?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }), 0);
      } catch (err) {
        toastsRef.current.error(err);
      }
    },
    [t],
  );

  const composerApi = useMemo<ComposerApi | null>(
    () =>
      session && {
        session,
        edit: (fn, opts) => session.apply(fn, opts),
        commit: () => void session.flush(),
        announce,
        openArticle: (articleId, annotationId) => {
          // Asked again at the click: the article may have been deleted since the briefing opened.
          void api.queryArticles({ ids: [articleId], limit: 1 }).then(
            (page) => {
              if (page.total) openArticle.current(articleId, annotationId);
              else {
                present.reload();
                toastsRef.current.info(t('brief.sourceDeleted'));
                announce(t('brief.sourceDeleted'));
              }
            },
            (err) => toastsRef.current.error(err),
          );
        },
        sourceDeleted: (articleId) => deletedRef.current.has(articleId),
        confirm,
        addHighlights: (refs, sectionId, slot) => addHighlights(session, refs, sectionId, slot),
        openPicker: (sectionId) => {
          setPickerTarget(sectionId ?? NEW_SECTION);
          setSide('picker');
        },
        focusAfterRender: (target) => {
          focusTarget.current = target;
        },
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `present.reload` and `t` are read when clicked; deletedSources re-renders the cards
    [session, announce, confirm, addHighlights, deletedSources],
  );

  async function create() {
    setCreating(true);
    try {
      const b = await api.createBriefing({ title: t('brief.untitled') });
      setEntries((list) => [{ id: b.id, title: b.header.title, modified: b.modified }, ...(list ?? [])]);
      focusTitleOf.current = b.id;
      setSide('preview');
      select(b.id);
      announce(t('brief.created'));
    } catch (err) {
      toasts.error(err);
    } finally {
      setCreating(false);
    }
  }

  async function duplicate() {
    if (!session) return;
    try {
      await session.flush();
      const copy = await api.duplicateBriefing({ id: session.id });
      setEntries((list) => [{ id: copy.id, title: copy.header.title, modified: copy.modified }, ...(list ?? [])]);
      select(copy.id);
      toasts.info(t('brief.duplicated', { title: copy.header.title }));
    } catch (err) {
      toasts.error(err);
    }
  }

  /** The next issue of this briefing's series: saved first, then created by the core, then opened. */
  async function nextIssue() {
    if (!session) return;
    try {
      await session.flush();
      const next = await api.createBriefing({ nextOf: session.id });
      setEntries((list) => [
        {
          id: next.id,
          title: next.header.title,
          modified: next.modified,
          date: next.header.date,
          ...(next.header.issueNumber !== undefined ? { issueNumber: next.header.issueNumber } : {}),
          ...(next.header.series ? { seriesId: next.header.series.id } : {}),
          ...(next.header.publicationName ? { seriesName: next.header.publicationName } : {}),
        },
        ...(list ?? []),
      ]);
      focusTitleOf.current = next.id;
      select(next.id);
      toasts.info(t('brief.nextIssueCreated', { title: next.header.title }));
    } catch (err) {
      toasts.error(err);
    }
  }

  async function remove() {
    if (!session || !entries) return;
    const doc = session.current;
    const ok = await confirm({
      title: t('brief.deleteTitle'),
      message: t('brief.deleteMessage', { title: doc.header.title }),
      confirmLabel: t('common.delete'),
    });
    if (!ok) return;
    try {
      await session.dispose({ discard: true });
      await api.deleteBriefing({ id: doc.id });
      const i = entries.findIndex((e) => e.id === doc.id);
      const rest = entries.filter((e) => e.id !== doc.id);
      setEntries(rest);
      setSession(null);
      select(rest[Math.min(i, rest.length - 1)]?.id ?? null);
      toasts.info(t('brief.deleted', { title: doc.header.title }));
    } catch (err) {
      toasts.error(err);
      opening.reload();
    }
  }

  async function sync() {
    if (!session) return;
    setSyncing(true);
    try {
      const result = await session.serverChange((id) => api.refreshBriefingHighlights({ id }), (r) => r.briefing);
      const text =
        result.updated || result.missing ? t('brief.synced', { updated: result.updated, missing: result.missing }) : t('brief.syncedNone');
      toasts.info(text);
    } catch (err) {
      toasts.error(err);
    } finally {
      setSyncing(false);
    }
  }

  async function exportAs(format: ExportFormat, onProgress?: (event: ExportProgressEvent) => void) {
    if (!session) return;
    try {
      if (!(await session.flush())) throw new Error(t('brief.export.unsaved'));
      const template: TemplateName = session.current.template ?? 'modern';
      const fileName = await exportBriefingFile(session.current, format, template, onProgress);
      if (fileName) toasts.info(t('brief.export.done', { name: fileName }));
    } catch (err) {
      toasts.error(err);
    }
  }

  function setTemplate(template: TemplateName) {
    session?.apply((b: Briefing) => (b.template === template ? b : { ...b, template }), { immediate: true });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!session || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    const target = event.target as Element;
    if (target.closest?.('.dialog, [data-native-undo]')) return;
    const key = event.key.toLowerCase();
    if (key === 's') {
      event.preventDefault();
      void session.flush();
    } else if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      if (session.undo()) announce(t('brief.undone'));
    } else if ((key === 'z' && event.shiftKey) || key === 'y') {
      event.preventDefault();
      if (session.redo()) announce(t('brief.redone'));
    }
  }

  function onTabKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Side = side === 'preview' ? 'picker' : 'preview';
    setSide(next);
    document.getElementById(`brief-tab-${next}`)?.focus();
  }

  let placeholder: ReactElement | null = null;
  if (!session || !snapshot || !composerApi) {
    placeholder = (
      <div className="brief-placeholder" data-testid="brief-placeholder">
        {loading ? (
          <p className="muted">{t('brief.loading')}</p>
        ) : loadError ? (
          <div className="brief-error" role="alert">
            <p>{loadError}</p>
            <button type="button" onClick={opening.reload}>
              {t('brief.retry')}
            </button>
          </div>
        ) : entries && entries.length === 0 ? (
          <div className="brief-welcome">
            <h2>{t('brief.welcome.title')}</h2>
            <p className="muted">{t('brief.welcome.text')}</p>
            <button type="button" className="primary" onClick={create} disabled={creating}>
              <Icon name="plus" />
              {t('brief.new')}
            </button>
          </div>
        ) : (
          <p className="muted">{entries ? t('brief.choose') : t('brief.loading')}</p>
        )}
      </div>
    );
  }

  return (
    <div className={`briefing-workspace${wide ? ' brief-wide-preview' : ''}`} data-testid="briefing-workspace" onKeyDown={onKeyDown}>
      <BriefingList entries={shownEntries} selectedId={selectedId} onSelect={select} onCreate={create} creating={creating} />
      {placeholder ??
        (session && snapshot && composerApi && (
          <ComposerContext.Provider value={composerApi}>
            <Composer key={session.id} snapshot={snapshot} onDuplicate={duplicate} onNextIssue={nextIssue} onDelete={remove} onSync={sync} syncing={syncing} />
            <aside className="brief-side" aria-label={t('brief.side.label')}>
              <div className="brief-side-tabs">
                <div role="tablist" aria-label={t('brief.side.label')} onKeyDown={onTabKey}>
                  {(['preview', 'picker'] as const).map((name) => (
                    <button
                      key={name}
                      type="button"
                      role="tab"
                      id={`brief-tab-${name}`}
                      aria-selected={side === name}
                      aria-controls={`brief-panel-${name}`}
                      tabIndex={side === name ? 0 : -1}
                      className={side === name ? 'active' : undefined}
                      onClick={() => setSide(name)}
                      data-testid={`brief-tab-${name}`}
                    >
                      {t(`brief.side.${name}`)}
                    </button>
                  ))}
                </div>
                <button
                  type="button"
                  className="brief-icon-button"
                  onClick={() => setSideWidth(wide ? 'normal' : 'wide')}
                  aria-pressed={wide}
                  aria-label={t('brief.side.widen')}
                  title={t('brief.side.widen')}
                >
                  <Icon name={wide ? 'collapse' : 'expand'} />
                </button>
              </div>
              <div role="tabpanel" id="brief-panel-preview" aria-labelledby="brief-tab-preview" className="brief-panel" hidden={side !== 'preview'}>
                <PreviewPane
                  key={session.id}
                  briefingId={session.id}
                  template={snapshot.doc.template ?? 'modern'}
                  onTemplateChange={setTemplate}
                  version={snapshot.savedVersion}
                />
                <ExportControls onExport={exportAs} />
              </div>
              {side === 'picker' && (
                <div role="tabpanel" id="brief-panel-picker" aria-labelledby="brief-tab-picker" className="brief-panel">
                  <HighlightPicker
                    briefing={snapshot.doc}
                    target={snapshot.doc.sections.some((s) => s.id === pickerTarget) ? pickerTarget : NEW_SECTION}
                    onTargetChange={setPickerTarget}
                    onAdd={(refs, sectionId) => addHighlights(session, refs, sectionId)}
                    onOpenArticle={(articleId, annotationId) => openArticle.current(articleId, annotationId)}
                  />
                </div>
              )}
            </aside>
          </ComposerContext.Provider>
        ))}
      {confirmState && (
        <ConfirmDialog
          request={confirmState.request}
          onAnswer={(ok) => {
            confirmState.resolve(ok);
            setConfirmState(null);
          }}
        />
      )}
      <div className="brief-sr-only" aria-live="polite" aria-atomic="true" data-testid="brief-live">
        {message}
      </div>
      <Toasts state={toasts} />
    </div>
  );
}
