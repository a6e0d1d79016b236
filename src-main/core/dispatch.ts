/**
 * The one entry point every host calls: look the method up in the contract,
 * validate the parameters with its schema, run the handler. A rejected call
 * names the offending field and never reaches a handler, so nothing is written.
 */
import { z } from 'zod';
import { contract, isMethodName, type ApiHandlers } from '../common/api';
import { BdError } from '../common/errors';
import { reasonZh } from '../common/schema-reasons';
import type { ContractShape } from '../common/contract/define';

/** How many of a refused call's problems its message names. */
const MAX_ISSUES_NAMED = 5;

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const field = issue.path.map(String).join('.') || '(parameters)';
  return { field, message: `${field}: ${issue.message}` };
}

/**
 * What the CLI needs of a schema issue to word the refusal of a flag in
 * either language (cli-messages `reasonZh`): kind, reason (English, after
 * the field name), the values a field takes, a range's bound and what it
 * measures (`number`, `string` length, `array` items).
 */
function issueFacts(issue: z.core.$ZodIssue): { code: string; message: string; values?: string[]; minimum?: number; maximum?: number; origin?: string } {
  const facts: ReturnType<typeof issueFacts> = { code: issue.code, message: issue.message };
  if ('values' in issue && Array.isArray(issue.values)) facts.values = issue.values.map(String);
  if (issue.code === 'too_small') Object.assign(facts, { minimum: Number(issue.minimum), origin: issue.origin });
  if (issue.code === 'too_big') Object.assign(facts, { maximum: Number(issue.maximum), origin: issue.origin });
  return facts;
}

/**
 * Checks `params` against the schema of `method` in `shape` (the library
 * contract by default; hosts pass the host contract). Returns the parsed
 * parameters (defaults filled in); throws BdError `unknown-method` or
 * `invalid-params` naming the first offending field.
 */
export function validateParams(method: string, params: unknown, shape: ContractShape = contract): unknown {
  const known = shape === contract ? isMethodName(method) : Object.prototype.hasOwnProperty.call(shape, method);
  if (!known) {
    throw new BdError('unknown-method', `There is no API method named "${method}".`, { field: 'method' });
  }
  const result = shape[method].params.safeParse(params ?? {});
  if (!result.success) {
    // Every problem is named (the first MAX_ISSUES_NAMED, then how many more), never "and 1 more" left unsaid.
    const issues = [...new Set(result.error.issues.map((i) => describeIssue(i).message))];
    const named = issues.slice(0, MAX_ISSUES_NAMED).join('; ');
    const rest = issues.length - MAX_ISSUES_NAMED;
    const more = rest > 0 ? `; and ${rest} more` : '';
    const first = result.error.issues[0];
    const field = describeIssue(first).field;
    throw new BdError('invalid-params', `Invalid parameter${issues.length > 1 ? 's' : ''} ${named}${more}`, {
      field,
      // The first issue's kind, its reason and, for a field that takes one of a list, the values it takes; for a number,
      // length or count out of range, the bound and what was measured (the CLI words them beside its flag, in Chinese too).
      detail: {
        issue: issueFacts(first),
        messageZh: `参数 ${field} 无效：${reasonZh(issueFacts(first))}${issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : ''}。`,
      },
    });
  }
  return result.data;
}

export async function dispatch(handlers: ApiHandlers, method: string, params: unknown): Promise<unknown> {
  const valid = validateParams(method, params);
  const handler = handlers[method as keyof ApiHandlers] as (p: unknown) => unknown;
  try {
    return await handler(valid);
  } catch (err) {
    // A value a handler built that its own schema refuses: a sentence naming the field, never raw validation JSON.
    if (err instanceof z.ZodError) {
      const first = describeIssue(err.issues[0]);
      throw new BdError('refused', `${method} could not be completed: the result would not be valid (${first.message}). Nothing was changed.`, {
        field: first.field,
      });
    }
    throw err;
  }
}
