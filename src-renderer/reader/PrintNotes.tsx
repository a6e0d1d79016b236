/**
 * The notes of the article's highlights, for paper only: hidden on screen,
 * printed after the text when the print is to include notes (reading.css,
 * `data-print-annotations="notes"`), each with its quote, in text order.
 */
import { memo, useMemo } from 'react';
import type { Annotation } from '../../src-main/common/annotation';
import { renderNoteHtml } from '../annotations/note-markdown';
import { quoteOf } from '../annotations/annotation-list';
import { useI18n } from '../i18n/I18nProvider';

export const PrintNotes = memo(function PrintNotes({ placed }: { placed: readonly Annotation[] }) {
  const { t } = useI18n();
  const withNotes = useMemo(() => placed.filter((a) => a.note.trim()).map((a) => ({ id: a.id, quote: quoteOf(a), html: renderNoteHtml(a.note) })), [placed]);
  if (!withNotes.length) return null;
  return (
    <section className="print-notes" aria-hidden="true" data-testid="print-notes">
      <h2>{t('print.notesTitle')}</h2>
      <ol>
        {withNotes.map((n) => (
          <li key={n.id}>
            <div className="print-quote">「{n.quote}」</div>
            <div className="note-md" dangerouslySetInnerHTML={{ __html: n.html }} />
          </li>
        ))}
      </ol>
    </section>
  );
});
