/**
 * The API contract: every method the renderer (or any other client) can call,
 * with the schema its parameters are checked against in every host. Adding a
 * feature means adding a method to one of the feature contracts below, its
 * handler in core, and its UI; the transports never change.
 */
import { libraryContract } from './contract/library';
import { annotationContract } from './contract/annotations';
import { briefingContract } from './contract/briefings';
import { searchContract } from './contract/search';
import { preferencesContract } from './contract/preferences';
import { libraryQueryContract } from './contract/library-query';
import { notebookContract } from './contract/notebook';
import { backupContract } from './contract/backup';
import { diagnosticsContract } from './contract/diagnostics';
import { draftsContract } from './contract/drafts';
import { articleExportContract } from './contract/article-export';
import type { ClientOf, ContractShape, HandlersOf } from './contract/define';

export const contract = {
  ...libraryContract,
  ...libraryQueryContract,
  ...notebookContract,
  ...backupContract,
  ...annotationContract,
  ...briefingContract,
  ...searchContract,
  ...preferencesContract,
  ...diagnosticsContract,
  ...draftsContract,
  ...articleExportContract,
} satisfies ContractShape;

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
/** What the renderer and the CLI call. */
export type Api = ClientOf<Contract>;
/** What core implements. */
export type ApiHandlers = HandlersOf<Contract>;

export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** Names of the methods that name files on this computer: answered only by hosts on it (desktop app, CLI), never over HTTP. */
export const LOCAL_PATH_METHODS: readonly MethodName[] = [
  'importPaths',
  'exportBriefingToFile',
  'exportAnnotationsToFile',
  'exportArticleToFile',
  'backupLibraryToFile',
  'restoreLibraryFromFile',
];

export type { LibraryInfo } from './contract/library';
export { API_EVENT_NAMES } from './contract/events';
export type { ApiEvents } from './contract/events';
export { hostContract, HOST_METHOD_NAMES, HOST_EVENT_NAMES } from './contract/host';
export type { HostApi, HostHandlers, HostMethodName, HostEvents, OpenedFileOutcome } from './contract/host';
