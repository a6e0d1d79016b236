/**
 * Edits an article's metadata: title, subtitle, source, author, date, URL,
 * tags (shared with the library), industry, region and a free note.
 *
 * Typed text is never lost: every change is kept as a draft in the library
 * (app/drafts.ts), so a reload or crash reopens the form as it was; a click
 * outside the dialog saves; Escape or Cancel with changes asks first.
 */
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { CatalogEntry } from '../../src-main/common/model';
import { draftKey, type MetaDraftField } from '../../src-main/common/contract/drafts';
import { api } from '../api-client';
import { useI18n } from '../i18n/I18nProvider';
import type { StringKey } from '../i18n/strings';
import { useDraftBook } from '../app/drafts';
import { useEditGuard } from '../app/use-edit-guard';
import { DraftStatus } from '../annotations/DraftStatus';

const FIELDS = ['title', 'subtitle', 'source', 'author', 'published', 'url', 'docNumber', 'industry', 'region'] as const;
type Field = (typeof FIELDS)[number];

interface Props {
  entry: CatalogEntry;
  knownTags: string[];
  onSaved(entry: CatalogEntry): void;
  onClose(): void;
}

type Form = Record<MetaDraftField, string>;

/** The form as the saved entry fills it. */
function formOf(entry: CatalogEntry): Form {
  return {
    ...(Object.fromEntries(FIELDS.map((f) => [f, (entry[f] as string | undefined) ?? ''])) as Record<Field, string>),
    tags: entry.tags.join(', '),
    note: entry.note ?? '',
  };
}

export function MetaEditor({ entry, knownTags, onSaved, onClose }: Props) {
  const { t } = useI18n();
  const book = useDraftBook();
  const key = draftKey({ kind: 'meta', articleId: entry.id });
  const [saved] = useState(() => formOf(entry));
  const [restored] = useState(() => {
    const d = book.get(key);
    return d?.kind === 'meta' ? d.fields : null;
  });
  const [form, setForm] = useState<Form>(() => ({ ...saved, ...restored }));
  const draftState = useSyncExternalStore(book.subscribe, () => book.state(key));
  const changed = (Object.keys(form) as MetaDraftField[]).filter((f) => form[f] !== saved[f]);
  const dirty = changed.length > 0;
  const values = Object.fromEntries(FIELDS.map((f) => [f, form[f]])) as Record<Field, string>;
  const { tags, note } = form;
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useEditGuard({
    dirty,
    onSave: () => void submit(),
    onClose,
    onDiscard: () => book.discard(key),
    question: 'draft.discardMeta',
  });

  function set(field: MetaDraftField, value: string) {
    const next = { ...form, [field]: value };
    setForm(next);
    // Only the fields that differ from what is saved are kept.
    const fields = Object.fromEntries((Object.keys(next) as MetaDraftField[]).filter((f) => next[f] !== saved[f]).map((f) => [f, next[f]]));
    if (Object.keys(fields).length) book.put({ kind: 'meta', articleId: entry.id, fields });
    else book.discard(key);
  }
  const setValues = (update: (v: Record<Field, string>) => Record<Field, string>) => {
    const next = update(values);
    const field = FIELDS.find((f) => next[f] !== values[f]);
    if (field) set(field, next[field]);
  };
  const setTags = (value: string) => set('tags', value);
  const setNote = (value: string) => set('note', value);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!dirty) {
      book.discard(key);
      onClose();
      return;
    }
    setBusy(true);
    try {
      const result = await api.updateArticleMeta({
        id: entry.id,
        meta: {
          ...values,
          note,
          tags: [
            ...new Set(
              tags
                .split(/[,，、;；]/)
                .map((s) => s.trim())
                .filter(Boolean),
            ),
          ],
        },
      });
      book.discard(key);
      onSaved(result);
    } catch (err) {
      const e = err as Error & { field?: string };
      guard.unsettle();
      setError({ field: e.field?.replace(/^meta\./, ''), message: e.message });
    } finally {
      setBusy(false);
    }
  }

  return (
    // A click outside the dialog is "done here": what was typed is saved (as Zotero's item pane does on blur).
    <div className="dialog-backdrop" onClick={guard.save}>
      <form
        className="dialog meta-editor"
        role="dialog"
        aria-modal="true"
        aria-labelledby="meta-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          // Escape in the question itself answers the question.
          if (e.key !== 'Escape' || (e.target as HTMLElement).closest('[data-testid="confirm-dialog"]')) return;
          e.preventDefault();
          guard.cancel();
        }}
        onSubmit={(e) => {
          e.preventDefault();
          guard.save();
        }}
        data-testid="meta-editor"
      >
        <h3 id="meta-title">{t('meta.title')}</h3>
        {restored && (
          <p className="small draft-restored" role="status" data-testid="draft-restored">
            {t('draft.restored')}
          </p>
        )}
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
        {error && (
          <p className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <div className="dialog-actions">
          <DraftStatus state={dirty ? draftState : 'none'} />
          <button type="button" onClick={guard.cancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="meta-save">
            {t('common.save')}
          </button>
        </div>
        {guard.dialog}
      </form>
    </div>
  );
}
