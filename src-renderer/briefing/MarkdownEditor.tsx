/**
 * A Markdown text box with a live, sanitised preview (see render-markdown.ts)
 * for the summary, notes and free text. The textarea grows with its content.
 */
import { useDeferredValue, useMemo, useState, type MouseEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { renderMarkdown } from './render-markdown';

export interface MarkdownEditorProps {
  id: string;
  label: string;
  /** Keep the label for screen readers only. */
  hideLabel?: boolean;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  placeholder?: string;
  /** `always`: preview whenever there is text; `focus`: only while editing. */
  preview?: 'always' | 'focus';
  rows?: number;
  testId?: string;
  /** Language of the text, for the right quotation marks, hyphenation and fonts. */
  lang?: string;
  /** The schema's limit for the field, so the core never refuses a save for length. */
  maxLength?: number;
}

export function MarkdownEditor({
  id,
  label,
  hideLabel,
  value,
  onChange,
  onBlur,
  placeholder,
  preview = 'always',
  rows = 3,
  testId,
  lang,
  maxLength,
}: MarkdownEditorProps) {
  const { t } = useI18n();
  const [focused, setFocused] = useState(false);
  const deferred = useDeferredValue(value);
  const html = useMemo(() => renderMarkdown(deferred), [deferred]);
  const showPreview = !!html && (preview === 'always' || focused);

  // A link in a note must not navigate the app away from the composer.
  function onPreviewClick(event: MouseEvent) {
    const link = (event.target as Element).closest('a');
    if (!link) return;
    event.preventDefault();
    const href = link.getAttribute('href') ?? '';
    if (/^https?:\/\//i.test(href)) window.open(href, '_blank', 'noopener,noreferrer');
  }

  return (
    <div
      className={`brief-md-editor${showPreview ? ' has-preview' : ''}`}
      onFocus={() => setFocused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setFocused(false);
      }}
    >
      <label htmlFor={id} className={hideLabel ? 'brief-sr-only' : 'brief-field-label'}>
        {label}
      </label>
      <textarea
        id={id}
        className="brief-md-input"
        value={value}
        rows={rows}
        placeholder={placeholder}
        lang={lang}
        maxLength={maxLength}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        data-testid={testId}
        aria-describedby={`${id}-hint`}
      />
      <span id={`${id}-hint`} className="brief-sr-only">
        {t('brief.md.hint')}
      </span>
      {showPreview && (
        <div className="brief-md-preview" role="region" aria-label={t('brief.md.preview')} data-testid={testId ? `${testId}-preview` : undefined}>
          <span className="brief-md-preview-label" aria-hidden="true">
            {t('brief.md.preview')}
          </span>
          <div className="brief-md-rendered" lang={lang} onClick={onPreviewClick} dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      )}
    </div>
  );
}
