/**
 * Beside the composer: two tabs (arrow keys move between them), the print preview with the template
 * choice and export, or the highlight picker that adds highlights to a chosen section; and a button
 * that widens the side (a preference).
 */
import type { KeyboardEvent } from 'react';
import type { TemplateName } from '../../src-main/common/briefing/model';
import type { ExportFormat } from '../../src-main/common/contract/briefings';
import type { ExportProgressEvent } from '../../src-main/common/contract/events';
import { useI18n } from '../i18n/I18nProvider';
import type { SessionSnapshot } from './briefing-session';
import type { HighlightRef } from './drag';
import { ExportControls } from './ExportControls';
import { HighlightPicker, NEW_SECTION } from './HighlightPicker';
import { Icon } from './Icon';
import { PreviewPane } from './PreviewPane';

/** The side's two tabs. */
export type Side = 'preview' | 'picker';

/** The open briefing and what the side's controls do. */
export interface BriefingSideProps {
  briefingId: string;
  snapshot: SessionSnapshot;
  side: Side;
  onSide(side: Side): void;
  wide: boolean;
  onToggleWide(): void;
  /** The picker's target section id, or NEW_SECTION. */
  pickerTarget: string;
  onPickerTarget(sectionId: string): void;
  onTemplateChange(template: TemplateName): void;
  onExport(format: ExportFormat, onProgress?: (event: ExportProgressEvent) => void): Promise<void>;
  onAdd(refs: HighlightRef[], sectionId?: string): Promise<void>;
  onOpenArticle(articleId: string, annotationId?: string): void;
}

export function BriefingSide({ briefingId, snapshot, side, onSide, wide, ...props }: BriefingSideProps) {
  const { t } = useI18n();

  function onTabKey(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next: Side = side === 'preview' ? 'picker' : 'preview';
    onSide(next);
    document.getElementById(`brief-tab-${next}`)?.focus();
  }

  return (
    <aside className="brief-side" aria-label={t('brief.side.label')}>
      <div className="brief-side-tabs">
        <div role="tablist" aria-label={t('brief.side.label')} onKeyDown={onTabKey}>
          {(['preview', 'picker'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`brief-tab-${name}`}
              aria-selected={side === name}
              aria-controls={`brief-panel-${name}`}
              tabIndex={side === name ? 0 : -1}
              className={side === name ? 'active' : undefined}
              onClick={() => onSide(name)}
              data-testid={`brief-tab-${name}`}
            >
              {t(`brief.side.${name}`)}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="brief-icon-button"
          onClick={props.onToggleWide}
          aria-pressed={wide}
          aria-label={t('brief.side.widen')}
          title={t('brief.side.widen')}
        >
          <Icon name={wide ? 'collapse' : 'expand'} />
        </button>
      </div>
      <div role="tabpanel" id="brief-panel-preview" aria-labelledby="brief-tab-preview" className="brief-panel" hidden={side !== 'preview'}>
        <PreviewPane
          key={briefingId}
          briefingId={briefingId}
          template={snapshot.doc.template ?? 'modern'}
          onTemplateChange={props.onTemplateChange}
          version={snapshot.savedVersion}
        />
        <ExportControls onExport={props.onExport} />
      </div>
      {side === 'picker' && (
        <div role="tabpanel" id="brief-panel-picker" aria-labelledby="brief-tab-picker" className="brief-panel">
          <HighlightPicker
            briefing={snapshot.doc}
            target={snapshot.doc.sections.some((s) => s.id === props.pickerTarget) ? props.pickerTarget : NEW_SECTION}
            onTargetChange={props.onPickerTarget}
            onAdd={props.onAdd}
            onOpenArticle={props.onOpenArticle}
          />
        </div>
      )}
    </aside>
  );
}
