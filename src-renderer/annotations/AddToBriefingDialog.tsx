/**
 * "Add to briefing…": puts the chosen highlights into an existing briefing
 * or a new one. A modal dialog; Escape closes it and focus returns to where
 * it was. When the chosen briefing already holds some of the highlights it
 * says how many and asks: skip them (the default) or add them again —
 * never a silent duplicate.
 */
import { useEffect, useId, useRef, useState, useMemo } from 'react';
import type { BriefingEntry } from '../../src-main/common/contract/briefings';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { useApiQuery } from '../app/use-api-query';
import { errorText } from '../i18n/error-text';

export interface AddToBriefingDialogProps {
  highlights: { articleId: string; annotationId: string }[];
  /** Suggested title for a new briefing. */
  defaultTitle: string;
  onClose(): void;
  /** `count` highlights were added; `skipped` were already in the briefing and left out. */
  onAdded(briefingTitle: string, count: number, skipped?: number): void;
}

const NEW = '__new__';

export function AddToBriefingDialog({ highlights, defaultTitle, onClose, onAdded }: AddToBriefingDialogProps) {
  const { t, locale } = useI18n();
  const [choice, setChoice] = useState<string>(NEW);
  const [title, setTitle] = useState(defaultTitle);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(typeof document !== 'undefined' ? document.activeElement : null);

  const list = useApiQuery(['briefings'], () => api.listBriefings({}), { onData: (found) => found.length && setChoice(found[0].id) });
  // Memoised: a new `[]` on each render would rerun the focus effect below every time.
  const briefings: BriefingEntry[] | null = useMemo(() => list.data ?? (list.error ? [] : null), [list.data, list.error]);
  const loadError = list.error ? errorText(list.error, locale) : null;
  // Which of the chosen highlights each briefing already holds (asked once per dialog).
  const articleIds = useMemo(() => [...new Set(highlights.map((h) => h.articleId))], [highlights]);
  const held = useApiQuery(['citing', ...articleIds], () => api.citingBriefings({ articleIds }));
  const [duplicates, setDuplicates] = useState<'skip' | 'add'>('skip');
  const already = useMemo(() => {
    const entry = held.data?.briefings.find((b) => b.id === choice);
    if (!entry) return 0;
    const ids = new Set(entry.annotationIds);
    return highlights.filter((h) => ids.has(h.annotationId)).length;
  }, [held.data, choice, highlights]);

  // Focus goes back where it was when the dialog closes.
  useEffect(() => {
    const previous = opener.current;
    return () => (previous as HTMLElement | null)?.focus?.();
  }, []);

  useEffect(() => {
    if (briefings) dialog.current?.querySelector<HTMLElement>('input:checked, input')?.focus();
  }, [briefings]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      let id = choice;
      let name = briefings?.find((b) => b.id === choice)?.title ?? '';
      if (choice === NEW) {
        const created = await api.createBriefing({ title: title.trim() });
        id = created.id;
        name = created.header.title;
      }
      const skip = choice !== NEW && already > 0 && duplicates === 'skip';
      await api.addHighlightsToBriefing({ briefingId: id, highlights, duplicates: skip ? 'skip' : 'add' });
      onAdded(name, skip ? highlights.length - already : highlights.length, skip ? already : 0);
    } catch (err) {
      setError(errorText(err, locale));
      setBusy(false);
    }
  }

  const allThere = choice !== NEW && already === highlights.length && duplicates === 'skip';
  const canSubmit =
    !busy && briefings !== null && (choice !== NEW || title.trim().length > 0) && (choice === NEW || held.data !== undefined || !!held.error) && !allThere;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        className="dialog briefing-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        data-testid="briefing-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Tab') {
            // Keep focus inside the modal.
            const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('input:not([disabled]), button:not([disabled])') ?? [])];
            const first = focusable[0];
            const last = focusable[focusable.length - 1];
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last?.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first?.focus();
            }
          }
        }}
      >
        <h3 id={titleId}>{t('annot.briefingTitle')}</h3>
        <p className="muted">{t('annot.briefingCount', { count: highlights.length })}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (canSubmit) void submit();
          }}
        >
          {briefings === null ? (
            <p className="muted">{t('annot.loading')}</p>
          ) : (
            <fieldset className="briefing-choices">
              <legend className="visually-hidden">{t('annot.briefingTitle')}</legend>
              {briefings.length === 0 && <p className="muted small">{t('annot.briefingNone')}</p>}
              {briefings.map((b) => (
                <label key={b.id} className="choice">
                  <input type="radio" name="briefing" value={b.id} checked={choice === b.id} onChange={() => setChoice(b.id)} />
                  <span>{b.title}</span>
                </label>
              ))}
              <label className="choice">
                <input type="radio" name="briefing" value={NEW} checked={choice === NEW} onChange={() => setChoice(NEW)} data-testid="briefing-new" />
                <span>{t('annot.briefingNew')}</span>
              </label>
              {choice === NEW && (
                <input
                  className="new-title"
                  aria-label={t('annot.briefingNewTitle')}
                  value={title}
                  maxLength={300}
                  data-testid="briefing-new-title"
                  onChange={(e) => setTitle(e.target.value)}
                />
              )}
            </fieldset>
          )}
          {choice !== NEW && already > 0 && (
            <fieldset className="briefing-duplicates" data-testid="briefing-duplicates">
              <legend>{t('brief.dupTitle', { count: already, title: briefings?.find((b) => b.id === choice)?.title ?? '' })}</legend>
              <label className="choice">
                <input type="radio" name="duplicates" checked={duplicates === 'skip'} onChange={() => setDuplicates('skip')} data-testid="dup-skip" />
                <span>{t('brief.dupSkip', { count: highlights.length - already })}</span>
              </label>
              <label className="choice">
                <input type="radio" name="duplicates" checked={duplicates === 'add'} onChange={() => setDuplicates('add')} data-testid="dup-add" />
                <span>{t('brief.dupAdd')}</span>
              </label>
              {allThere && (
                <p className="muted small" role="status">
                  {t('brief.dupAllThere')}
                </p>
              )}
            </fieldset>
          )}
          {(error ?? loadError) && (
            <p className="form-error" role="alert">
              {error ?? loadError}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={!canSubmit} data-testid="briefing-add">
              {t('annot.briefingAdd')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
