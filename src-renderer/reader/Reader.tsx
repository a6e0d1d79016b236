/**
 * The reader pane: one article with its metadata line and structured body.
 */
import type { Article } from '../../src-main/common/model';
import { useI18n } from '../i18n/I18nProvider';
import { ArticleBody } from './ArticleBody';

import type { ReaderFocus } from '../app/App';

interface Props {
  article: Article | null;
  loading: boolean;
  /** Scroll to and mark this range / annotation once the article is shown. */
  focus?: ReaderFocus | null;
  /** The article's text changed here (an edit); the app keeps its copy in step. */
  onArticleChanged?(article: Article): void;
}

export function Reader({ article, loading }: Props) {
  const { t } = useI18n();
  if (!article) {
    return <main className="reader reader-empty">{loading ? t('reader.loading') : t('reader.empty')}</main>;
  }
  const { meta } = article;
  return (
    <main className="reader" data-testid="reader">
      <div className="reader-scroll">
        <div className="measure">
          {(meta.source || meta.published || meta.author) && (
            <p className="article-meta">
              {meta.source && <span>{meta.source}</span>}
              {meta.author && <span>{meta.author}</span>}
              {meta.published && <time dateTime={meta.published}>{meta.published}</time>}
            </p>
          )}
          <ArticleBody article={article} />
        </div>
      </div>
    </main>
  );
}
