/**
 * The wire format shared by the IPC and HTTP transports: a call answers
 * `{ ok: true, result }` or `{ ok: false, error }`, so a BdError's code and
 * field survive transports that would flatten thrown errors to a message.
 */
import { BdError, toErrorInfo, type ErrorInfo } from './errors';

/**
 * `problems` is the library's problems revision when the answer was sent
 * (hosts add it): it changes whenever a problem is found or acknowledged, so
 * the app learns of damage found by any call without asking.
 */
export type Envelope<T = unknown> = ({ ok: true; result: T } | { ok: false; error: ErrorInfo }) & { problems?: number };

export async function toEnvelope<T>(work: () => Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, result: await work() };
  } catch (err) {
    return { ok: false, error: toErrorInfo(err) };
  }
}

export function unwrapEnvelope<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  throw BdError.fromInfo(envelope.error);
}
