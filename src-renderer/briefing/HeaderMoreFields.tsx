/**
 * The header's fields folded away by default: the classification line, distribution (报/送/发), the
 * print settings and the label language (auto, 中文, English).
 */
import type { BriefingHeader } from '../../src-main/common/briefing/model';
import { useI18n } from '../i18n/I18nProvider';
import { setHeader, useHeaderEdits } from './header-edits';
import { HeaderField } from './HeaderField';
import { HeaderPrintSettings } from './HeaderPrintSettings';

/** `uid` prefixes the inputs' ids; the section's own id is `<uid>-more` (the disclosure controls it). */
export function HeaderMoreFields({ header, uid }: { header: BriefingHeader; uid: string }) {
  const { t } = useI18n();
  const { text, distribution, edit, commit } = useHeaderEdits();
  return (
    <div className="brief-header-more" id={`${uid}-more`}>
      <HeaderField htmlFor={`${uid}-classification`} label="brief.header.classification" className="brief-field-wide">
        <input
          id={`${uid}-classification`}
          value={header.classification ?? ''}
          placeholder={t('brief.header.classificationPlaceholder')}
          onChange={(e) => text('classification', e.target.value)}
          onBlur={commit}
          maxLength={200}
        />
      </HeaderField>
      {(['to', 'cc', 'issuedTo'] as const).map((key) => (
        <HeaderField key={`dist-${key}`} htmlFor={`${uid}-dist-${key}`} label={`brief.header.dist.${key}`} className="brief-field-wide">
          <input
            id={`${uid}-dist-${key}`}
            value={header.distribution?.[key] ?? ''}
            placeholder={t(`brief.header.dist.${key}Placeholder`)}
            onChange={(e) => distribution(key, e.target.value)}
            onBlur={commit}
            maxLength={2000}
          />
        </HeaderField>
      ))}
      <HeaderPrintSettings header={header} uid={uid} />
      <HeaderField htmlFor={`${uid}-language`} label="brief.header.language">
        <select
          id={`${uid}-language`}
          value={header.language ?? ''}
          onChange={(e) => {
            const v = e.target.value;
            edit((b) => (v === 'zh' || v === 'en' ? setHeader(b, { language: v }) : setHeader(b, {}, ['language'])), { immediate: true });
          }}
        >
          <option value="">{t('brief.header.languageAuto')}</option>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </HeaderField>
    </div>
  );
}
