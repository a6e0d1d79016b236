/**
 * Where reading stopped in each article: when the text view rests after a
 * scroll, the offset (UTF-16 units into the canonical text) of the first
 * block in view is kept in the preferences (`readingPositions`, the 300
 * articles read last); opening the article again scrolls back there, unless
 * the app asked for a particular place (a search hit, a highlight).
 */
import { useEffect, useRef, type RefObject } from 'react';
import { usePreferencesStore } from '../app/preferences';
import { textNodesOf } from '../annotations/dom-offsets';

const REST_MS = 500;
/** While scrolling, the place in view is measured at most this often (ms). */
const CAPTURE_MS = 100;
const KEEP = 300;

const BLOCKS = 'article.article-body [data-start]';

/** The rectangle of the character at `local` (UTF-16 units into the block's text), or null. */
function charRect(block: HTMLElement, local: number): DOMRect | null {
  let left = local;
  for (const node of textNodesOf(block)) {
    if (left < node.length) {
      const range = document.createRange();
      range.setStart(node, left);
      range.setEnd(node, left + 1);
      return range.getBoundingClientRect();
    }
    left -= node.length;
  }
  return null;
}

/** The offset of the first character on the first line in view (a block cut by the top: the character there). */
function firstInView(scroller: HTMLElement): number | null {
  const top = scroller.getBoundingClientRect().top + 2;
  for (const el of scroller.querySelectorAll<HTMLElement>(BLOCKS)) {
    const box = el.getBoundingClientRect();
    if (box.bottom <= top) continue;
    const start = Number(el.dataset.start);
    if (box.top >= top) return start;
    const length = Number(el.dataset.end) - start;
    for (let i = 0; i < length; i++) {
      const rect = charRect(el, i);
      if (rect && rect.bottom > top) return start + i;
    }
    return start;
  }
  return null;
}

/** Scrolls so that the line holding `offset` is the first in view. */
function scrollToOffset(scroller: HTMLElement, offset: number): void {
  const block = [...scroller.querySelectorAll<HTMLElement>(BLOCKS)].filter((el) => Number(el.dataset.start) <= offset).at(-1);
  if (!block) return;
  const rect = charRect(block, offset - Number(block.dataset.start)) ?? block.getBoundingClientRect();
  scroller.scrollTop += rect.top - scroller.getBoundingClientRect().top;
}

export function useReadingPosition(articleId: string, scrollRef: RefObject<HTMLElement | null>, hasFocusRequest: boolean): void {
  const store = usePreferencesStore();
  const restored = useRef(false);

  // Back to where reading stopped (once, when the view opens).
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const offset = store.get('readingPositions')?.[articleId];
    const scroller = scrollRef.current;
    if (hasFocusRequest || !offset || !scroller) return;
    scrollToOffset(scroller, offset);
  }, [articleId, scrollRef, store, hasFocusRequest]);

  // Remember it whenever scrolling rests.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The place as last seen while scrolling (at most every CAPTURE_MS): what an article switch or a close within
    // REST_MS of the last scroll keeps, when the view is already gone and cannot be measured.
    let seen: number | null = null;
    let seenAt = 0;
    const capture = (): number | null => {
      seen = scroller.scrollTop < 8 ? 0 : firstInView(scroller);
      seenAt = performance.now();
      return seen;
    };
    const save = (offset: number | null = capture()) => {
      timer = undefined;
      if (offset === null) return;
      const before = store.get('readingPositions') ?? {};
      if (before[articleId] === offset || (offset === 0 && before[articleId] === undefined)) return;
      const { [articleId]: _old, ...rest } = before;
      const kept = Object.entries(rest).slice(-(KEEP - 1));
      store.set('readingPositions', Object.fromEntries(offset ? [...kept, [articleId, offset]] : kept));
    };
    const onScroll = () => {
      clearTimeout(timer);
      if (performance.now() - seenAt >= CAPTURE_MS) capture();
      timer = setTimeout(() => save(), REST_MS);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      if (timer === undefined) return;
      clearTimeout(timer);
      save(seen); // left before the scroll came to rest: keep the place last seen
    };
  }, [articleId, scrollRef, store]);
}
