/**
 * The search index's state as the UI shows it ("indexing 120/1000").
 */
export interface SearchIndexStatusInfo {
  state: 'loading' | 'building' | 'ready' | 'failed' | 'closed';
  documents: number;
  progress?: { done: number; total: number };
  lastError?: string;
}
