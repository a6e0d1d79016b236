/**
 * What handlers share: the open library and the services built on it.
 */
import type { LibraryStore } from './library/store';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface CoreContext {
  store: LibraryStore;
  host: HostKind;
}
