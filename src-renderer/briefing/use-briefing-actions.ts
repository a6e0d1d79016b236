/**
 * What the workspace asks of the core about a whole briefing: create, duplicate, the next issue of a
 * series, delete (after a confirmation), pull in highlight and note edits, export, change template.
 * Each saves what was typed first where it matters, keeps the local list in step and reports in a
 * toast (errors too).
 */
import { useState, type MutableRefObject } from 'react';
import type { Briefing, TemplateName } from '../../src-main/common/briefing/model';
import type { BriefingEntry, ExportFormat } from '../../src-main/common/contract/briefings';
import type { ExportProgressEvent } from '../../src-main/common/contract/events';
import { api } from '../api-client';
import type { ToastState } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import type { BriefingSession } from './briefing-session';
import type { ConfirmRequest } from './composer-context';
import { exportBriefingFile } from './export-file';

/** The workspace state the actions read and change. */
export interface BriefingActionDeps {
  session: BriefingSession | null;
  setSession(session: BriefingSession | null): void;
  entries: BriefingEntry[] | null;
  setEntries(update: BriefingEntry[] | ((list: BriefingEntry[] | undefined) => BriefingEntry[])): void;
  select(id: string | null): void;
  /** Reads the selected briefing again (after a failed delete). */
  reload(): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  announce(text: string): void;
  /** A briefing id whose title field takes the focus once shown. */
  focusTitleOf: MutableRefObject<string | null>;
  /** Shows the print preview beside the composer. */
  showPreview(): void;
  toasts: ToastState;
}

/** `creating` and `syncing` are true while those calls run (their buttons are disabled). */
export function useBriefingActions(deps: BriefingActionDeps) {
  const { session, entries, setEntries, select, toasts } = deps;
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  const [syncing, setSyncing] = useState(false);

  async function create() {
    setCreating(true);
    try {
      const b = await api.createBriefing({ title: t('brief.untitled') });
      setEntries((list) => [{ id: b.id, title: b.header.title, modified: b.modified }, ...(list ?? [])]);
      deps.focusTitleOf.current = b.id;
      deps.showPreview();
      select(b.id);
      deps.announce(t('brief.created'));
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
      deps.focusTitleOf.current = next.id;
      select(next.id);
      toasts.info(t('brief.nextIssueCreated', { title: next.header.title }));
    } catch (err) {
      toasts.error(err);
    }
  }

  async function remove() {
    if (!session || !entries) return;
    const doc = session.current;
    const ok = await deps.confirm({
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
      deps.setSession(null);
      select(rest[Math.min(i, rest.length - 1)]?.id ?? null);
      toasts.info(t('brief.deleted', { title: doc.header.title }));
    } catch (err) {
      toasts.error(err);
      deps.reload();
    }
  }

  async function sync() {
    if (!session) return;
    setSyncing(true);
    try {
      const result = await session.serverChange(
        (id) => api.refreshBriefingHighlights({ id }),
        (r) => r.briefing,
      );
      const text = result.updated || result.missing ? t('brief.synced', { updated: result.updated, missing: result.missing }) : t('brief.syncedNone');
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

  return { create, creating, duplicate, nextIssue, remove, sync, syncing, exportAs, setTemplate };
}
