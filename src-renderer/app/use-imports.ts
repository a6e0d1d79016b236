/**
 * Importing into the library from the window: files and folders (by path in the desktop app, as bytes
 * in browser mode), drag-and-drop onto the window, and files opened from the operating system. Holds
 * the progress bar's counts, the summary of a multi-file import and whether a drag is over the window.
 */
import { useEffect, useState, type DragEvent } from 'react';
import { watchOpenedFiles } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import { filesFromDrop, importMany, importPaths, pathsOf, type ImportOutcome } from '../library/import-files';
import { useStableCallback } from '../reader/use-stable-callback';
import type { ToastState } from './Toasts';

/** What the hook needs from the window. */
export interface ImportDeps {
  toasts: ToastState;
  /** Reloads the library's state and list (awaited before an import's result shows). */
  refresh(): Promise<void>;
  /** Opens an article in the reader. */
  open(id: string): void;
  /** Shows the library view (files opened from the operating system). */
  showLibrary(): void;
}

/**
 * `progress` counts files done of total (null: no import running); `summary` lists the outcomes of
 * a multi-file import until closed. `dropHandlers` go on the window's root element.
 */
export function useImports({ toasts, refresh, open, showLibrary }: ImportDeps) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportOutcome[] | null>(null);
  const [dragging, setDragging] = useState(false);

  async function runImport(files: { file: File; label: string }[]) {
    if (!files.length) return;
    // The desktop app imports by path (main reads the files); browser mode sends the bytes.
    const paths = pathsOf(files.map((f) => f.file));
    if (paths) return runPathImport(paths);
    const outcomes = await importMany(files, (done, total) => setProgress({ done, total }));
    setProgress(null);
    await showOutcomes(outcomes);
  }

  async function runPathImport(paths: string[]) {
    if (!paths.length) return;
    setProgress({ done: 0, total: paths.length });
    let outcomes: ImportOutcome[];
    try {
      outcomes = await importPaths(paths, (done, total) => setProgress({ done, total }));
    } finally {
      setProgress(null);
    }
    await showOutcomes(outcomes);
  }

  /** After an import: refresh, then a toast for one new article or the summary, and open the last one. */
  async function showOutcomes(outcomes: ImportOutcome[]) {
    await refresh();
    const imported = outcomes.filter((o) => o.status === 'imported');
    if (outcomes.length === 1 && imported.length === 1) {
      toasts.info(t('import.done', { title: imported[0].status === 'imported' ? imported[0].title : '' }));
    } else {
      setSummary(outcomes);
    }
    const last = imported.at(-1);
    if (last && last.status === 'imported') open(last.id);
    else if (outcomes.length === 1 && outcomes[0].status === 'duplicate' && outcomes[0].id) open(outcomes[0].id);
  }

  // Files opened from the operating system ("Open with Briefing Desk"), imported by the desktop app.
  const showOpened = useStableCallback((outcomes: ImportOutcome[]) => {
    showLibrary();
    showOutcomes(outcomes).catch((err) => toasts.error(err));
  });
  useEffect(() => watchOpenedFiles(showOpened), [showOpened]);

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    // The desktop app takes dropped files and folders by path (main walks folders); browser mode reads them here.
    const paths = pathsOf([...event.dataTransfer.files]);
    if (paths) {
      runPathImport(paths).catch((err) => toasts.error(err));
      return;
    }
    filesFromDrop(event.dataTransfer)
      .then(runImport)
      .catch((err) => toasts.error(err));
  }

  const dropHandlers = {
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes('Files')) {
        e.preventDefault();
        setDragging(true);
      }
    },
    onDragLeave: (e: DragEvent) => e.currentTarget === e.target && setDragging(false),
    onDrop,
  };

  return { progress, summary, closeSummary: () => setSummary(null), dragging, dropHandlers, runImport, runPathImport };
}
