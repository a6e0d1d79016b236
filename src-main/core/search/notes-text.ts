/**
 * What the search index sees of an article's annotations (its `notes`
 * field), in a module of its own: the annotation service needs it on every
 * save of a note, and loading the index's code for it would load that with
 * every library.
 */
import type { Annotation } from '../../common/annotation';

/** What the index sees of an article's annotations: every note and tag, one per line. */
export function annotationNotesText(list: readonly Annotation[]): string {
  return list
    .flatMap((a) => [a.note, ...a.tags])
    .filter(Boolean)
    .join('\n');
}
