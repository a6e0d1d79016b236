/**
 * A refused call names every problem of its parameters (the first five,
 * then how many more), not just the first with "(and 1 more problem(s))".
 */
import { describe, expect, it } from 'vitest';
import { validateParams } from './dispatch';

function refusal(method: string, params: unknown): { message: string; field?: string } {
  try {
    validateParams(method, params);
  } catch (err) {
    return err as { message: string; field?: string };
  }
  throw new Error('accepted');
}

describe('validateParams', () => {
  it('names one problem as before', () => {
    expect(refusal('search', { query: 'x', limit: 0 })).toMatchObject({ message: 'Invalid parameter limit: must be from 1 to 500', field: 'limit' });
  });

  it('names each of several problems, the first one as the field', () => {
    const { message, field } = refusal('search', { query: 'x', from: 'yesterday', to: '2024-13-45', limit: 0, sort: 'newest' });
    expect(field).toBe('from');
    expect(message).toMatch(/^Invalid parameters /);
    for (const part of ['from: must be a date', 'to: is not a calendar date', 'limit: must be from 1 to 500', 'sort:']) expect(message).toContain(part);
    expect(message).not.toMatch(/more problem/);
  });

  it('names five and counts the rest', () => {
    const { message } = refusal('createAnnotation', { articleId: 'A', start: -1, end: -2, color: 'pink', note: 5, tags: 'x', extra: 1 });
    const named = message.replace(/^Invalid parameters /, '').split('; ');
    expect(named).toHaveLength(6);
    expect(named.at(-1)).toMatch(/^and \d+ more$/);
  });
});
