/**
 * The result of importing an annotation file: which articles received how
 * many (and how each was recognised), what was already there, what was
 * refused and why — and, for annotations whose article was not recognised,
 * a choice of article to import them into (sent back as `assign`; importing
 * is idempotent, so the file is simply imported again with the choice).
 */
import { useEffect, useId, useState } from 'react';
import type { AnnotationImportReport, UnmatchedGroup } from '../../src-main/common/contract/annotations';
import type { CatalogEntry } from '../../src-main/common/model';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';

export interface ImportAnnotationsDialogProps {
  fileName: string;
  content: string;
  report: AnnotationImportReport;
  /** Preselected for unmatched groups: the article open in the reader. */
  currentArticleId: string;
  /** After every import (the first and each assignment): the caller refreshes what it shows. */
  onImported(report: AnnotationImportReport): void;
  onClose(): void;
}

type Done = { imported: number; placed: number; orphaned: number; duplicates: number; title: string };

export function ImportAnnotationsDialog(props: ImportAnnotationsDialogProps) {
  const { t } = useI18n();
  const titleId = useId();
  const { report } = props;
  const [articles, setArticles] = useState<CatalogEntry[]>([]);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [done, setDone] = useState<Record<string, Done>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api
      .listArticles({})
      .then(setArticles)
      .catch((err: Error) => setError(err.message));
  }, []);

  async function assign(group: UnmatchedGroup) {
    const articleId = choice[group.key] ?? props.currentArticleId;
    setBusy(group.key);
    setError(null);
    try {
      const next = await api.importAnnotations({ content: props.content, assign: { [group.key]: articleId } });
      const row = next.articles.find((a) => a.articleId === articleId && a.matchedBy === 'assigned');
      const still = next.unmatched.find((u) => u.key === group.key);
      if (still) setError(still.reason);
      else if (row) setDone((d) => ({ ...d, [group.key]: row }));
      props.onImported(next);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  const matchedBy = (by: string) => t(`annot.matchedBy.${by}` as StringKey);

  return (
    <div className="dialog-backdrop" onClick={props.onClose}>
      <div
        className="dialog import-annotations"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && props.onClose()}
        data-testid="import-annotations-dialog"
      >
        <h3 id={titleId}>{t('annot.importTitle', { file: props.fileName })}</h3>
        <p data-testid="import-annotations-summary">
          {t('annot.importSummary', {
            imported: report.imported,
            placed: report.placed,
            orphaned: report.orphaned,
            duplicates: report.duplicates,
            skipped: report.skipped,
          })}
        </p>
        {report.articles.length > 0 && (
          <ul className="outcomes">
            {report.articles.map((a) => (
              <li key={a.articleId} className="outcome" data-testid="import-annotations-article">
                {t('annot.importMatched', { title: a.title, imported: a.imported, duplicates: a.duplicates, by: matchedBy(a.matchedBy) })}
              </li>
            ))}
          </ul>
        )}
        {report.unmatched.length > 0 && (
          <section aria-label={t('annot.importUnmatchedTitle')}>
            <h4>{t('annot.importUnmatchedTitle')}</h4>
            <p className="small muted">{t('annot.importUnmatchedHint')}</p>
            <ul className="outcomes">
              {report.unmatched.map((g) => {
                const ok = done[g.key];
                const selectId = `assign-${g.key}`;
                return (
                  <li key={g.key} className="outcome unmatched-group" data-testid="unmatched-group" data-key={g.key}>
                    <div>
                      <strong>{g.title ?? g.url ?? g.source ?? t('annot.importUnnamed')}</strong>{' '}
                      <span className="small muted">{t('annot.importCount', { count: g.count })}</span>
                    </div>
                    <div className="small" title={g.reason}>
                      {t(`annot.unmatched.${g.code}` as StringKey)}
                    </div>
                    {g.quotes.length > 0 && (
                      <ul className="small muted unmatched-quotes">
                        {g.quotes.map((q, i) => (
                          <li key={i}>“{q}”</li>
                        ))}
                      </ul>
                    )}
                    {ok ? (
                      <p className="small" role="status" data-testid="unmatched-assigned">
                        {t('annot.importAssigned', {
                          imported: ok.imported,
                          placed: ok.placed,
                          orphaned: ok.orphaned,
                          duplicates: ok.duplicates,
                          title: ok.title,
                        })}
                      </p>
                    ) : (
                      <div className="assign-row">
                        <label htmlFor={selectId} className="small">
                          {t('annot.importAssignTo')}
                        </label>
                        <select
                          id={selectId}
                          data-testid="assign-article"
                          value={choice[g.key] ?? props.currentArticleId}
                          onChange={(e) => setChoice((c) => ({ ...c, [g.key]: e.target.value }))}
                        >
                          {articles.map((a) => (
                            <option key={a.id} value={a.id}>
                              {a.title}
                            </option>
                          ))}
                        </select>
                        <button type="button" data-testid="assign-import" disabled={busy !== null || articles.length === 0} onClick={() => void assign(g)}>
                          {busy === g.key ? t('annot.importBusy') : t('annot.importAssign')}
                        </button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        )}
        {report.refused.length > 0 && (
          <section aria-label={t('annot.importRefusedTitle', { count: report.refused.length })}>
            <h4>{t('annot.importRefusedTitle', { count: report.refused.length })}</h4>
            <ul className="outcomes">
              {report.refused.map((r, i) => (
                <li key={i} className="outcome outcome-refused" data-testid="import-refused">
                  <span className="badge">{t(`annot.refused.${r.code}` as StringKey)}</span> <span className="file">{r.path}</span>{' '}
                  <span className="reason">{r.reason}</span>
                  {r.quote && <span className="small muted"> “{r.quote}”</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button autoFocus onClick={props.onClose} data-testid="import-annotations-close">
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}
