/**
 * "Export" menu button: the article's annotations as W3C Web Annotation
 * JSON-LD, Markdown or our own JSON.
 */
import { useI18n } from '../i18n/I18nProvider';
import { MenuButton } from '../app/MenuButton';

export type ExportFormat = 'w3c' | 'md' | 'json';

export function ExportMenu({ disabled, onExport }: { disabled?: boolean; onExport(format: ExportFormat): void }) {
  const { t } = useI18n();
  return (
    <MenuButton
      label={t('annot.export')}
      testId="export-annotations"
      disabled={disabled}
      items={[
        { key: 'w3c', label: t('annot.exportW3c'), testId: 'export-w3c' },
        { key: 'md', label: t('annot.exportMd'), testId: 'export-md' },
        { key: 'json', label: t('annot.exportJson'), testId: 'export-json' },
      ]}
      onChoose={(key) => onExport(key as ExportFormat)}
    />
  );
}
