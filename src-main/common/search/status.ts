/**
 * The search index's state as the UI shows it ("indexing 120/1000").
 */
export interface SearchIndexStatusInfo {
  state: 'loading' | 'building' | 'ready' | 'failed' | 'closed';
  documents: number;
  progress?: { done: number; total: number };
  lastError?: string;
  /**
   * The saved index was written under older indexing rules (before the
   * 发文字号 was searchable or the whole of a long text was indexed): it was
   * loaded as it is and `reindexed` articles — those the newer rules index
   * differently — were indexed again (no rebuild). Absent when current.
   */
  rulesUpgrade?: { from: number; to: number; reindexed: number };
}
