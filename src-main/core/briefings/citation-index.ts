/**
 * Which briefings cite which articles and highlights: built on first use by
 * reading every briefing once, then kept in step with every save and delete
 * of a briefing (`BriefingService.onChange`). Answers "in 《briefing》" on an
 * annotation card, the warning before an article that briefings cite is
 * deleted, and the duplicate check when highlights are added again.
 */
import type { Briefing } from '../../common/briefing/model';
import type { BriefingService } from './briefing-service';
import type { LibraryStore } from '../library/store';

export interface CitingBriefing {
  id: string;
  title: string;
  /** The asked-about articles it cites. */
  articleIds: string[];
  /** Highlights of those articles it holds. */
  annotationIds: string[];
}

interface Cited {
  title: string;
  /** articleId → annotation ids cited from it. */
  articles: Map<string, Set<string>>;
}

function citedBy(b: Briefing): Cited {
  const articles = new Map<string, Set<string>>();
  for (const section of b.sections) {
    for (const item of section.items) {
      if (item.kind !== 'highlight') continue;
      let set = articles.get(item.articleId);
      if (!set) articles.set(item.articleId, (set = new Set()));
      set.add(item.annotationId);
    }
  }
  return { title: b.header.title, articles };
}

export class CitationIndex {
  private byBriefing = new Map<string, Cited>();
  private loading: Promise<void> | null = null;
  /** annotation id → briefing ids holding it; rebuilt on demand after a change. */
  private byAnnotation: Map<string, string[]> | null = null;

  constructor(
    private readonly store: LibraryStore,
    private readonly briefings: BriefingService,
  ) {
    briefings.onChange(({ id, briefing }) => {
      if (briefing) this.byBriefing.set(id, citedBy(briefing));
      else this.byBriefing.delete(id);
      this.byAnnotation = null;
    });
  }

  /** Reads every briefing once (an unreadable one cites nothing; the service has reported it). */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      for (const id of Object.keys(this.store.catalog.briefings)) {
        if (this.byBriefing.has(id)) continue;
        const b = await this.briefings.get(id).catch(() => null);
        if (b && !this.byBriefing.has(id)) this.byBriefing.set(id, citedBy(b));
      }
      this.byAnnotation = null;
    })();
    return this.loading;
  }

  /**
   * For each of `annotationIds` that briefings hold: those briefings (id and
   * title), newest modified first. Highlights no briefing holds are absent.
   */
  async holding(annotationIds: Iterable<string>): Promise<Map<string, { id: string; title: string }[]>> {
    await this.load();
    if (!this.byAnnotation) {
      const reverse = new Map<string, string[]>();
      const briefings = this.store.catalog.briefings;
      const newestFirst = [...this.byBriefing.keys()].filter((id) => briefings[id]).sort((a, b) => (briefings[a].modified < briefings[b].modified ? 1 : -1));
      for (const id of newestFirst) {
        for (const set of this.byBriefing.get(id)!.articles.values()) {
          for (const annotationId of set) {
            const list = reverse.get(annotationId);
            if (list) list.push(id);
            else reverse.set(annotationId, [id]);
          }
        }
      }
      this.byAnnotation = reverse;
    }
    const out = new Map<string, { id: string; title: string }[]>();
    for (const annotationId of annotationIds) {
      const ids = this.byAnnotation.get(annotationId)?.filter((id) => this.store.catalog.briefings[id] && this.byBriefing.has(id));
      if (ids?.length)
        out.set(
          annotationId,
          ids.map((id) => ({ id, title: this.byBriefing.get(id)!.title })),
        );
    }
    return out;
  }

  /** The briefings citing any of `articleIds`, newest modified first, with what they cite of them. */
  async citing(articleIds: readonly string[]): Promise<CitingBriefing[]> {
    await this.load();
    const wanted = new Set(articleIds);
    const out: (CitingBriefing & { modified: string })[] = [];
    for (const [id, cited] of this.byBriefing) {
      if (!this.store.catalog.briefings[id]) continue;
      const articles = [...cited.articles.keys()].filter((a) => wanted.has(a));
      if (!articles.length) continue;
      out.push({
        id,
        title: cited.title,
        articleIds: articles,
        annotationIds: articles.flatMap((a) => [...cited.articles.get(a)!]),
        modified: this.store.catalog.briefings[id].modified,
      });
    }
    return out.sort((a, b) => (a.modified < b.modified ? 1 : -1)).map(({ modified: _m, ...rest }) => rest);
  }
}
