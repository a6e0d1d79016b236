/**
 * Handlers of the annotation contract (src-main/common/contract/annotations.ts).
 */
import type { HandlersOf } from '../../common/contract/define';
import type { annotationContract, AnnotationExport, ColorLabels, ReanchorReport } from '../../common/contract/annotations';
import type { Article, Block, Mark } from '../../common/model';
import type { Annotation } from '../../common/annotation';
import { COLOR_KEYS } from '../../common/model';
import { BdError } from '../../common/errors';
import { annotationsToMarkdown, exportLanguage, MARKDOWN_LABELS } from '../../common/annotation-markdown';
import { parseFile } from '../import/parse-off-thread';
import { shiftMarks } from '../../common/marks';
import { normalizeCharacters } from '../../common/normalize-characters';
import type { CoreContext } from '../context';
import type { Lease } from '../library/serial';
import { exportOwnJson, exportW3C, importAnnotationFile } from './interchange';

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

type ExportRequest = Parameters<HandlersOf<typeof annotationContract>['exportAnnotations']>[0];

export function annotationHandlers(ctx: CoreContext): HandlersOf<typeof annotationContract> {
  const { store, annotations } = ctx;

  /** Replaces the text and re-anchors every annotation, holding the article's folder throughout (call inside `withArticle`). */
  async function replaceText(
    article: Article,
    text: string,
    blocks: Block[],
    marks: Mark[],
    lease: Lease,
    original?: { name: string; bytes: Uint8Array },
  ): Promise<{ article: Article; report: ReanchorReport }> {
    const oldText = article.text;
    const { article: updated } = await store.updateArticle(article.id, { text, blocks, marks, ...(original ? { original } : {}) }, lease);
    const report = await annotations.reanchor(article.id, oldText, text, lease);
    return { article: updated, report };
  }

  function colorLabels(): ColorLabels {
    return { ...DEFAULT_COLOR_LABELS, ...(store.setting<Partial<ColorLabels>>('colorLabels') ?? {}) };
  }

  /** Annotations of one article, several, or all, as our JSON, W3C JSON-LD or Markdown. */
  const exportAnnotations = async (p: ExportRequest): Promise<AnnotationExport> => {
      const many = !!(p.all || p.articleIds);
      const ids = p.all ? store.list().map((e) => e.id) : (p.articleIds ?? [p.articleId!]);
      for (const id of ids) store.entry(id); // not-found names the id before anything is read
      const perArticle: { article: Article; annotations: Annotation[] }[] = [];
      // One article whose file cannot be used (newer version, damaged text) never stops an export of several: it is left out and named.
      const skipped: { articleId: string; title: string; reason: string }[] = [];
      for (const id of new Set(ids)) {
        try {
          const list = await annotations.list(id);
          if (list.length || !many) perArticle.push({ article: await store.getArticle(id), annotations: list });
        } catch (err) {
          if (!many || !(err instanceof BdError) || (err.code !== 'refused' && err.code !== 'not-found')) throw err;
          skipped.push({ articleId: id, title: store.has(id) ? store.entry(id).title : id, reason: err.message });
        }
      }
      const partial = skipped.length ? { skipped } : {};
      const stem = many ? 'annotations' : `annotations-${safeName(perArticle[0].article.meta.title)}`;
      const language = p.language ?? exportLanguage(perArticle.map((x) => x.article));
      const collectionTitle = language === 'zh' ? '简报台批注' : 'Briefing Desk annotations';
      switch (p.format) {
        case 'json':
          return {
            fileName: `${stem}.json`,
            mime: 'application/json',
            content: exportOwnJson(perArticle.flatMap((x) => x.annotations), perArticle.map((x) => x.article)),
            ...partial,
          };
        case 'w3c':
          return {
            fileName: `${stem}.jsonld`,
            mime: 'application/ld+json',
            content: exportW3C(
              perArticle.flatMap((x) => x.annotations),
              perArticle.map((x) => x.article),
              many ? collectionTitle : perArticle[0].article.meta.title,
            ),
            ...partial,
          };
        case 'md':
          return {
            fileName: `${stem}.md`,
            mime: 'text/markdown',
            content: perArticle.map((x) => annotationsToMarkdown(x.article, x.annotations, { labels: MARKDOWN_LABELS[language] })).join('\n\n---\n\n'),
            ...partial,
          };
        default: {
          const never: never = p.format;
          throw new Error(`unknown format ${String(never)}`);
        }
      }
    };

  return {
    listAnnotations: (p) => annotations.list(p.articleId),
    createAnnotation: (p) => annotations.create(p),
    updateAnnotation: (p) => annotations.update(p),
    deleteAnnotation: (p) => annotations.remove(p.articleId, p.id),
    restoreAnnotation: (p) => annotations.restore(p.annotation as Annotation),
    reattachAnnotation: (p) => annotations.reattach(p),
    editArticleText: (p) =>
      // Offsets are into the text as it is when the edit runs: it holds the article, so no other change slips in between.
      store.withArticle(p.id, async (article, lease) => {
        if (p.end > article.text.length || p.start > p.end) {
          throw new BdError('invalid-params', `Invalid parameter end: the range ${p.start}–${p.end} is outside the text (length ${article.text.length}).`, { field: 'end' });
        }
        if (/[\r\n]/.test(p.text)) {
          throw new BdError('invalid-params', 'Invalid parameter text: a correction cannot contain line breaks; edit one block at a time.', { field: 'text' });
        }
        // A correction gets its characters right as imported text does (no zero-width spaces, no radicals).
        const inserted = normalizeCharacters(p.text);
        const text = article.text.slice(0, p.start) + inserted + article.text.slice(p.end);
        if (!text.trim()) throw new BdError('refused', 'The edit would leave the article empty.');
        return replaceText(
          article,
          text,
          shiftBlocks(article.blocks, p.start, p.end, inserted.length),
          shiftMarks(article.marks, p.start, p.end, inserted.length),
          lease,
        );
      }),
    reviseArticle: async (p) => {
      store.entry(p.id);
      // Parse first (slow, holds nothing), then replace holding the article.
      const bytes = Buffer.from(p.dataBase64, 'base64');
      const parsed = await parseFile(p.name, bytes);
      return store.withArticle(p.id, (article, lease) => replaceText(article, parsed.text, parsed.blocks, parsed.marks ?? [], lease, { name: p.name, bytes }));
    },
    exportAnnotations,
    exportAnnotationsToFile: async ({ path, ...request }) => {
      // A target inside a library folder is refused before the export is made (and again when written).
      await store.checkExportPath(path);
      const file = await exportAnnotations(request);
      // Temp file beside the target, then rename: an interrupted export never damages an earlier file of that name.
      await store.writeExport(path, file.content);
      return { path, fileName: file.fileName, mime: file.mime, bytes: Buffer.byteLength(file.content), ...(file.skipped ? { skipped: file.skipped } : {}) };
    },
    importAnnotations: (p) => importAnnotationFile(store, annotations, p.content, p.assign ?? {}),
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
