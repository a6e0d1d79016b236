/**
 * What every part of the composer needs from the workspace: the open session
 * (edits go through it), the live region, opening a source article, the
 * confirm dialog and adding highlights. One stable object per session, so
 * memoised cards do not re-render on unrelated edits.
 */
import { createContext, useContext } from 'react';
import type { Briefing } from '../../src-main/common/briefing/model';
import type { ApplyOptions, BriefingSession } from './briefing-session';
import type { ConfirmRequest } from '../app/ConfirmDialog';
import type { HighlightRef } from './drag';

export type { ConfirmRequest };

export type FocusTarget = { kind: 'item' | 'section'; id: string } | { kind: 'element'; id: string };

export interface ComposerApi {
  session: BriefingSession;
  edit(fn: (b: Briefing) => Briefing, opts?: ApplyOptions): void;
  /** Saves now (blur of a field). */
  commit(): void;
  announce(message: string): void;
  /** Opens the source article at the highlight; says so (localised) when the article was deleted. */
  openArticle(articleId: string, annotationId?: string): void;
  /** The cited article is no longer in the library. */
  sourceDeleted(articleId: string): boolean;
  /** What happened to an excerpt's highlight since it was copied: its text changed, it is gone, its passage left the article, or nothing (null). */
  excerptChange(itemId: string): 'changed' | 'missing' | 'orphaned' | null;
  /** Pulls the current text and notes of every excerpt's highlight into the briefing (the toolbar's 同步批注). */
  syncExcerpts(): void;
  confirm(request: ConfirmRequest): Promise<boolean>;
  /** Adds highlights to a section (a new one when none is given), at `slot` or the end. */
  addHighlights(refs: HighlightRef[], sectionId?: string, slot?: number): Promise<void>;
  openPicker(sectionId?: string): void;
  /** Moves keyboard focus after the next render: to an item's or section's handle, or an element by id. */
  focusAfterRender(target: FocusTarget): void;
}

export const ComposerContext = createContext<ComposerApi | null>(null);

export function useComposer(): ComposerApi {
  const api = useContext(ComposerContext);
  if (!api) throw new Error('useComposer outside the composer');
  return api;
}
