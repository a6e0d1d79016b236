/**
 * Which command lines start the print engine early: PDF exports of a
 * briefing or an article (PDF is their default format), nothing else.
 */
import { describe, expect, it } from 'vitest';
import { printsPdf } from './early-printer';

describe('printsPdf', () => {
  it('is true for export and export-article as PDF, by default or named, with options anywhere', () => {
    expect(printsPdf(['export', 'b123'])).toBe(true);
    expect(printsPdf(['export', 'b123', '--format', 'pdf', '--out', 'x.pdf'])).toBe(true);
    expect(printsPdf(['--library', '/tmp/lib', 'export-article', 'a123', '--annotations', 'notes'])).toBe(true);
    expect(printsPdf(['--json', 'export', '--format=pdf', 'b123', '--template', 'gbt9704'])).toBe(true);
  });

  it('is false for other formats, other commands, help, and option values that look like commands', () => {
    expect(printsPdf(['export', 'b123', '--format', 'docx'])).toBe(false);
    expect(printsPdf(['export-article', 'a123', '--format=html'])).toBe(false);
    expect(printsPdf(['list'])).toBe(false);
    expect(printsPdf(['--library', 'export', 'stats'])).toBe(false);
    expect(printsPdf(['export', '--help'])).toBe(false);
    expect(printsPdf([])).toBe(false);
  });
});
