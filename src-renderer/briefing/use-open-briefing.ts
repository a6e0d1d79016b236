/**
 * The briefings list and the briefing open in the composer: the list is read once and afterwards kept
 * in step locally; the selected briefing (remembered in the preferences, never one that stopped the app
 * while opening) is read after any save of it still running from when it was closed, and gets a
 * BriefingSession. Closing the session (another briefing, leaving the view) still saves what was
 * typed; nothing typed is lost when the window closes during the pause before a save.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api-client';
import { noteShown } from '../app/opening';
import { usePreference } from '../app/preferences';
import { useApiQuery } from '../app/use-api-query';
import type { ToastState } from '../app/Toasts';
import { useI18n } from '../i18n/I18nProvider';
import { errorText } from '../i18n/error-text';
import { BriefingSession, type SessionSnapshot } from './briefing-session';

/** Saves still running for briefings that were closed, by id (module-wide: the view may remount). */
const closing = new Map<string, Promise<void>>();

/** Resolves when the saves of every briefing closed so far have landed (or failed). */
export async function closingSaves(): Promise<void> {
  await Promise.all(closing.values());
}

/**
 * `entries` is the list as read (null until then), `shownEntries` the same with the open briefing's
 * title as typed; `session` is the open briefing's session (null while none is open or loading);
 * `loadError` a sentence in the UI's language; `reload` reads the selected briefing again.
 */
export function useOpenBriefing(avoidId: string | null, toasts: ToastState) {
  const { locale } = useI18n();
  const [lastOpen, setLastOpen] = usePreference('lastBriefingId');
  const [selectedId, setSelectedId] = useState<string | null>(() => (lastOpen && lastOpen !== avoidId ? lastOpen : null));
  const [session, setSession] = useState<BriefingSession | null>(null);
  const toastsRef = useRef(toasts);
  toastsRef.current = toasts;

  /** Selects a briefing (null: none) and remembers it as the one open last. */
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

  return {
    selectedId,
    select,
    entries,
    setEntries: list.setData,
    session,
    setSession,
    loading: opening.loading,
    loadError: opening.error ? errorText(opening.error, locale) : null,
    reload: opening.reload,
  };
}

/** The list with the open briefing's title as typed in its header (an empty title keeps the saved one). */
export function useShownEntries(entries: ReturnType<typeof useOpenBriefing>['entries'], snapshot: SessionSnapshot | null) {
  const title = snapshot?.doc.header.title;
  return useMemo(() => entries?.map((e) => (e.id === snapshot?.doc.id && title?.trim() ? { ...e, title } : e)) ?? null, [entries, snapshot?.doc.id, title]);
}
