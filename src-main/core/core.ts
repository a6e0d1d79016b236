/**
 * Opens a library and everything built on it, and answers API calls. Each
 * host (Electron, browser-mode server, CLI) creates one Core and forwards
 * calls to `call`; none of them holds logic of its own.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { ApiHandlers, Api, MethodName } from '../common/api';
import { LibraryStore } from './library/store';
import { dispatch } from './dispatch';
import type { CoreContext, HostKind } from './context';
import { libraryHandlers } from './handlers/library';
import { importFileBytes } from './import-service';
import { resourcesDir, SAMPLE_ARTICLE } from './resources';

export interface CoreOptions {
  dir: string;
  host: HostKind;
  /** Seed a newly created library with the sample article (default true). */
  seedSample?: boolean;
}

export class Core {
  private constructor(
    readonly ctx: CoreContext,
    readonly handlers: ApiHandlers,
  ) {}

  static async open(options: CoreOptions): Promise<Core> {
    const store = await LibraryStore.open(options.dir);
    try {
      const ctx: CoreContext = { store, host: options.host };
      const handlers: ApiHandlers = { ...libraryHandlers(ctx) };
      const core = new Core(ctx, handlers);
      if (store.created && options.seedSample !== false) await core.seedSample();
      return core;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  get store(): LibraryStore {
    return this.ctx.store;
  }

  private async seedSample(): Promise<void> {
    const path = join(resourcesDir(), SAMPLE_ARTICLE);
    await importFileBytes(this.store, SAMPLE_ARTICLE, await fs.readFile(path));
  }

  /** Validates and runs one API call; throws BdError on bad input. */
  call(method: string, params: unknown): Promise<unknown> {
    return dispatch(this.handlers, method, params);
  }

  /** A typed client over `call`, for the CLI and tests. */
  get api(): Api {
    return new Proxy({} as Api, {
      get: (_t, name: string) => (params: unknown) => this.call(name as MethodName, params),
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
