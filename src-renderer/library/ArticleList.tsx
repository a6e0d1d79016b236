/**
 * The article list: a virtualised, multi-selectable listbox over
 * `LibraryList` (only the rows in view are in the DOM; their pages are asked
 * of core as they scroll in). A plain click or ↑/↓ opens an article and
 * selects it alone; Ctrl/Cmd+click and Space add or remove one; Shift+click
 * and Shift+↑/↓ extend; Ctrl/Cmd+A selects every match; F2 edits the
 * details, Delete deletes the selection, Escape keeps only the open one.
 * Rows carry no controls of their own (a listbox option may not), so every
 * action is reachable by key or from the selection bar.
 */
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { ArticleRow } from '../../src-main/common/contract/library-query';
import { useI18n } from '../i18n/I18nProvider';
import { PendingRow } from '../list/PendingRow';
import { navigationTarget, usePagedRows } from '../list/use-paged-rows';
import type { LibraryList, LibraryListSnapshot } from './library-list';

export interface ArticleListProps {
  list: LibraryList;
  snapshot: LibraryListSnapshot;
  /** The article open in the reader. */
  currentId: string | null;
  onOpen(id: string): void;
  onEdit(id: string): void;
  onDeleteSelection(): void;
}

const ROW_HEIGHT = 64;

export function ArticleList({ list, snapshot, currentId, onOpen, onEdit, onDeleteSelection }: ArticleListProps) {
  const { t, date } = useI18n();
  const { scrollRef, virtualizer, items, total, pageRows } = usePagedRows(list, snapshot, ROW_HEIGHT, 10);

  const currentIndex = currentId ? list.indexOf(currentId) : -1;
  // Keep the open article in view when it changes.
  useEffect(() => {
    if (currentIndex >= 0) virtualizer.scrollToIndex(currentIndex, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the open article moves
  }, [currentId, currentIndex >= 0]);

  // A key moved to a row whose page has not arrived yet: it opens when it does.
  const waiting = useRef<{ index: number; extend: boolean } | null>(null);
  useEffect(() => {
    const w = waiting.current;
    if (w && list.rowAt(w.index)) {
      waiting.current = null;
      openAt(w.index, w.extend);
    }
  });

  function openAt(index: number, extend: boolean) {
    const target = Math.max(0, Math.min(total - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = list.rowAt(target);
    if (!row) {
      waiting.current = { index: target, extend };
      list.ensureRange(target - 20, target + 20);
      return;
    }
    waiting.current = null;
    if (extend) list.extendTo(target);
    else list.selectOnly(row.id, target);
    onOpen(row.id);
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!total) return;
    const at = currentIndex >= 0 ? currentIndex : -1;
    const mod = event.ctrlKey || event.metaKey;
    const target = navigationTarget(event.key, at, total, pageRows());
    if (target !== null) {
      openAt(target, event.shiftKey);
      event.preventDefault();
      return;
    }
    switch (event.key) {
      case ' ':
        if (!currentId) return;
        list.toggle(currentId, at);
        break;
      case 'a':
      case 'A':
        if (!mod) return;
        void list.selectAllMatching();
        break;
      case 'Escape':
        if (snapshot.selected.size <= 1) return;
        if (currentId) list.selectOnly(currentId, at);
        else list.clearSelection();
        break;
      case 'F2':
        if (currentId) onEdit(currentId);
        break;
      case 'Delete':
        if (snapshot.selected.size || currentId) onDeleteSelection();
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  function onRowClick(event: MouseEvent, row: ArticleRow, index: number, onBox: boolean) {
    if (event.shiftKey) {
      list.extendTo(index);
      return;
    }
    if (event.ctrlKey || event.metaKey || onBox) {
      list.toggle(row.id, index);
      return;
    }
    list.selectOnly(row.id, index);
    onOpen(row.id);
  }

  const multi = snapshot.selected.size > 1;
  return (
    <div className="article-scroll" ref={scrollRef}>
      <ul
        className={`article-list${multi ? ' multi' : ''}`}
        role="listbox"
        aria-multiselectable="true"
        aria-label={t('library.listLabel')}
        aria-describedby="article-list-keys"
        tabIndex={0}
        aria-activedescendant={currentIndex >= 0 && items.some((i) => i.index === currentIndex) ? `article-${currentId}` : undefined}
        onKeyDown={onKeyDown}
        style={{ height: virtualizer.getTotalSize() }}
        data-testid="article-list"
      >
        {items.map((item) => {
          const row = list.rowAt(item.index);
          const style = { transform: `translateY(${item.start}px)` };
          if (!row) {
            return <PendingRow key={`pending-${item.index}`} index={item.index} total={total} height={ROW_HEIGHT} style={style} />;
          }
          const checked = snapshot.selected.has(row.id);
          const current = row.id === currentId;
          return (
            <li
              key={row.id}
              id={`article-${row.id}`}
              ref={virtualizer.measureElement}
              data-index={item.index}
              role="option"
              aria-selected={checked}
              aria-current={current ? 'true' : undefined}
              aria-setsize={total}
              aria-posinset={item.index + 1}
              className={`${current ? 'current' : ''}${checked ? ' checked' : ''}`}
              style={style}
              onClick={(e) => onRowClick(e, row, item.index, (e.target as Element).closest('.row-check') !== null)}
              data-testid="article-row"
            >
              <span className="row-check" aria-hidden="true" />
              <span className="row-body">
                <span className="row-title">{row.title}</span>
                <span className="row-meta">
                  <span>{row.source || t('library.noSource')}</span>
                  {row.published && <time dateTime={row.published}>{date(row.published)}</time>}
                </span>
                {(row.tags.length > 0 || row.highlightTags.length > 0) && (
                  <span className="row-tags">
                    {row.tags.slice(0, 3).map((tag) => (
                      <span key={tag} className="tag-chip">
                        {tag}
                      </span>
                    ))}
                    {row.highlightTags
                      .filter((tag) => !row.tags.includes(tag))
                      .slice(0, 3)
                      .map((tag) => (
                        <span key={`h-${tag}`} className="tag-chip tag-chip-highlight" title={t('list.rowHighlightTag')}>
                          {tag}
                        </span>
                      ))}
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <p id="article-list-keys" className="visually-hidden">
        {t('list.keysHint')}
      </p>
    </div>
  );
}
