/**
 * The outline of an article: its headings (blocks of kind `heading`, with
 * their GB/T 9704 level: 一、 = 1, （一） = 2, 1. = 3, （1） = 4) as a list
 * to jump with. The heading being read (the last one above the top of the
 * text view) is marked; a click scrolls its block to the top.
 */
import { memo, useEffect, useMemo, useState, type RefObject } from 'react';
import type { Article } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';

interface Heading {
  start: number;
  level: number;
  text: string;
}

/** The article's headings, in text order. */
export function headingsOf(article: Pick<Article, 'text' | 'blocks'>): Heading[] {
  return article.blocks
    .filter((b) => b.kind === 'heading')
    .map((b) => ({ start: b.start, level: Math.min(4, Math.max(1, b.level ?? 1)), text: article.text.slice(b.start, b.end).trim() }))
    .filter((h) => h.text);
}

/** The rendered block that starts at `start`. */
function blockAt(root: HTMLElement | null, start: number): HTMLElement | null {
  return root?.querySelector<HTMLElement>(`article.article-body [data-start="${start}"]`) ?? null;
}

export const Outline = memo(function Outline({ article, scrollRef }: { article: Article; scrollRef: RefObject<HTMLElement | null> }) {
  const { t } = useI18n();
  const headings = useMemo(() => headingsOf(article), [article]);
  const [current, setCurrent] = useState<number | null>(null);

  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || !headings.length) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const top = scroller.getBoundingClientRect().top + 24;
        let at: number | null = null;
        for (const h of headings) {
          const el = blockAt(scroller, h.start);
          if (el && el.getBoundingClientRect().top <= top) at = h.start;
          else if (el) break;
        }
        setCurrent(at);
      });
    };
    onScroll();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [headings, scrollRef]);

  return (
    <nav className="outline" aria-label={t('reading.outlineLabel')} data-testid="outline">
      <h2>{t('reading.outlineTitle')}</h2>
      {headings.length === 0 ? (
        <p className="empty">{t('reading.outlineEmpty')}</p>
      ) : (
        <ol>
          {headings.map((h) => (
            <li key={h.start} className={`lvl-${h.level}`}>
              <button
                type="button"
                aria-current={current === h.start ? 'true' : undefined}
                data-testid="outline-item"
                onClick={() => {
                  const el = blockAt(scrollRef.current, h.start);
                  el?.scrollIntoView({ block: 'start' });
                  setCurrent(h.start);
                }}
              >
                {h.text}
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
});
