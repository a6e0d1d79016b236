/**
 * The reader's dialogs: importing an annotation file (the hidden file
 * input and the report of what went where) and adding checked annotations
 * to a briefing.
 */
import { forwardRef } from 'react';
import type { Article } from '../../src-main/common/model';
import type { AnnotationImportReport } from '../../src-main/common/contract/annotations';
import { AddToBriefingDialog } from '../annotations/AddToBriefingDialog';
import { ImportAnnotationsDialog } from '../annotations/ImportAnnotationsDialog';

export interface ImportedFile {
  fileName: string;
  content: string;
  report: AnnotationImportReport;
}

export interface ReaderDialogsProps {
  article: Article;
  imported: ImportedFile | null;
  briefingIds: string[] | null;
  onFile(file: File): void;
  onImported(report: AnnotationImportReport): void;
  onCloseImport(): void;
  onCloseBriefing(): void;
  onAddedToBriefing(title: string, count: number, skipped?: number): void;
}

export const ReaderDialogs = forwardRef<HTMLInputElement, ReaderDialogsProps>(function ReaderDialogs(props, inputRef) {
  const { article, imported, briefingIds } = props;
  const { title } = article.meta;
  return (
    <>
      <input
        ref={inputRef}
        type="file"
        hidden
        accept=".jsonld,.json,application/ld+json,application/json"
        data-testid="import-annotations-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) props.onFile(file);
        }}
      />
      {imported && (
        <ImportAnnotationsDialog
          fileName={imported.fileName}
          content={imported.content}
          report={imported.report}
          currentArticleId={article.id}
          onImported={props.onImported}
          onClose={props.onCloseImport}
        />
      )}
      {briefingIds && (
        <AddToBriefingDialog
          highlights={briefingIds.map((annotationId) => ({ articleId: article.id, annotationId }))}
          defaultTitle={title.length > 40 ? `${title.slice(0, 40)}…` : title}
          onClose={props.onCloseBriefing}
          onAdded={props.onAddedToBriefing}
        />
      )}
    </>
  );
});
