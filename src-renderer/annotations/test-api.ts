/**
 * An in-memory stand-in for the API in component tests: the annotation and
 * briefing methods the reader uses, behaving like core (selectors written
 * with the same helpers, re-anchoring with the same `reanchorAll`), with
 * every call recorded. Test-only; never imported by the app.
 */
import { vi } from 'vitest';
import type { Annotation } from '../../src-main/common/annotation';
import type { Article, Block } from '../../src-main/common/model';
import type { ColorLabels } from '../../src-main/common/contract/annotations';
import { describeRange } from '../../src-main/common/anchoring/describe';
import { reanchorAll } from '../../src-main/common/anchoring/anchor';
import { DEFAULT_LABELS_ZH } from './colors';
import { sortAnnotations } from './annotation-list';

function shift(blocks: Block[], start: number, end: number, inserted: number): Block[] {
  const delta = inserted - (end - start);
  const map = (o: number, isEnd: boolean) => (o < start || (o === start && !isEnd) ? o : o >= end ? o + delta : isEnd ? start + inserted : start);
  return blocks.map((b) => ({ ...b, start: map(b.start, false), end: map(b.end, true) })).filter((b) => b.end > b.start);
}

export function createTestApi(initial: { article: Article; annotations?: Annotation[]; tags?: string[] }) {
  let article = initial.article;
  let annotations = [...(initial.annotations ?? [])];
  let labels: ColorLabels = { ...DEFAULT_LABELS_ZH };
  const briefings: { id: string; title: string; modified: string; items: string[] }[] = [
    { id: 'b0000000001', title: '第12期 人工智能动态', modified: '2024-01-01', items: [] },
  ];
  let n = 0;
  const now = () => new Date(Date.UTC(2024, 0, 1, 0, 0, n++)).toISOString();

  const api = {
    libraryInfo: vi.fn(async () => ({
      path: '/lib',
      articleCount: 1,
      tags: initial.tags ?? ['人工智能', '产业政策'],
      sources: [],
      warnings: [],
      host: 'browser' as const,
    })),
    getColorLabels: vi.fn(async () => labels),
    setColorLabels: vi.fn(async ({ labels: next }: { labels: Partial<ColorLabels> }) => (labels = { ...labels, ...next })),
    listAnnotations: vi.fn(async () => sortAnnotations(annotations)),
    createAnnotation: vi.fn(async (p: { articleId: string; start: number; end: number; color?: Annotation['color']; note?: string; tags?: string[] }) => {
      const t = now();
      const a: Annotation = {
        id: `h${String(++n).padStart(6, '0')}test`,
        articleId: p.articleId,
        target: { selector: describeRange(article.text, p.start, p.end) },
        color: p.color ?? 'key',
        note: p.note ?? '',
        tags: p.tags ?? [],
        created: t,
        modified: t,
      };
      annotations.push(a);
      return a;
    }),
    updateAnnotation: vi.fn(async (p: { id: string; color?: Annotation['color']; note?: string; tags?: string[] }) => {
      const a = annotations.find((x) => x.id === p.id)!;
      Object.assign(a, Object.fromEntries(Object.entries({ color: p.color, note: p.note, tags: p.tags }).filter(([, v]) => v !== undefined)), {
        modified: now(),
      });
      return { ...a };
    }),
    deleteAnnotation: vi.fn(async (p: { id: string }) => {
      const a = annotations.find((x) => x.id === p.id)!;
      annotations = annotations.filter((x) => x.id !== p.id);
      return a;
    }),
    restoreAnnotation: vi.fn(async (p: { annotation: Annotation }) => {
      const [placed] = reanchorAll(undefined, article.text, [p.annotation]).annotations;
      annotations = [...annotations.filter((x) => x.id !== placed.id), placed];
      return placed;
    }),
    reattachAnnotation: vi.fn(async (p: { id: string; start: number; end: number }) => {
      const a = annotations.find((x) => x.id === p.id)!;
      a.target = { selector: describeRange(article.text, p.start, p.end) };
      delete a.orphan;
      return { ...a };
    }),
    editArticleText: vi.fn(async (p: { id: string; start: number; end: number; text: string }) => {
      const oldText = article.text;
      const text = oldText.slice(0, p.start) + p.text + oldText.slice(p.end);
      article = { ...article, text, blocks: shift(article.blocks, p.start, p.end, p.text.length), revision: article.revision + 1 };
      const result = reanchorAll(oldText, text, annotations);
      annotations = result.annotations;
      return { article, report: { total: annotations.length, moved: result.moved, orphaned: result.orphaned } };
    }),
    exportAnnotations: vi.fn(async (p: { format: string }) => ({ fileName: `annotations.${p.format}`, mime: 'application/json', content: '[]' })),
    listBriefings: vi.fn(async () => briefings.map(({ id, title, modified }) => ({ id, title, modified }))),
    createBriefing: vi.fn(async (p: { title: string }) => {
      const b = { id: `bnew${String(++n).padStart(8, '0')}`, title: p.title, modified: now(), items: [] };
      briefings.push(b);
      return { id: b.id, header: { title: b.title } };
    }),
    addHighlightsToBriefing: vi.fn(async (p: { briefingId: string; highlights: { annotationId: string }[]; duplicates?: 'add' | 'skip' }) => {
      const b = briefings.find((x) => x.id === p.briefingId)!;
      const ids = p.highlights.map((h) => h.annotationId).filter((id) => p.duplicates !== 'skip' || !b.items.includes(id));
      b.items.push(...ids);
      return { id: p.briefingId };
    }),
    citingBriefings: vi.fn(async () => ({
      briefings: briefings.filter((b) => b.items.length).map((b) => ({ id: b.id, title: b.title, articleIds: [article.id], annotationIds: [...b.items] })),
    })),
    highlightCitations: vi.fn(async () => {
      const citations: Record<string, { id: string; title: string }[]> = {};
      for (const b of briefings) for (const id of new Set(b.items)) (citations[id] ??= []).push({ id: b.id, title: b.title });
      return { citations };
    }),
  };
  return {
    api,
    get article() {
      return article;
    },
    get annotations() {
      return annotations;
    },
    briefings,
  };
}

export type TestApi = ReturnType<typeof createTestApi>;
