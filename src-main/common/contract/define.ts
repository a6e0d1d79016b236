/**
 * How a contract method is declared: a zod schema for its parameters (checked
 * at every host's boundary) and the TypeScript type of its result.
 *
 *   listArticles: method(z.object({ tag: z.string().optional() }))<CatalogEntry[]>()
 */
import type { z } from 'zod';
import type { LibraryArea } from './events';

export interface MethodSpec<P extends z.ZodType = z.ZodType, R = unknown> {
  params: P;
  /**
   * The parts of the library a successful call changes: core announces them
   * in a `libraryChanged` event after the call (events.ts). Absent on
   * methods that change nothing in the library.
   */
  readonly changes?: readonly LibraryArea[];
  /** Phantom field carrying the result type; never read at run time. */
  readonly result?: R;
}

/**
 * Declares a method: `method(schema, { changes: ['articles'] })<Result>()`.
 * `changes` names what a successful call changes (see MethodSpec.changes).
 */
export function method<P extends z.ZodType>(params: P, options: { changes?: readonly LibraryArea[] } = {}) {
  return <R>(): MethodSpec<P, R> => (options.changes ? { params, changes: options.changes } : { params });
}

export type ContractShape = Record<string, MethodSpec>;

type ResultOf<S> = S extends MethodSpec<z.ZodType, infer R> ? R : never;
type ParamsOf<S> = S extends MethodSpec<infer P, unknown> ? P : never;

/** The client's view: parameters as the caller writes them (defaults optional). */
export type ClientOf<C extends ContractShape> = {
  [K in keyof C]: (params: z.input<ParamsOf<C[K]>>) => Promise<ResultOf<C[K]>>;
};

/** The core's view: parameters after validation (defaults filled in). */
export type HandlersOf<C extends ContractShape> = {
  [K in keyof C]: (params: z.output<ParamsOf<C[K]>>) => Promise<ResultOf<C[K]>> | ResultOf<C[K]>;
};
