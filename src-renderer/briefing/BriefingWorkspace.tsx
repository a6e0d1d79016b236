/**
 * The briefings view: list of briefings, the composer and the print preview.
 */
export interface BriefingWorkspaceProps {
  /** Opens an article in the library view, scrolled to the highlight when given. */
  onOpenArticle(articleId: string, annotationId?: string): void;
}

export function BriefingWorkspace(_props: BriefingWorkspaceProps) {
  return <main className="briefing-workspace" data-testid="briefing-workspace" />;
}
