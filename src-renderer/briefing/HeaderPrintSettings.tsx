/**
 * The header's print settings: copies (印数, 1–1,000,000), the comment label (按/点评/编者按), whether
 * the sources list prints (auto/on/off) and how the series numbers its issues (only for a briefing in a
 * series).
 */
import { NOTE_LABELS, NUMBERING, type BriefingHeader } from '../../src-main/common/briefing/model';
import { useI18n } from '../i18n/I18nProvider';
import { setHeader, useHeaderEdits } from './header-edits';
import { HeaderField } from './HeaderField';

/** `uid` prefixes the inputs' ids (from the form's useId). */
export function HeaderPrintSettings({ header, uid }: { header: BriefingHeader; uid: string }) {
  const { t } = useI18n();
  const { setting, edit, commit } = useHeaderEdits();
  return (
    <div className="brief-field-row" role="group" aria-label={t('brief.header.print')}>
      <HeaderField htmlFor={`${uid}-copies`} label="brief.header.copies">
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
            edit((b) => (e.target.value && Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? setHeader(b, { copies: n }) : setHeader(b, {}, ['copies'])), {
              coalesce: 'header.copies',
            });
          }}
          onBlur={commit}
          data-testid="brief-copies"
        />
      </HeaderField>
      <HeaderField htmlFor={`${uid}-noteLabel`} label="brief.header.noteLabel">
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
        </select>
      </HeaderField>
      <HeaderField htmlFor={`${uid}-sourcesList`} label="brief.header.sourcesList">
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
        </select>
      </HeaderField>
      <HeaderField htmlFor={`${uid}-numbering`} label="brief.header.numbering">
        <select
          id={`${uid}-numbering`}
          value={header.series?.numbering ?? 'yearly'}
          disabled={!header.series}
          onChange={(e) => {
            const v = e.target.value as (typeof NUMBERING)[number];
            edit((b) => (b.header.series ? setHeader(b, { series: v === 'yearly' ? { id: b.header.series.id } : { ...b.header.series, numbering: v } }) : b), {
              immediate: true,
            });
          }}
          data-testid="brief-numbering"
        >
          {NUMBERING.map((k) => (
            <option key={k} value={k}>
              {t(`brief.header.numbering.${k}`)}
            </option>
          ))}
        </select>
      </HeaderField>
    </div>
  );
}
