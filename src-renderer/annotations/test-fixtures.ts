/**
 * Test fixtures: a short article shaped like the sample (title, lead,
 * heading, paragraphs) and annotations on it, built with the same selector
 * helpers the core uses.
 */
import type { Annotation } from '../../src-main/common/annotation';
import type { Article, Block, BlockKind, ColorKey } from '../../src-main/common/model';
import { describeRange } from '../../src-main/common/anchoring/describe';

const PARTS: [BlockKind, string][] = [
  ['title', '推动32个重大产业项目签约，项目投资总额288亿元'],
  ['lead-label', '核心阅读'],
  ['lead', '7月6日至8日，2023世界人工智能大会在上海举办。大会共对接210家上下游企业。'],
  ['heading', '人工智能应用场景加速拓展'],
  ['paragraph', '当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家，智能芯片、开发框架等创新成果不断涌现。'],
  ['paragraph', '业内人士认为，开放共建、合作共赢，是实现人工智能产业落地的关键。'],
];

export function sampleArticle(overrides: Partial<Article> = {}): Article {
  const blocks: Block[] = [];
  let text = '';
  for (const [kind, part] of PARTS) {
    if (text) text += '\n';
    blocks.push({ kind, start: text.length, end: text.length + part.length, ...(kind === 'heading' ? { level: 1 } : {}) });
    text += part;
  }
  return {
    schemaVersion: 1,
    id: 'a1b2c3d4e5f6',
    text,
    blocks,
    meta: { title: PARTS[0][1], source: '人民日报', published: '2023-07-10', tags: [] },
    provenance: { format: 'text', importedAt: '2024-01-01T00:00:00.000Z' },
    revision: 1,
    modified: '2024-01-01T00:00:00.000Z',
    ...overrides,
  };
}

let counter = 0;

/** An annotation on `phrase` (to the end of `endPhrase` when given) in the article. */
export function annotationOn(
  article: Article,
  phrase: string,
  options: { color?: ColorKey; note?: string; tags?: string[]; id?: string; endPhrase?: string; orphan?: boolean; created?: string } = {},
): Annotation {
  const start = article.text.indexOf(phrase);
  if (start < 0) throw new Error(`not in the article: ${phrase}`);
  const end = options.endPhrase ? article.text.indexOf(options.endPhrase, start) + options.endPhrase.length : start + phrase.length;
  const created = options.created ?? `2024-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`;
  const annotation: Annotation = {
    id: options.id ?? `h${String(++counter).padStart(4, '0')}abc`,
    articleId: article.id,
    target: { selector: describeRange(article.text, start, end) },
    color: options.color ?? 'key',
    note: options.note ?? '',
    tags: options.tags ?? [],
    created,
    modified: created,
  };
  if (options.orphan) annotation.orphan = true;
  return annotation;
}
