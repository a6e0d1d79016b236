/**
 * Edits a highlight's tags: chips for the current tags and a combobox that
 * suggests the library's existing tags (shared with the library list) as you
 * type. Enter or a comma adds, Backspace on an empty field removes the last
 * tag, arrows move through the suggestions. Leaving the editor saves (the
 * half-typed tag becomes one); Escape or Cancel asks before throwing away
 * tags added or typed (app/use-edit-guard.tsx). The chips and the typed text
 * are kept as a draft in the library, so a reload restores them.
 */
import { useId, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { draftKey } from '../../src-main/common/contract/drafts';
import { useI18n } from '../i18n/I18nProvider';
import { useDraftBook } from '../app/drafts';
import { useEditGuard } from '../app/use-edit-guard';
import { DraftStatus } from './DraftStatus';

export interface TagEditorProps {
  /** The tags as saved. */
  initial: string[];
  articleId: string;
  annotationId: string;
  /** Known tags to suggest. */
  suggestions: readonly string[];
  onSave(tags: string[]): void;
  onCancel(): void;
}

const MAX_SUGGESTIONS = 8;

/** The tags to save: the chips, and what is typed if it is not one yet. */
function finalTags(tags: string[], input: string): string[] {
  const pending = input
    .trim()
    .replace(/[,，]+$/, '')
    .trim();
  return pending && !tags.includes(pending) ? [...tags, pending] : tags;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function TagEditor({ initial, articleId, annotationId, suggestions, onSave, onCancel }: TagEditorProps) {
  const { t } = useI18n();
  const book = useDraftBook();
  const key = draftKey({ kind: 'tags', articleId, annotationId });
  const [restored] = useState(() => {
    const d = book.get(key);
    return d?.kind === 'tags' && !(same(d.tags, initial) && !d.input.trim()) ? d : null;
  });
  const [tags, setTagsState] = useState<string[]>(restored?.tags ?? initial);
  const [input, setInputState] = useState(restored?.input ?? '');
  const [active, setActive] = useState(-1);
  const draftState = useSyncExternalStore(book.subscribe, () => book.state(key));
  const id = useId();
  const listId = `${id}-list`;
  const dirty = !same(finalTags(tags, input), initial);
  const guard = useEditGuard({
    dirty,
    onSave: () => onSave(finalTags(tags, input)),
    onClose: onCancel,
    onDiscard: () => book.discard(key),
    question: 'draft.discardTags',
  });

  function keep(nextTags: string[], nextInput: string) {
    if (same(finalTags(nextTags, nextInput), initial) && !nextInput.trim()) book.discard(key);
    else book.put({ kind: 'tags', articleId, annotationId, tags: nextTags, input: nextInput });
  }
  function setTags(update: (list: string[]) => string[]) {
    const next = update(tags);
    setTagsState(next);
    keep(next, input);
  }
  function setInput(next: string) {
    setInputState(next);
    keep(tags, next);
  }

  const matches = useMemo(() => {
    const q = input.trim().toLowerCase();
    return suggestions
      .filter((s) => !tags.includes(s) && (!q || s.toLowerCase().includes(q)))
      .sort((a, b) => Number(!a.toLowerCase().startsWith(q)) - Number(!b.toLowerCase().startsWith(q)))
      .slice(0, MAX_SUGGESTIONS);
  }, [input, suggestions, tags]);

  function add(tag: string) {
    const clean = tag
      .trim()
      .replace(/[,，]+$/, '')
      .trim();
    const next = clean && !tags.includes(clean) ? [...tags, clean] : tags;
    setTagsState(next);
    setInputState('');
    keep(next, '');
    setActive(-1);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive((n) => (matches.length ? (n + 1) % matches.length : -1));
        return;
      case 'ArrowUp':
        event.preventDefault();
        setActive((n) => (matches.length ? (n - 1 + matches.length) % matches.length : -1));
        return;
      case 'Enter':
        event.preventDefault();
        if (event.ctrlKey || event.metaKey) guard.save();
        else if (active >= 0 && matches[active]) add(matches[active]);
        else if (input.trim()) add(input);
        else guard.save();
        return;
      case ',':
      case '，':
        event.preventDefault();
        add(input);
        return;
      case 'Backspace':
        if (!input && tags.length) setTags((list) => list.slice(0, -1));
        return;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        guard.cancel();
        return;
      default:
    }
  }

  return (
    <div className="tag-editor" data-testid="tag-editor" {...guard.containerProps}>
      {restored !== null && (
        <p className="small draft-restored" role="status" data-testid="draft-restored">
          {t('draft.restored')}
        </p>
      )}
      <label htmlFor={id} className="small muted">
        {t('annot.tagsLabel')}
      </label>
      <div className="tag-field">
        {tags.map((tag) => (
          <span className="tag-chip" key={tag}>
            {tag}
            <button type="button" className="chip-remove" aria-label={t('annot.removeTag', { tag })} onClick={() => setTags((l) => l.filter((x) => x !== tag))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          autoFocus
          role="combobox"
          aria-expanded={matches.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          value={input}
          placeholder={t('annot.tagPlaceholder')}
          data-testid="tag-input"
          onChange={(e) => {
            setInput(e.target.value);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {matches.length > 0 && (
        <ul className="tag-suggestions" id={listId} role="listbox" aria-label={t('annot.tagSuggestions')}>
          {matches.map((tag, n) => (
            <li
              key={tag}
              id={`${listId}-${n}`}
              role="option"
              aria-selected={n === active}
              className={n === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => add(tag)}
            >
              {tag}
            </li>
          ))}
        </ul>
      )}
      <div className="editor-actions">
        <DraftStatus state={dirty || input.trim() ? draftState : 'none'} />
        <span className="muted small">{t('annot.tagKeys')}</span>
        <button type="button" onClick={guard.cancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="primary" data-testid="tag-save" onClick={guard.save}>
          {t('common.save')}
        </button>
      </div>
      {guard.dialog}
    </div>
  );
}
