/**
 * Draws an article from its blocks. Each block element carries its range of
 * the canonical text (`data-start`/`data-end`) so selections map back to
 * offsets and highlights can be painted into the right block.
 */
import type { ReactNode } from 'react';
import type { Article, Block } from '../../src-main/common/model';

export type RenderSpan = (block: Block, index: number) => ReactNode;

function blockElement(block: Block, index: number, content: ReactNode): ReactNode {
  const common = { key: index, 'data-start': block.start, 'data-end': block.end, 'data-kind': block.kind, className: `blk blk-${block.kind}` };
  switch (block.kind) {
    case 'title':
      return <h1 {...common}>{content}</h1>;
    case 'subtitle':
      return <p {...common}>{content}</p>;
    case 'lead-label':
      return <p {...common}>{content}</p>;
    case 'lead':
      return <p {...common}>{content}</p>;
    case 'heading':
      return (block.level ?? 1) <= 1 ? <h2 {...common}>{content}</h2> : <h3 {...common}>{content}</h3>;
    case 'paragraph':
      return <p {...common}>{content}</p>;
    case 'quote':
      return <blockquote {...common}>{content}</blockquote>;
    case 'list-item':
      return <p {...common}>{content}</p>;
    case 'table':
      return <p {...common}>{content}</p>;
    case 'figure-caption':
      return <p {...common}>{content}</p>;
    default: {
      const never: never = block.kind;
      return never;
    }
  }
}

/**
 * Groups the lead label and its lead paragraphs into one boxed aside, the way
 * newspapers print 核心阅读.
 */
export function ArticleBody({ article, renderSpan }: { article: Article; renderSpan?: RenderSpan }) {
  const out: ReactNode[] = [];
  let lead: ReactNode[] | null = null;
  article.blocks.forEach((block, i) => {
    const content = renderSpan ? renderSpan(block, i) : article.text.slice(block.start, block.end);
    const el = blockElement(block, i, content);
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
  return <article className="article-body" lang={/[\u4e00-\u9fff]/.test(article.meta.title) ? 'zh-CN' : undefined}>{out}</article>;
}
