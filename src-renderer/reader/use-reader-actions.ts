/**
 * What the reader's buttons and keys do, in words the user reads: each
 * action asks the annotation session (which reports refusals itself) and
 * then says what happened, with Undo where it applies. Copy, export and
 * import of annotation files live here too.
 */
import { useMemo } from 'react';
import type { Article } from '../../src-main/common/model';
import type { AnnotationImportReport } from '../../src-main/common/contract/annotations';
import type { AnnotationSession, AnnotationSnapshot, CommandLabel, EditorKind, TextRange, UndoOutcome } from '../annotations/annotation-session';
import type { ColorKey } from '../annotations/colors';
import { copyText, quoteWithCitation } from '../annotations/citation';
import type { ExportFormat } from '../annotations/ExportMenu';
import { saveText } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { errorText } from '../i18n/error-text';
import type { Locale, StringKey } from '../i18n/strings';
import type { ReaderNotices } from './use-reader-notice';
import type { TextSelection } from './use-text-selection';
import { useLatest } from './use-latest';

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

type Translate = (key: StringKey, vars?: Record<string, string | number>) => string;

/** Largest annotation file the reader reads into memory. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface ReaderActions {
  highlight(range: TextRange, color: ColorKey, then?: EditorKind): Promise<void>;
  recolor(id: string, color: ColorKey): Promise<void>;
  remove(id: string): Promise<void>;
  copyQuote(quote: string): Promise<void>;
  openEditor(id: string, editor: EditorKind): void;
  reattach(id: string, range: TextRange): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  exportAs(format: ExportFormat): Promise<void>;
  /** Reads an annotation file and imports it; resolves to what the dialog shows, or null after an error. */
  importFile(file: File): Promise<{ fileName: string; content: string; report: AnnotationImportReport } | null>;
  /** After any import: reload this article's annotations if it received some. */
  afterImport(report: AnnotationImportReport): void;
}

interface Deps {
  session: AnnotationSession;
  snapshot: AnnotationSnapshot;
  article: Article;
  selection: TextSelection;
  notices: ReaderNotices;
  hideToolbar(): void;
  openPanel(): void;
}

export function useReaderActions(deps: Deps): ReaderActions {
  const { t, locale } = useI18n();
  // The actions keep their identity (memoised children get them) and always see the latest state.
  const latest = useLatest({ ...deps, t, locale });
  // `latest` is the same object on every render (useLatest's ref), so this runs once.
  return useMemo(() => makeActions(() => latest.current), [latest]);
}

/** The actions, reading the reader's state through `now()` each time they run. */
function makeActions(now: () => Deps & { t: Translate; locale: Locale }): ReaderActions {
  const undoAction = (t: Translate) => ({ label: t('reader.undo'), run: () => void actions.undo() });
  const history = (outcome: UndoOutcome, done: 'reader.undone' | 'reader.redone', none: 'reader.nothingToUndo' | 'reader.nothingToRedo') => {
    const { t, notices, hideToolbar } = now();
    if (outcome === 'failed') return; // reported by the session
    notices.say(outcome === 'nothing' ? t(none) : t(done, { action: t(ACTION_KEYS[outcome]) }));
    hideToolbar();
  };
  const actions: ReaderActions = {
    async highlight(range, color, then) {
      const { session, selection, openPanel } = now();
      selection.clear();
      const created = await session.create(range, color, then);
      if (created && then) openPanel();
    },
    async recolor(id, color) {
      const { session, snapshot } = now();
      const a = snapshot.byId.get(id);
      if (a && a.color !== color) await session.update(id, { color });
    },
    async remove(id) {
      const { session, notices, hideToolbar, t } = now();
      hideToolbar();
      if (await session.remove(id)) notices.say(t('reader.deleted'), { action: undoAction(t) });
    },
    async copyQuote(quote) {
      const { article, notices, t } = now();
      const ok = await copyText(quoteWithCitation(quote, article.meta));
      notices.say(ok ? t('reader.copied') : t('reader.copyFailed'), ok ? {} : { kind: 'error' });
    },
    openEditor(id, editor) {
      const { session, openPanel, hideToolbar } = now();
      session.openEditor({ id, editor });
      openPanel();
      hideToolbar();
    },
    async reattach(id, range) {
      const { session, selection, notices, t } = now();
      selection.clear();
      if (await session.reattach(id, range)) notices.say(t('reader.reattached'), { action: undoAction(t) });
    },
    undo: async () => history(await now().session.undo(), 'reader.undone', 'reader.nothingToUndo'),
    redo: async () => history(await now().session.redo(), 'reader.redone', 'reader.nothingToRedo'),
    async exportAs(format) {
      const { session, notices, t } = now();
      const file = await session.exportFile(format);
      if (!file) return; // reported by the session
      try {
        const saved = await saveText(file.fileName, file.content, file.mime);
        if (saved) notices.say(t('reader.exported', { file: file.fileName }));
      } catch (err) {
        notices.fail(err);
      }
    },
    async importFile(file) {
      const { session, notices, t, locale } = now();
      if (file.size > MAX_IMPORT_BYTES) {
        notices.say(t('annot.importTooLarge', { file: file.name }), { kind: 'error' });
        return null;
      }
      try {
        const content = await file.text();
        const report = await session.importFile(content);
        return { fileName: file.name, content, report };
      } catch (err) {
        notices.say(t('annot.importFailed', { file: file.name, message: errorText(err, locale) }), { kind: 'error' });
        return null;
      }
    },
    afterImport(report) {
      void now().session.noteImported(report);
    },
  };
  return actions;
}
