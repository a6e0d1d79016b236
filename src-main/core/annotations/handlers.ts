/**
 * Handlers of the annotation contract (src-main/common/contract/annotations.ts):
 * each one hands its checked parameters to the annotation feature's services
 * (annotation-service.ts, text-edits.ts, annotation-export.ts,
 * interchange.ts, color-labels.ts) and holds no logic of its own.
 */
import type { HandlersOf } from '../../common/contract/define';
import type { annotationContract } from '../../common/contract/annotations';
import type { Annotation } from '../../common/annotation';
import type { CoreContext } from '../context';
// The exports (with the Markdown sanitiser, marked) load when an export runs, not whenever a library opens.
const annotationExport = () => import('./annotation-export');
import { colorLabels, setColorLabels } from './color-labels';
import { importAnnotationFile } from './interchange';
import { TextEdits } from './text-edits';

export function annotationHandlers(ctx: CoreContext): HandlersOf<typeof annotationContract> {
  const { store, annotations } = ctx;
  const edits = new TextEdits(store, annotations);
  return {
    listAnnotations: (p) => annotations.list(p.articleId),
    createAnnotation: (p) => annotations.create(p),
    updateAnnotation: (p) => annotations.update(p),
    deleteAnnotation: (p) => annotations.remove(p.articleId, p.id),
    restoreAnnotation: (p) => annotations.restore(p.annotation as Annotation),
    reattachAnnotation: (p) => annotations.reattach(p),
    editArticleText: (p) => edits.correct(p),
    reviseArticle: (p) => edits.revise({ id: p.id, name: p.name, bytes: Buffer.from(p.dataBase64, 'base64') }),
    exportAnnotations: async (p) => (await annotationExport()).exportAnnotations(store, annotations, p),
    exportAnnotationsToFile: async (p) => (await annotationExport()).exportAnnotationsToFile(store, annotations, p),
    importAnnotations: (p) => importAnnotationFile(store, annotations, p.content, p.assign ?? {}),
    getColorLabels: () => colorLabels(store),
    setColorLabels: (p) => setColorLabels(store, p.labels),
  };
}
