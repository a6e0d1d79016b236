/**
 * The briefing's header as the masthead reads: series name (刊名), issue
 * (第N期), issuing organisation (编印单位), date, title; and, folded away,
 * the classification line, distribution (报/送/发), the 版记 and print
 * settings (copies, comment label 按/点评/编者按, sources list, how the series
 * numbers its issues) and the label language.
 */
import { useId, useState, type ReactNode } from 'react';
import { NOTE_LABELS, NUMBERING, type Briefing, type BriefingHeader, type Distribution } from '../../src-main/common/briefing/model';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';
import { useComposer } from './composer-context';
import { Icon } from './Icon';

type TextField = 'title' | 'organisation' | 'publicationName' | 'classification';
const OPTIONAL: ReadonlySet<string> = new Set(['publicationName', 'classification']);

function setHeader(b: Briefing, patch: Partial<BriefingHeader>, remove: (keyof BriefingHeader)[] = []): Briefing {
  const header = { ...b.header, ...patch } as Record<string, unknown>;
  for (const key of remove) delete header[key];
  return { ...b, header: header as BriefingHeader };
}

/** "12" is stored as a number (printed 第12期), anything else as written ("2023年第3期"). */
function issueValue(text: string): number | string | undefined {
  const s = text.replace(/[\r\n]+/g, ' ');
  if (!s.trim()) return undefined;
  return /^\d{1,5}$/.test(s.trim()) ? Number(s.trim()) : s;
}

export function HeaderForm({ header, invalid }: { header: BriefingHeader; invalid: Record<string, string> }) {
  const { t } = useI18n();
  const composer = useComposer();
  const uid = useId();
  const [more, setMore] = useState(
    () => !!(header.classification || header.distribution || header.language || header.copies || header.noteLabel || header.sourcesList !== undefined),
  );

  function setting(patch: Partial<BriefingHeader>, remove: (keyof BriefingHeader)[] = []) {
    composer.edit((b) => setHeader(b, patch, remove), { immediate: true });
  }

  function text(field: TextField, value: string) {
    const v = value.replace(/[\r\n]+/g, ' ');
    composer.edit((b) => (OPTIONAL.has(field) && !v ? setHeader(b, {}, [field]) : setHeader(b, { [field]: v })), { coalesce: `header.${field}` });
  }

  function distribution(field: keyof Distribution, value: string) {
    composer.edit(
      (b) => {
        const next: Distribution = { ...b.header.distribution, [field]: value };
        if (!value) delete next[field];
        return Object.keys(next).length ? setHeader(b, { distribution: next }) : setHeader(b, {}, ['distribution']);
      },
      { coalesce: `header.distribution.${field}` },
    );
  }

  function errorFor(field: string, key: StringKey) {
    if (!invalid[field]) return null;
    return (
      <span className="brief-field-error" id={`${uid}-${field}-error`} role="alert">
        {t(key)}
      </span>
    );
  }

  const field = (id: string, labelKey: StringKey, input: ReactNode, className = '') => (
    <div key={id} className={`brief-field ${className}`}>
      <label htmlFor={`${uid}-${id}`} className="brief-field-label">
        {t(labelKey)}
      </label>
      {input}
    </div>
  );

  return (
    <header className="brief-header" data-testid="brief-header">
      <div className="brief-masthead-row">
        {field(
          'publicationName',
          'brief.header.publicationName',
          <input
            id={`${uid}-publicationName`}
            className="brief-publication-input"
            value={header.publicationName ?? ''}
            placeholder={t('brief.header.publicationNamePlaceholder')}
            onChange={(e) => text('publicationName', e.target.value)}
            onBlur={composer.commit}
            maxLength={60}
          />,
          'brief-field-publication',
        )}
        {field(
          'issue',
          'brief.header.issue',
          <input
            id={`${uid}-issue`}
            value={header.issueNumber === undefined ? '' : String(header.issueNumber)}
            placeholder={t('brief.header.issuePlaceholder')}
            onChange={(e) => {
              const value = issueValue(e.target.value);
              composer.edit((b) => (value === undefined ? setHeader(b, {}, ['issueNumber']) : setHeader(b, { issueNumber: value })), {
                coalesce: 'header.issueNumber',
              });
            }}
            onBlur={composer.commit}
            maxLength={40}
          />,
          'brief-field-issue',
        )}
      </div>
      <div className="brief-masthead-row">
        {field(
          'organisation',
          'brief.header.organisation',
          <input
            id={`${uid}-organisation`}
            value={header.organisation}
            placeholder={t('brief.header.organisationPlaceholder')}
            onChange={(e) => text('organisation', e.target.value)}
            onBlur={composer.commit}
            maxLength={200}
          />,
          'brief-field-grow',
        )}
        {field(
          'date',
          'brief.header.date',
          <>
            <input
              id={`${uid}-date`}
              type="date"
              value={header.date}
              onChange={(e) => composer.edit((b) => setHeader(b, { date: e.target.value }), { coalesce: 'header.date' })}
              onBlur={composer.commit}
              aria-invalid={!!invalid.date}
              aria-describedby={invalid.date ? `${uid}-date-error` : undefined}
              data-testid="brief-date"
            />
            {errorFor('date', 'brief.error.date')}
          </>,
          'brief-field-date',
        )}
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
          onBlur={composer.commit}
          aria-invalid={!!invalid.title}
          aria-describedby={invalid.title ? `${uid}-title-error` : undefined}
          maxLength={300}
          data-testid="brief-title"
        />
        {errorFor('title', 'brief.error.title')}
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
      {more && (
        <div className="brief-header-more" id={`${uid}-more`}>
          {field(
            'classification',
            'brief.header.classification',
            <input
              id={`${uid}-classification`}
              value={header.classification ?? ''}
              placeholder={t('brief.header.classificationPlaceholder')}
              onChange={(e) => text('classification', e.target.value)}
              onBlur={composer.commit}
              maxLength={200}
            />,
            'brief-field-wide',
          )}
          {(['to', 'cc', 'issuedTo'] as const).map((key) =>
            field(
              `dist-${key}`,
              `brief.header.dist.${key}`,
              <input
                id={`${uid}-dist-${key}`}
                value={header.distribution?.[key] ?? ''}
                placeholder={t(`brief.header.dist.${key}Placeholder`)}
                onChange={(e) => distribution(key, e.target.value)}
                onBlur={composer.commit}
                maxLength={2000}
              />,
              'brief-field-wide',
            ),
          )}
          <div className="brief-field-row" role="group" aria-label={t('brief.header.print')}>
            {field(
              'copies',
              'brief.header.copies',
              <input
                id={`${uid}-copies`}
                type="number"
                min={1}
                max={1000000}
                step={1}
                inputMode="numeric"
                value={header.copies ?? ''}
                placeholder={t('brief.header.copiesPlaceholder')}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  composer.edit((b) => (e.target.value && Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? setHeader(b, { copies: n }) : setHeader(b, {}, ['copies'])), {
                    coalesce: 'header.copies',
                  });
                }}
                onBlur={composer.commit}
                data-testid="brief-copies"
              />,
            )}
            {field(
              'noteLabel',
              'brief.header.noteLabel',
              <select
                id={`${uid}-noteLabel`}
                value={header.noteLabel ?? 'note'}
                onChange={(e) => {
                  const v = e.target.value as (typeof NOTE_LABELS)[number];
                  setting(v === 'note' ? {} : { noteLabel: v }, v === 'note' ? ['noteLabel'] : []);
                }}
                data-testid="brief-note-label"
              >
                {NOTE_LABELS.map((k) => (
                  <option key={k} value={k}>
                    {t(`brief.header.noteLabel.${k}`)}
                  </option>
                ))}
              </select>,
            )}
            {field(
              'sourcesList',
              'brief.header.sourcesList',
              <select
                id={`${uid}-sourcesList`}
                value={header.sourcesList === undefined ? 'auto' : header.sourcesList ? 'on' : 'off'}
                title={t('brief.header.sourcesList.hint')}
                onChange={(e) => {
                  const v = e.target.value;
                  setting(v === 'auto' ? {} : { sourcesList: v === 'on' }, v === 'auto' ? ['sourcesList'] : []);
                }}
                data-testid="brief-sources-list"
              >
                {(['auto', 'on', 'off'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`brief.header.sourcesList.${k}`)}
                  </option>
                ))}
              </select>,
            )}
            {field(
              'numbering',
              'brief.header.numbering',
              <select
                id={`${uid}-numbering`}
                value={header.series?.numbering ?? 'yearly'}
                disabled={!header.series}
                onChange={(e) => {
                  const v = e.target.value as (typeof NUMBERING)[number];
                  composer.edit(
                    (b) => (b.header.series ? setHeader(b, { series: v === 'yearly' ? { id: b.header.series.id } : { ...b.header.series, numbering: v } }) : b),
                    { immediate: true },
                  );
                }}
                data-testid="brief-numbering"
              >
                {NUMBERING.map((k) => (
                  <option key={k} value={k}>
                    {t(`brief.header.numbering.${k}`)}
                  </option>
                ))}
              </select>,
            )}
          </div>
          {field(
            'language',
            'brief.header.language',
            <select
              id={`${uid}-language`}
              value={header.language ?? ''}
              onChange={(e) => {
                const v = e.target.value;
                composer.edit((b) => (v === 'zh' || v === 'en' ? setHeader(b, { language: v }) : setHeader(b, {}, ['language'])), { immediate: true });
              }}
            >
              <option value="">{t('brief.header.languageAuto')}</option>
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>,
          )}
        </div>
      )}
    </header>
  );
}
