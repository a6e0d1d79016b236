/**
 * The import worker: a worker_thread that parses files, so a slow or
 * hostile document (a huge page, a heavy PDF) never blocks the main
 * thread — the app, the browser-mode server and the CLI keep answering
 * other calls while it works. Messages: `{ id, name, bytes }` in,
 * `{ id, parsed }` or `{ id, error: ErrorInfo }` out.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorInfo } from '../../common/errors';
import { importBytes } from './index';

export interface ParseRequest {
  id: number;
  name: string;
  bytes: Uint8Array;
}

parentPort?.on('message', async (request: ParseRequest) => {
  try {
    const parsed = await importBytes(request.name, request.bytes);
    parentPort!.postMessage({ id: request.id, parsed });
  } catch (err) {
    parentPort!.postMessage({ id: request.id, error: toErrorInfo(err) });
  }
});
