/**
 * The text column: the metadata line, the article's blocks with their
 * highlights and inline marks (bold, italics, links) painted in (memoised block by block, so a change repaints only
 * the blocks it touches), the block editor in edit mode, and whatever floats
 * over the text (the selection toolbar, as children).
 */
import { useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Block } from '../../src-main/common/model';
import type { AnnotationSnapshot, TextRange } from '../annotations/annotation-session';
import { HighlightedText } from '../annotations/HighlightedText';
import { paintBlocks, type PaintCache } from '../annotations/paint';
import { rangeOf } from '../annotations/annotation-list';
import { marksByBlock } from '../../src-main/common/marks';
import { intersects } from '../annotations/segments';
import { useI18n } from '../i18n/I18nProvider';
import { ArticleBody } from './ArticleBody';
import { BlockEditor } from './BlockEditor';
import type { EditText } from './use-edit-text';
import type { HighlightNavigation } from './use-highlight-navigation';
import type { ReaderDom } from './use-reader-dom';
import { useLatest } from './use-latest';
import { PrintNotes } from './PrintNotes';

export interface ReaderTextProps {
  snapshot: AnnotationSnapshot;
  dom: ReaderDom;
  nav: HighlightNavigation;
  edit: EditText;
  focusRange: TextRange | null;
  children?: ReactNode;
}

export function ReaderText({ snapshot, dom, nav, edit, focusRange, children }: ReaderTextProps) {
  const { t, date } = useI18n();
  const { article, list, placed, selectedId, byId } = snapshot;
  const paintCache = useRef<PaintCache>(new Map());
  const painted = useMemo(() => paintBlocks(article.blocks, list, focusRange, paintCache.current), [article.blocks, list, focusRange]);
  const selected = selectedId ? (byId.get(selectedId) ?? null) : null;
  const selectedRange = selected && !selected.orphan ? rangeOf(selected) : null;
  // Roving tab stop: the selected highlight, else the first one.
  const tabStop = selected && !selected.orphan ? selected : (placed[0] ?? null);
  const tabStopRange = tabStop ? rangeOf(tabStop) : null;
  const { editBlock, busy, save, cancel } = edit;
  const blockMarks = useMemo(() => marksByBlock(article.blocks, article.marks), [article.blocks, article.marks]);

  const renderSpan = useCallback(
    (block: Block, index: number) => {
      if (index === editBlock) {
        return <BlockEditor initial={article.text.slice(block.start, block.end)} busy={busy} onSave={(value) => save(block, value)} onCancel={cancel} />;
      }
      const tabHere = tabStopRange && tabStopRange.start >= block.start && tabStopRange.start < block.end;
      return (
        <HighlightedText
          text={article.text.slice(block.start, block.end)}
          offset={block.start}
          marks={blockMarks[index]}
          segments={painted[index]}
          selectedId={selectedRange && intersects(block, selectedRange) ? selectedId : null}
          tabStopId={tabHere ? tabStop!.id : null}
          tabStopStart={tabHere ? tabStopRange!.start : -1}
        />
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- ranges by value, so a new object with the same offsets repaints nothing
    [article.text, blockMarks, painted, selectedId, selectedRange?.start, selectedRange?.end, tabStop?.id, tabStopRange?.start, editBlock, busy, save, cancel],
  );

  // Keep a highlight's toolbar at its highlight when the highlight is repainted (recoloured, overlapped).
  const { toolbar, showHighlightToolbar } = dom;
  const toolbarRef = useLatest(toolbar);
  useLayoutEffect(() => {
    if (toolbarRef.current?.mode === 'highlight' && selectedId) showHighlightToolbar(selectedId);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on repaint
  }, [painted]);

  const { meta } = article;
  return (
    // Focusable so the keyboard can scroll it (Page Up/Down, arrows) without a pointer.
    <div
      className="reader-scroll"
      ref={dom.scrollRef}
      tabIndex={0}
      role="region"
      aria-label={t('reader.scrollLabel', { title: meta.title })}
      data-testid="reader-scroll"
    >
      <div className="measure" ref={dom.measureRef} onClick={nav.onClick} onFocus={nav.onFocus} onKeyDown={nav.onKeyDown}>
        {(meta.source || meta.published || meta.author || meta.docNumber) && (
          <p className="article-meta">
            {meta.source && <span>{meta.source}</span>}
            {meta.docNumber && <span>{meta.docNumber}</span>}
            {meta.author && <span>{meta.author}</span>}
            {meta.published && <time dateTime={meta.published}>{date(meta.published)}</time>}
          </p>
        )}
        <ArticleBody article={article} renderSpan={renderSpan} editable={edit.editMode} editHint={t('reader.editBlockHint')} onEditBlock={edit.open} />
        <PrintNotes placed={placed} />
        {children}
      </div>
    </div>
  );
}
