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

export type RenderSpan = (block: Block, index: number) => ReactNode;

interface BlockOptions {
  editable: boolean;
  editHint?: string;
}

function blockElement(block: Block, index: number, content: ReactNode, options: BlockOptions): ReactNode {
  const common = {
    'data-start': block.start,
    'data-end': block.end,
    'data-kind': block.kind,
    'data-index': index,
    className: options.editable ? `blk blk-${block.kind} blk-editable` : `blk blk-${block.kind}`,
    ...(options.editable ? { tabIndex: 0, title: options.editHint } : {}),
  };
  switch (block.kind) {
    case 'title':
      return <h1 key={index} {...common}>{content}</h1>;
    case 'subtitle':
      return <p key={index} {...common}>{content}</p>;
    case 'lead-label':
      return <p key={index} {...common}>{content}</p>;
    case 'lead':
      return <p key={index} {...common}>{content}</p>;
    case 'heading':
      return (block.level ?? 1) <= 1 ? <h2 key={index} {...common}>{content}</h2> : <h3 key={index} {...common}>{content}</h3>;
    case 'paragraph':
      return <p key={index} {...common}>{content}</p>;
    case 'quote':
      return <blockquote key={index} {...common}>{content}</blockquote>;
    case 'list-item':
      return <p key={index} {...common}>{content}</p>;
    case 'table':
      return <p key={index} {...common}>{content}</p>;
    case 'figure-caption':
      return <p key={index} {...common}>{content}</p>;
    case 'footnote':
      return <p key={index} {...common}>{content}</p>;
    default: {
      const never: never = block.kind;
      return never;
    }
  }
}

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
    const content = renderSpan ? renderSpan(block, i) : article.text.slice(block.start, block.end);
    const el = blockElement(block, i, content, options);
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
  if (lead) out.push(<aside className="lead-box" key="lead-end" data-testid="lead-box">{lead}</aside>);

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
      lang={/[\u4e00-\u9fff]/.test(article.meta.title) ? 'zh-CN' : undefined}
      onClick={editable ? onClick : undefined}
      onKeyDown={editable ? onKeyDown : undefined}
    >
      {out}
    </article>
  );
});
