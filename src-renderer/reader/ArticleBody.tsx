/**
 * Draws an article from its blocks. Each block element carries its range of
 * the canonical text (`data-start`/`data-end`) and its index (`data-index`)
 * so selections map back to offsets and highlights can be painted into the
 * right block. `renderSpan` draws a block's content (the reader paints
 * highlights with it). In `editable` mode every block is focusable and a
 * click, Enter or F2 asks to edit it.
 *
 * Memoised: the reader re-renders often (selection toolbar, panel), the body
 * only when the article, the painting or the edit mode change.
 */
import { memo, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { Article, Block } from '../../src-main/common/model';
import { TABLE_CELL_SEPARATOR, TABLE_ROW_SEPARATOR, tableCellRanges } from '../../src-main/common/table-text';

export type RenderSpan = (block: Block, index: number) => ReactNode;

interface BlockOptions {
  editable: boolean;
  editHint?: string;
  /** The block's text starts with its own number (`1.`, `（一）`): no bullet is drawn. */
  numbered?: boolean;
}

function blockElement(block: Block, index: number, content: ReactNode, options: BlockOptions): ReactNode {
  const common = {
    'data-start': block.start,
    'data-end': block.end,
    'data-kind': block.kind,
    'data-index': index,
    className: `blk blk-${block.kind}${options.numbered ? ' blk-numbered' : ''}${options.editable ? ' blk-editable' : ''}`,
    ...(options.editable ? { tabIndex: 0, title: options.editHint } : {}),
  };
  switch (block.kind) {
    case 'title':
      return (
        <h1 key={index} {...common}>
          {content}
        </h1>
      );
    case 'subtitle':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'lead-label':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'lead':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'heading':
      return (block.level ?? 1) <= 1 ? (
        <h2 key={index} {...common}>
          {content}
        </h2>
      ) : (
        <h3 key={index} {...common}>
          {content}
        </h3>
      );
    case 'paragraph':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'quote':
      return (
        <blockquote key={index} {...common}>
          {content}
        </blockquote>
      );
    case 'list-item':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'table':
      // Drawn as a grid by `tableElement`; here (edit mode) as its text.
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'figure-caption':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    case 'footnote':
      return (
        <p key={index} {...common}>
          {content}
        </p>
      );
    default: {
      const never: never = block.kind;
      return never;
    }
  }
}

/**
 * A table block as a grid. Each cell draws its own range of the canonical
 * text; the separators (tab, ` | `) stay in the DOM, hidden, so the block's
 * text nodes still add up to exactly its text (dom-offsets.ts counts them).
 */
function tableElement(article: Article, block: Block, index: number, render: RenderSpan): ReactNode {
  const text = article.text.slice(block.start, block.end);
  const rows = tableCellRanges(text, block.start);
  const cell = (range: { start: number; end: number }, r: number, c: number, last: boolean) => {
    const content = render({ ...block, start: range.start, end: range.end }, index);
    const sep = last ? (r < rows.length - 1 ? TABLE_ROW_SEPARATOR : '') : TABLE_CELL_SEPARATOR;
    const inner = (
      <>
        {content}
        {sep && <span className="tbl-sep">{sep}</span>}
      </>
    );
    return r === 0 ? (
      <th key={c} scope="col">
        {inner}
      </th>
    ) : (
      <td key={c}>{inner}</td>
    );
  };
  const row = (cells: { start: number; end: number }[], r: number) => <tr key={r}>{cells.map((range, c) => cell(range, r, c, c === cells.length - 1))}</tr>;
  return (
    <div key={index} className="blk blk-table" data-start={block.start} data-end={block.end} data-kind="table" data-index={index}>
      <table>
        <thead>{row(rows[0], 0)}</thead>
        {rows.length > 1 && <tbody>{rows.slice(1).map((cells, k) => row(cells, k + 1))}</tbody>}
      </table>
    </div>
  );
}

const NUMBERED = /^(\d{1,3}[.)、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十百\d]+条)/;

export interface ArticleBodyProps {
  article: Article;
  renderSpan?: RenderSpan;
  /** Blocks can be picked for editing their text. */
  editable?: boolean;
  /** Tooltip of an editable block. */
  editHint?: string;
  /** A block was picked for editing (click, Enter or F2 in editable mode). */
  onEditBlock?(index: number): void;
}

function pickedBlock(target: EventTarget): number | null {
  const el = (target as Element).closest?.('[data-index]');
  if (!el || el.closest('textarea, button, input')) return null;
  return Number(el.getAttribute('data-index'));
}

/**
 * Groups the lead label and its lead paragraphs into one boxed aside, the way
 * newspapers print 核心阅读.
 */
export const ArticleBody = memo(function ArticleBody({ article, renderSpan, editable = false, editHint, onEditBlock }: ArticleBodyProps) {
  const out: ReactNode[] = [];
  let lead: ReactNode[] | null = null;
  const options: BlockOptions = { editable, editHint };
  article.blocks.forEach((block, i) => {
    const el =
      block.kind === 'table' && !editable
        ? tableElement(article, block, i, renderSpan ?? ((b) => article.text.slice(b.start, b.end)))
        : blockElement(block, i, renderSpan ? renderSpan(block, i) : article.text.slice(block.start, block.end), {
            ...options,
            numbered: block.kind === 'list-item' && NUMBERED.test(article.text.slice(block.start, Math.min(block.end, block.start + 8))),
          });
    if (block.kind === 'lead-label' || block.kind === 'lead') {
      if (!lead) lead = [];
      lead.push(el);
      return;
    }
    if (lead) {
      out.push(
        <aside className="lead-box" key={`lead-${i}`} data-testid="lead-box">
          {lead}
        </aside>,
      );
      lead = null;
    }
    out.push(el);
  });
  if (lead)
    out.push(
      <aside className="lead-box" key="lead-end" data-testid="lead-box">
        {lead}
      </aside>,
    );

  const onClick = (event: MouseEvent) => {
    if (!editable || !onEditBlock) return;
    const index = pickedBlock(event.target);
    if (index !== null && !window.getSelection()?.toString()) onEditBlock(index);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!editable || !onEditBlock || (event.key !== 'Enter' && event.key !== 'F2')) return;
    if (!(event.target as Element).matches?.('[data-index]')) return;
    event.preventDefault();
    onEditBlock(Number((event.target as Element).getAttribute('data-index')));
  };
  return (
    <article
      className={editable ? 'article-body article-editing' : 'article-body'}
      lang={/[\u4e00-\u9fff]/.test(article.meta.title) ? 'zh-CN' : 'en'}
      onClick={editable ? onClick : undefined}
      onKeyDown={editable ? onKeyDown : undefined}
    >
      {out}
    </article>
  );
});
