/**
 * Edits a highlight's tags: chips for the current tags and a combobox that
 * suggests the library's existing tags (shared with the library list) as you
 * type. Enter or a comma adds, Backspace on an empty field removes the last
 * tag, arrows move through the suggestions, Escape cancels.
 */
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface TagEditorProps {
  initial: string[];
  /** Known tags to suggest. */
  suggestions: readonly string[];
  onSave(tags: string[]): void;
  onCancel(): void;
}

const MAX_SUGGESTIONS = 8;

export function TagEditor({ initial, suggestions, onSave, onCancel }: TagEditorProps) {
  const { t } = useI18n();
  const [tags, setTags] = useState<string[]>(initial);
  const [input, setInput] = useState('');
  const [active, setActive] = useState(-1);
  const id = useId();
  const listId = `${id}-list`;

  const matches = useMemo(() => {
    const q = input.trim().toLowerCase();
    return suggestions
      .filter((s) => !tags.includes(s) && (!q || s.toLowerCase().includes(q)))
      .sort((a, b) => Number(!a.toLowerCase().startsWith(q)) - Number(!b.toLowerCase().startsWith(q)))
      .slice(0, MAX_SUGGESTIONS);
  }, [input, suggestions, tags]);

  function add(tag: string) {
    const clean = tag.trim().replace(/[,，]+$/, '').trim();
    if (clean && !tags.includes(clean)) setTags((list) => [...list, clean]);
    setInput('');
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
        if (event.ctrlKey || event.metaKey) {
          onSave(input.trim() ? [...tags, input.trim()].filter((x, i, all) => all.indexOf(x) === i) : tags);
        } else if (active >= 0 && matches[active]) add(matches[active]);
        else if (input.trim()) add(input);
        else onSave(tags);
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
        onCancel();
        return;
      default:
    }
  }

  const pending = input.trim();
  return (
    <div className="tag-editor" data-testid="tag-editor">
      <label htmlFor={id} className="small muted">{t('annot.tagsLabel')}</label>
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
        <span className="muted small">{t('annot.tagKeys')}</span>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button
          type="button"
          className="primary"
          data-testid="tag-save"
          onClick={() => onSave(pending && !tags.includes(pending) ? [...tags, pending] : tags)}
        >
          {t('common.save')}
        </button>
      </div>
    </div>
  );
}
