/**
 * Edits an article's metadata: title, subtitle, source, author, date, URL,
 * tags (shared with the library), industry, region and a free note.
 */
import { useState, type FormEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';

const FIELDS = ['title', 'subtitle', 'source', 'author', 'published', 'url', 'docNumber', 'industry', 'region'] as const;
type Field = (typeof FIELDS)[number];

interface Props {
  entry: CatalogEntry;
  knownTags: string[];
  onSaved(entry: CatalogEntry): void;
  onClose(): void;
}

export function MetaEditor({ entry, knownTags, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<Field, string>>(() =>
    Object.fromEntries(FIELDS.map((f) => [f, (entry[f] as string | undefined) ?? ''])) as Record<Field, string>,
  );
  const [tags, setTags] = useState(entry.tags.join(', '));
  const [note, setNote] = useState(entry.note ?? '');
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await api.updateArticleMeta({
        id: entry.id,
        meta: {
          ...values,
          note,
          tags: [...new Set(tags.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean))],
        },
      });
      onSaved(saved);
    } catch (err) {
      const e = err as Error & { field?: string };
      setError({ field: e.field?.replace(/^meta\./, ''), message: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form
        className="dialog meta-editor"
        role="dialog"
        aria-modal="true"
        aria-labelledby="meta-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
        onSubmit={submit}
        data-testid="meta-editor"
      >
        <h3 id="meta-title">{t('meta.title')}</h3>
        <div className="meta-grid">
          {FIELDS.map((f) => (
            <label key={f} className={error?.field === f ? 'invalid' : undefined}>
              <span>{t((f === 'title' ? 'meta.titleField' : `meta.${f}`) as StringKey)}</span>
              <input
                type={f === 'published' ? 'date' : f === 'url' ? 'url' : 'text'}
                value={values[f]}
                autoFocus={f === 'title'}
                onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                data-testid={`meta-${f}`}
              />
            </label>
          ))}
          <label className={`wide ${error?.field?.startsWith('tags') ? 'invalid' : ''}`}>
            <span>{t('meta.tags')}</span>
            <input value={tags} onChange={(e) => setTags(e.target.value)} list="known-tags" placeholder={t('meta.tagsHint')} data-testid="meta-tags" />
            <datalist id="known-tags">
              {knownTags.map((tag) => (
                <option key={tag} value={tag} />
              ))}
            </datalist>
          </label>
          <label className="wide">
            <span>{t('meta.note')}</span>
            <textarea rows={4} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        </div>
        {error && <p className="form-error" role="alert">{error.message}</p>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy} data-testid="meta-save">{t('common.save')}</button>
        </div>
      </form>
    </div>
  );
}
