/**
 * Where reading stopped in each article: when the text view rests after a
 * scroll, and when the reader leaves it (another article, a reload, the
 * window closed), the offset (UTF-16 units into the canonical text) of the
 * first character in view is kept in the preferences (`readingPositions`,
 * the 300 articles read last); opening the article again scrolls back there,
 * unless the app asked for a particular place (a search hit, a highlight).
 */
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { usePreferencesStore } from '../app/preferences';
import { textNodesOf } from '../annotations/dom-offsets';

/** Scrolling that stops this long (ms) saves the place. */
const REST_MS = 500;
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

/**
 * Keeps the place reading stopped in `articleId` (see the module comment) and scrolls back to it once when the
 * view opens (unless `hasFocusRequest`). The place is measured from the DOM (`firstInView`) and saved when
 * scrolling rests (REST_MS), and again at the moment of leaving: when the view goes (another article, the reader
 * closed; measured in a layout-effect cleanup, before React removes the text) and when the page is hidden or
 * unloaded (`visibilitychange` to hidden, `pagehide`: a reload, the window or tab closed). A scroll whose event
 * has not been dispatched yet is kept too: `scrollTop` moves at once, the event comes a frame later.
 */
export function useReadingPosition(articleId: string, scrollRef: RefObject<HTMLElement | null>, hasFocusRequest: boolean): void {
  const store = usePreferencesStore();
  const restored = useRef(false);
  /** `scrollTop` (px) when the place was last restored or saved: leaving with the view still there saves nothing new. */
  const settledTop = useRef(0);

  // Back to where reading stopped (once, when the view opens).
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const offset = store.get('readingPositions')?.[articleId];
    const scroller = scrollRef.current;
    if (!scroller) return;
    if (!hasFocusRequest && offset) scrollToOffset(scroller, offset);
    settledTop.current = scroller.scrollTop;
  }, [articleId, scrollRef, store, hasFocusRequest]);

  // Remember it whenever scrolling rests, and on leaving. A layout effect: its cleanup runs while the text is
  // still in the page, so the place can be measured when the view goes.
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      clearTimeout(timer);
      timer = undefined;
      settledTop.current = scroller.scrollTop;
      const offset = scroller.scrollTop < 8 ? 0 : firstInView(scroller);
      if (offset === null) return;
      const before = store.get('readingPositions') ?? {};
      if (before[articleId] === offset || (offset === 0 && before[articleId] === undefined)) return;
      const { [articleId]: _old, ...rest } = before;
      const kept = Object.entries(rest).slice(-(KEEP - 1));
      store.set('readingPositions', Object.fromEntries(offset ? [...kept, [articleId, offset]] : kept));
    };
    /** Leaving: saves unless nothing moved since the place was last restored or saved. */
    const leave = () => {
      if (!restored.current) return; // never shown: nothing was read
      if (timer !== undefined || scroller.scrollTop !== settledTop.current) save();
    };
    /** The page is hidden or going away: the save leaves now, not behind a save still on its way. */
    const leavePage = () => {
      leave();
      store.flush();
    };
    const onScroll = () => {
      clearTimeout(timer);
      timer = setTimeout(save, REST_MS);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') leavePage();
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', leavePage);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', leavePage);
      leave();
      clearTimeout(timer);
    };
  }, [articleId, scrollRef, store]);
}
