/**
 * Every action of the window for the command palette, with its shortcut: the views, search, import,
 * backup and restore, language, diagnostics; library, reader and notebook actions. Reader actions
 * press the reader's own key where the user was (the palette gives focus back there).
 */
import { api } from '../api-client';
import { copyText } from '../annotations/citation';
import { fullDiagnostics } from './diagnostics';
import type { PaletteCommand } from './CommandPalette';
import type { ToastState } from './Toasts';
import type { View } from './AppToolbar';
import type { useI18n } from '../i18n/I18nProvider';

/** The window's actions the commands run. */
export interface AppCommandDeps {
  setView(view: View): void;
  openSearch(): void;
  toggleSidebar(): void;
  paste(): void;
  backup(): void;
  restore(): void;
  /** The article open in the reader, if any. */
  selectedId: string | null;
  editDetails(id: string): void;
  requestDelete(ids: string[]): void;
  toasts: ToastState;
  t: ReturnType<typeof useI18n>['t'];
}

/** The palette's commands; `title` and `group` are message keys. */
export function appCommands(deps: AppCommandDeps): PaletteCommand[] {
  const { setView, openSearch, toggleSidebar, selectedId, toasts, t } = deps;
  const click = (testId: string) => () => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.click();
  /** Focuses what `selector` names as soon as it is on the page (a view may still be loading its first rows), for up to 5 s. */
  const focus = (selector: string) => () => {
    const started = performance.now();
    const attempt = () => {
      const el = document.querySelector<HTMLElement>(selector);
      if (el) el.focus();
      else if (performance.now() - started < 5000) setTimeout(attempt, 50);
    };
    attempt();
  };
  /** A reader key, pressed where the user was (the palette gave focus back there). */
  const press =
    (key: string, init: KeyboardEventInit = {}) =>
    () =>
      (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  const inLibrary = (run: () => void) => () => {
    setView('library');
    setTimeout(run, 0);
  };
  return [
    { id: 'view.library', title: 'cmd.viewLibrary', group: 'palette.group.app', shortcut: 'Alt+1', run: () => setView('library') },
    { id: 'view.notebook', title: 'cmd.viewNotebook', group: 'palette.group.app', shortcut: 'Alt+2', run: () => setView('notebook') },
    { id: 'view.briefings', title: 'cmd.viewBriefings', group: 'palette.group.app', shortcut: 'Alt+3', run: () => setView('briefings') },
    { id: 'search', title: 'cmd.search', group: 'palette.group.app', shortcut: 'Ctrl+K', run: openSearch },
    { id: 'import.file', title: 'cmd.importFile', group: 'palette.group.app', run: click('file-input') },
    { id: 'import.folder', title: 'cmd.importFolder', group: 'palette.group.app', run: click('folder-input') },
    { id: 'import.paste', title: 'cmd.paste', group: 'palette.group.app', run: deps.paste },
    { id: 'backup', title: 'cmd.backup', group: 'palette.group.app', run: deps.backup },
    { id: 'restore', title: 'cmd.restore', group: 'palette.group.app', run: deps.restore },
    { id: 'language', title: 'cmd.language', group: 'palette.group.app', run: click('toggle-language') },
    {
      id: 'diagnostics',
      title: 'cmd.diagnostics',
      group: 'palette.group.app',
      run: () =>
        void fullDiagnostics({}, () => api.diagnostics({}))
          .then(copyText)
          .then((copied) => (copied ? toasts.info(t('boundary.copied')) : toasts.error(new Error(t('boundary.copyFailed'))))),
    },
    { id: 'library.sidebar', title: 'cmd.sidebar', group: 'palette.group.library', shortcut: 'Ctrl+Shift+L', run: toggleSidebar },
    { id: 'library.focus', title: 'cmd.focusList', group: 'palette.group.library', run: inLibrary(focus('[data-testid="article-list"]')) },
    { id: 'library.details', title: 'cmd.editDetails', group: 'palette.group.library', shortcut: 'F2', run: () => selectedId && deps.editDetails(selectedId) },
    {
      id: 'library.delete',
      title: 'cmd.deleteArticle',
      group: 'palette.group.library',
      shortcut: 'Delete',
      run: () => selectedId && deps.requestDelete([selectedId]),
    },
    { id: 'reader.focus', title: 'cmd.focusText', group: 'palette.group.reader', run: inLibrary(focus('article.article-body')) },
    ...(['1', '2', '3', '4', '5'] as const).map((digit): PaletteCommand => ({
      id: `reader.color${digit}`,
      title: `cmd.color${digit}`,
      group: 'palette.group.reader',
      shortcut: digit,
      keywords: '高亮 标记 标注 颜色 highlight mark colour color',
      run: press(digit),
    })),
    { id: 'reader.note', title: 'cmd.note', group: 'palette.group.reader', shortcut: 'N', keywords: '批注 备注 注释 按语 comment annotate', run: press('n') },
    { id: 'reader.tags', title: 'cmd.tags', group: 'palette.group.reader', shortcut: 'T', run: press('t') },
    { id: 'reader.copy', title: 'cmd.copy', group: 'palette.group.reader', shortcut: 'C', run: press('c') },
    { id: 'reader.deleteHighlight', title: 'cmd.deleteHighlight', group: 'palette.group.reader', shortcut: 'Delete', run: press('Delete') },
    { id: 'reader.undo', title: 'cmd.undo', group: 'palette.group.reader', shortcut: 'Ctrl+Z', run: press('z', { ctrlKey: true }) },
    { id: 'reader.redo', title: 'cmd.redo', group: 'palette.group.reader', shortcut: 'Ctrl+Shift+Z', run: press('z', { ctrlKey: true, shiftKey: true }) },
    {
      id: 'notebook.focus',
      title: 'cmd.focusNotebook',
      group: 'palette.group.notebook',
      run: () => {
        setView('notebook');
        focus('[data-testid="notebook-list"]')();
      },
    },
  ];
}
