/**
 * Handlers of the annotation contract (src-main/common/contract/annotations.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { annotationContract, ColorLabels, ReanchorReport } from '../../common/contract/annotations';
import type { Article, Block, Mark } from '../../common/model';
import type { Annotation } from '../../common/annotation';
import { COLOR_KEYS } from '../../common/model';
import { BdError } from '../../common/errors';
import { toW3CCollection, fromW3C, articleIdFromIri } from '../../common/anchoring/w3c';
import { annotationsToMarkdown } from '../../common/anchoring/markdown';
import { reanchorAll } from '../../common/anchoring/anchor';
import { importBytes } from '../import/index';
import type { CoreContext } from '../context';
import { newId } from '../library/store';

export const DEFAULT_COLOR_LABELS: ColorLabels = { key: '要点', figure: '数据', policy: '政策', risk: '风险', verify: '待核实' };

/** Moves block boundaries across one replaced range; blocks emptied by the edit disappear. */
export function shiftBlocks(blocks: Block[], start: number, end: number, insertedLength: number): Block[] {
  const delta = insertedLength - (end - start);
  const map = (offset: number, isEnd: boolean) => {
    if (offset < start || (offset === start && !isEnd)) return offset;
    if (offset >= end) return offset + delta;
    return isEnd ? start + insertedLength : start;
  };
  return blocks
    .map((b) => ({ ...b, start: map(b.start, false), end: map(b.end, true) }))
    .filter((b) => b.end > b.start);
}

/**
 * Moves inline marks across one replaced range (UTF-16 offsets): marks after
 * it shift, marks around it stretch or shrink, marks inside it disappear.
 */
export function shiftMarks(marks: readonly Mark[] | undefined, start: number, end: number, insertedLength: number): Mark[] {
  const delta = insertedLength - (end - start);
  const map = (offset: number, isEnd: boolean) => {
    if (offset < start || (offset === start && !isEnd)) return offset;
    if (offset >= end) return offset + delta;
    return isEnd ? start + insertedLength : start;
  };
  return (marks ?? []).map((m) => ({ ...m, start: map(m.start, false), end: map(m.end, true) })).filter((m) => m.end > m.start);
}

export function annotationHandlers(ctx: CoreContext): HandlersOf<typeof annotationContract> {
  const { store, annotations } = ctx;

  async function replaceText(article: Article, text: string, blocks: Block[], marks: Mark[]): Promise<{ article: Article; report: ReanchorReport }> {
    const oldText = article.text;
    const { article: updated } = await store.updateArticle(article.id, { text, blocks, marks });
    const report = await annotations.reanchor(article.id, oldText, text);
    return { article: updated, report };
  }

  function colorLabels(): ColorLabels {
    return { ...DEFAULT_COLOR_LABELS, ...(store.setting<Partial<ColorLabels>>('colorLabels') ?? {}) };
  }

  return {
    listAnnotations: (p) => annotations.list(p.articleId),
    createAnnotation: (p) => annotations.create(p),
    updateAnnotation: (p) => annotations.update(p),
    deleteAnnotation: (p) => annotations.remove(p.articleId, p.id),
    restoreAnnotation: (p) => annotations.restore(p.annotation as Annotation),
    reattachAnnotation: (p) => annotations.reattach(p),
    editArticleText: async (p) => {
      const article = await store.getArticle(p.id);
      if (p.end > article.text.length || p.start > p.end) {
        throw new BdError('invalid-params', `Invalid parameter end: the range ${p.start}–${p.end} is outside the text (length ${article.text.length}).`, { field: 'end' });
      }
      if (/[\r\n]/.test(p.text)) {
        throw new BdError('invalid-params', 'Invalid parameter text: a correction cannot contain line breaks; edit one block at a time.', { field: 'text' });
      }
      const text = article.text.slice(0, p.start) + p.text + article.text.slice(p.end);
      if (!text.trim()) throw new BdError('refused', 'The edit would leave the article empty.');
      return replaceText(article, text, shiftBlocks(article.blocks, p.start, p.end, p.text.length), shiftMarks(article.marks, p.start, p.end, p.text.length));
    },
    reviseArticle: async (p) => {
      const article = await store.getArticle(p.id);
      const parsed = await importBytes(p.name, Buffer.from(p.dataBase64, 'base64'));
      return replaceText(article, parsed.text, parsed.blocks, parsed.marks ?? []);
    },
    exportAnnotations: async (p) => {
      const ids = p.all ? store.list().map((e) => e.id) : [p.articleId!];
      const perArticle: { article: Article; annotations: Annotation[] }[] = [];
      for (const id of ids) {
        const list = await annotations.list(id);
        if (list.length || !p.all) perArticle.push({ article: await store.getArticle(id), annotations: list });
      }
      const stem = p.all ? 'annotations' : `annotations-${safeName(perArticle[0].article.meta.title)}`;
      switch (p.format) {
        case 'json':
          return {
            fileName: `${stem}.json`,
            mime: 'application/json',
            content: JSON.stringify(perArticle.flatMap((x) => x.annotations), null, 2),
          };
        case 'w3c':
          return {
            fileName: `${stem}.jsonld`,
            mime: 'application/ld+json',
            content: JSON.stringify(toW3CCollection(perArticle.flatMap((x) => x.annotations), { label: p.all ? 'Briefing Desk annotations' : perArticle[0].article.meta.title }), null, 2),
          };
        case 'md':
          return {
            fileName: `${stem}.md`,
            mime: 'text/markdown',
            content: perArticle.map((x) => annotationsToMarkdown(x.article, x.annotations)).join('\n\n---\n\n'),
          };
        default: {
          const never: never = p.format;
          throw new Error(`unknown format ${String(never)}`);
        }
      }
    },
    importAnnotations: async (p) => {
      let json: unknown;
      try {
        json = JSON.parse(p.content);
      } catch (err) {
        throw new BdError('refused', `The annotation file is not valid JSON (${(err as Error).message}).`, { field: 'content' });
      }
      // Our own JSON export is a plain array of annotations; W3C documents carry @context/type.
      const parsed = Array.isArray(json) && json.every((x) => x && typeof x === 'object' && 'target' in x && 'articleId' in x)
        ? { ok: true as const, annotations: json as Annotation[] }
        : fromW3C(json, (source) => articleIdFromIri(source) ?? source);
      if (!parsed.ok) throw new BdError('refused', `The annotation file could not be read:\n${parsed.message}`, { field: 'content' });
      const byArticle = new Map<string, Annotation[]>();
      let skipped = 0;
      for (const raw of parsed.annotations) {
        if (!store.catalog.articles[raw.articleId]) {
          skipped++;
          continue;
        }
        // Other tools' ids (IRIs) become ids of ours, so the annotation can be edited like any other.
        const a = /^[a-z0-9][a-z0-9_-]{2,63}$/.test(raw.id) ? raw : { ...raw, id: newId('h') };
        byArticle.set(a.articleId, [...(byArticle.get(a.articleId) ?? []), a]);
      }
      let placed = 0;
      let orphaned = 0;
      for (const [articleId, list] of byArticle) {
        const article = await store.getArticle(articleId);
        const result = reanchorAll(undefined, article.text, list);
        orphaned += result.orphaned;
        placed += list.length - result.orphaned;
        await annotations.merge(articleId, result.annotations);
      }
      return { imported: placed + orphaned, placed, orphaned, skipped };
    },
    getColorLabels: () => colorLabels(),
    setColorLabels: async (p) => {
      const next = { ...colorLabels(), ...p.labels };
      await store.setSetting('colorLabels', Object.fromEntries(COLOR_KEYS.map((k) => [k, next[k]])));
      return colorLabels();
    },
  };
}

function safeName(title: string): string {
  return title.replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 40) || 'article';
}
