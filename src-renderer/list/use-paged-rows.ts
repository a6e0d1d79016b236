/**
 * The virtualised side of a `PagedList` listbox, shared by the article list
 * and the notebook: the virtualizer over the query's total, the pages the
 * rows in view need (and a screenful either side) asked of core as they
 * scroll in, and where the list keys ↑ ↓ PageUp PageDown Home End move to.
 *
 * Rows differ in height (a title on one line or three, tags or none), so
 * each is measured once shown and the virtualizer places every row below
 * the measured heights of the rows before it. It keeps those heights by
 * position, and a row in the DOM keeps its element when the rows change
 * around it (an import, a deletion, a new sort or filter moves it to another
 * position): neither its ref nor its ResizeObserver fires again, since its
 * own size did not change. So after every change of the rows, each row in
 * the DOM is measured again where it now stands; otherwise it would be
 * placed by the height of the row that stood there before and overlap its
 * neighbour (or leave a gap). Keys stay positions: a key per row id made
 * every change of the rows a new layout of the whole list, which lost the
 * top rows of a 10,000-row list after a re-sort or a deletion.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PagedListSnapshot } from './paged-list';

/** What a list needs of its store to page rows in. */
interface Pages {
  ensureRange(start: number, end: number): void;
}

/**
 * `estimate` is a row's expected height in CSS px (rows are measured once
 * shown); `overscan` counts rows rendered beyond the view.
 */
export function usePagedRows(list: Pages, snapshot: PagedListSnapshot<unknown>, estimate: number, overscan: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const total = snapshot.total ?? 0;
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => estimate, overscan });
  const items = virtualizer.getVirtualItems();
  const scrolling = virtualizer.isScrolling;
  // Before paint, after the rows of a change are in the DOM (see above). Not while the user scrolls (rows
  // only come and go then, and new ones are measured by their ResizeObserver); once the scrolling stops, again.
  useLayoutEffect(() => {
    if (scrolling) return;
    const rows = scrollRef.current?.querySelectorAll<HTMLElement>(':scope > [role="listbox"] > [data-index]') ?? [];
    for (const row of rows) virtualizer.resizeItem(Number(row.dataset.index), Math.round(row.getBoundingClientRect().height));
  }, [virtualizer, snapshot.version, total, scrolling]);
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    list.ensureRange(first - 30, last + 60);
  }, [list, first, last, snapshot.version]);
  /** Rows a PageUp/PageDown moves by: a screenful less one. */
  const pageRows = () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / estimate) - 1);
  return { scrollRef, virtualizer, items, total, pageRows };
}

/**
 * The row a navigation key moves to from `at` (-1: none yet), clamped to
 * 0…total-1; null for any other key. `page` is the rows a PageUp/PageDown moves.
 */
export function navigationTarget(key: string, at: number, total: number, page: number): number | null {
  let target: number;
  switch (key) {
    case 'ArrowDown':
      target = at + 1;
      break;
    case 'ArrowUp':
      target = at - 1;
      break;
    case 'PageDown':
      target = at + page;
      break;
    case 'PageUp':
      target = at - page;
      break;
    case 'Home':
      target = 0;
      break;
    case 'End':
      target = total - 1;
      break;
    default:
      return null;
  }
  return Math.max(0, Math.min(total - 1, target));
}
