/**
 * The window's toolbar: the views (library, notebook, briefings), search, import
 * (files, a folder, pasted text), the interface language and, in browser
 * mode (which has no menu bar), Copy diagnostics.
 */
import { useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { api, desktopHost } from '../api-client';
import { SUPPORTED } from '../library/import-files';
import { copyText } from '../annotations/citation';
import { fullDiagnostics } from './diagnostics';
import type { ToastState } from './Toasts';
import { MenuButton } from './MenuButton';

export type View = 'library' | 'notebook' | 'briefings';

export const IMPORT_ACCEPT = '.txt,.text,.md,.markdown,.html,.htm,.xhtml,.docx,.pdf';
const IMPORTABLE = /\.(txt|text|md|markdown|html?|xhtml|docx|pdf)$/i;

export interface AppToolbarProps {
  view: View;
  onView(view: View): void;
  onSearch(): void;
  onPaste(): void;
  /** Files picked in the page (browser mode: their bytes are sent). */
  onFiles(files: { file: File; label: string }[]): void;
  /** Files or folders chosen in the desktop app's open dialog, by path (main reads them). */
  onPaths(paths: string[]): void;
  /** Backup and restore commands. */
  onBackup(action: 'backup' | 'restore'): void;
  onPalette(): void;
  toasts: ToastState;
}

export function AppToolbar({ view, onView, onSearch, onPaste, onFiles, onPaths, onBackup, onPalette, toasts }: AppToolbarProps) {
  const { t, locale, setLocale } = useI18n();
  const copyDiagnostics = async () => {
    const copied = await copyText(await fullDiagnostics({}, () => api.diagnostics({})));
    if (copied) toasts.info(t('boundary.copied'));
    else toasts.error(new Error(t('boundary.copyFailed')));
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  /** The import buttons: the desktop app's open dialog (paths), else the page's file inputs (bytes). */
  async function pick(folders: boolean) {
    const host = desktopHost();
    if (!host) return (folders ? folderInput : fileInput).current?.click();
    const extensions = SUPPORTED.map((e) => e.slice(1));
    const { paths } = await host.chooseImportPaths(folders ? { folders: true } : { filters: [{ name: t('import.filter'), extensions }] });
    if (paths.length) onPaths(paths);
  }
  const choose = (folders: boolean) => void pick(folders).catch((err: unknown) => toasts.error(err));
  const tab = (name: View, label: string, key: string) => (
    <button
      role="tab"
      aria-selected={view === name}
      className={view === name ? 'active' : undefined}
      title={`${label} (Alt+${key})`}
      aria-keyshortcuts={`Alt+${key}`}
      onClick={() => onView(name)}
      data-testid={`tab-${name}`}
    >
      {label}
    </button>
  );
  return (
    <header className="toolbar">
      <span className="brand">{t('app.name')}</span>
      <div className="view-tabs" role="tablist" aria-label={t('app.views')}>
        {tab('library', t('app.viewLibrary'), '1')}
        {tab('notebook', t('app.viewNotebook'), '2')}
        {tab('briefings', t('app.viewBriefings'), '3')}
      </div>
      <button className="search-trigger" onClick={onSearch} data-testid="open-search">
        {t('search.open')}
      </button>
      <button
        className="ghost palette-trigger"
        onClick={onPalette}
        title={`${t('palette.open')} (Ctrl+Shift+P)`}
        aria-keyshortcuts="Control+Shift+P"
        data-testid="open-palette"
      >
        {t('palette.button')}
      </button>
      <div className="toolbar-actions">
        <button onClick={() => choose(false)} data-testid="import-file">
          {t('import.file')}
        </button>
        <button onClick={() => choose(true)}>{t('import.folder')}</button>
        <button onClick={onPaste}>{t('import.paste')}</button>
        <MenuButton
          label={t('backup.menu')}
          className=""
          testId="backup-menu"
          items={[
            { key: 'backup', label: t('backup.now'), testId: 'backup-now' },
            { key: 'restore', label: t('backup.restore'), testId: 'backup-restore' },
          ]}
          onChoose={(key) => onBackup(key as 'backup' | 'restore')}
        />
        <button className="ghost" title={t('app.languageLabel')} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')} data-testid="toggle-language">
          {t('app.language')}
        </button>
        {api.host === 'browser' && (
          // The desktop app has this in its Help menu; browser mode has no menu bar.
          <button
            className="ghost"
            title={t('app.diagnosticsLabel')}
            aria-label={t('app.diagnosticsLabel')}
            onClick={() => void copyDiagnostics()}
            data-testid="copy-diagnostics"
          >
            {t('app.diagnostics')}
          </button>
        )}
      </div>
      <input
        ref={fileInput}
        type="file"
        multiple
        hidden
        accept={IMPORT_ACCEPT}
        data-testid="file-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])].map((file) => ({ file, label: file.name }));
          e.target.value = '';
          onFiles(files);
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        {...({ webkitdirectory: '' } as Record<string, string>)}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])].map((file) => ({ file, label: file.webkitRelativePath || file.name }));
          e.target.value = '';
          onFiles(files.filter((f) => IMPORTABLE.test(f.file.name)));
        }}
      />
    </header>
  );
}
