/**
 * The briefing's header as the masthead reads: series name (刊名), issue
 * (第N期), issuing organisation (编印单位), date, title; and, folded away,
 * the classification line, distribution (报/送/发), the 版记 and print
 * settings (copies, comment label 按/点评/编者按, sources list, how the series
 * numbers its issues) and the label language.
 *
 * The edits are in header-edits.ts; the folded fields in HeaderMoreFields and
 * HeaderPrintSettings; a labelled field in HeaderField.
 */
import { useId, useState } from 'react';
import type { BriefingHeader } from '../../src-main/common/briefing/model';
import { useI18n } from '../i18n/I18nProvider';
import { DateField } from '../app/DateField';
import { Icon } from './Icon';
import { issueValue, setHeader, useHeaderEdits } from './header-edits';
import { FieldError, HeaderField } from './HeaderField';
import { HeaderMoreFields } from './HeaderMoreFields';

/** `invalid` names the fields the header fails validation on (title, date), with a reason. */
export function HeaderForm({ header, invalid }: { header: BriefingHeader; invalid: Record<string, string> }) {
  const { t } = useI18n();
  const { text, edit, commit } = useHeaderEdits();
  const uid = useId();
  const [more, setMore] = useState(
    () => !!(header.classification || header.distribution || header.language || header.copies || header.noteLabel || header.sourcesList !== undefined),
  );

  return (
    <header className="brief-header" data-testid="brief-header">
      <div className="brief-masthead-row">
        <HeaderField htmlFor={`${uid}-publicationName`} label="brief.header.publicationName" className="brief-field-publication">
          <input
            id={`${uid}-publicationName`}
            className="brief-publication-input"
            value={header.publicationName ?? ''}
            placeholder={t('brief.header.publicationNamePlaceholder')}
            onChange={(e) => text('publicationName', e.target.value)}
            onBlur={commit}
            maxLength={60}
          />
        </HeaderField>
        <HeaderField htmlFor={`${uid}-issue`} label="brief.header.issue" className="brief-field-issue">
          <input
            id={`${uid}-issue`}
            value={header.issueNumber === undefined ? '' : String(header.issueNumber)}
            placeholder={t('brief.header.issuePlaceholder')}
            onChange={(e) => {
              const value = issueValue(e.target.value);
              edit((b) => (value === undefined ? setHeader(b, {}, ['issueNumber']) : setHeader(b, { issueNumber: value })), {
                coalesce: 'header.issueNumber',
              });
            }}
            onBlur={commit}
            maxLength={40}
          />
        </HeaderField>
      </div>
      <div className="brief-masthead-row">
        <HeaderField htmlFor={`${uid}-organisation`} label="brief.header.organisation" className="brief-field-grow">
          <input
            id={`${uid}-organisation`}
            value={header.organisation}
            placeholder={t('brief.header.organisationPlaceholder')}
            onChange={(e) => text('organisation', e.target.value)}
            onBlur={commit}
            maxLength={200}
          />
        </HeaderField>
        <HeaderField htmlFor={`${uid}-date`} label="brief.header.date" className="brief-field-date">
          <DateField
            id={`${uid}-date`}
            value={header.date}
            onChange={(date) => edit((b) => setHeader(b, { date }), { coalesce: 'header.date' })}
            onBlur={commit}
            aria-invalid={!!invalid.date}
            aria-describedby={invalid.date ? `${uid}-date-error` : undefined}
            data-testid="brief-date"
          />
          <FieldError uid={uid} field="date" invalid={invalid} message="brief.error.date" />
        </HeaderField>
      </div>
      <div className="brief-field brief-field-title">
        <label htmlFor={`${uid}-title`} className="brief-field-label">
          {t('brief.header.title')}
        </label>
        {/* A one-line field that wraps: official titles often run to two lines. */}
        <textarea
          id={`${uid}-title`}
          className="brief-title-input"
          rows={1}
          value={header.title}
          placeholder={t('brief.header.titlePlaceholder')}
          onChange={(e) => text('title', e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
          onBlur={commit}
          aria-invalid={!!invalid.title}
          aria-describedby={invalid.title ? `${uid}-title-error` : undefined}
          maxLength={300}
          data-testid="brief-title"
        />
        <FieldError uid={uid} field="title" invalid={invalid} message="brief.error.title" />
      </div>
      <button
        type="button"
        className="brief-disclosure"
        aria-expanded={more}
        aria-controls={`${uid}-more`}
        onClick={() => setMore((m) => !m)}
        data-testid="brief-header-more"
      >
        <Icon name="chevron" size={12} />
        {t('brief.header.more')}
      </button>
      {more && <HeaderMoreFields header={header} uid={uid} />}
    </header>
  );
}
