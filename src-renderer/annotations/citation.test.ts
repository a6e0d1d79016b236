/**
 * Copy with citation: the citation line in Chinese and English forms, and
 * the clipboard fallback.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { citationLine, copyText, quoteWithCitation } from './citation';

describe('citationLine', () => {
  it.each([
    [{ title: '推动32个重大产业项目签约', source: '人民日报', published: '2023-07-10' }, '——《推动32个重大产业项目签约》，人民日报，2023-07-10'],
    [{ title: '推动32个重大产业项目签约' }, '——《推动32个重大产业项目签约》'],
    [{ title: '推动32个重大产业项目签约', published: '2023-07-10' }, '——《推动32个重大产业项目签约》，2023-07-10'],
    [{ title: 'AI conference draws record crowds', source: 'Xinhua', published: '2023-07-09' }, '— “AI conference draws record crowds”, Xinhua, 2023-07-09'],
  ])('%o', (meta, expected) => {
    expect(citationLine(meta)).toBe(expected);
  });

  it('puts the quote first', () => {
    expect(quoteWithCitation(' 大会的磁场效应已经显现。 ', { title: '世界人工智能大会', source: '人民日报' })).toBe(
      '大会的磁场效应已经显现。\n——《世界人工智能大会》，人民日报',
    );
  });
});

describe('copyText', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses the async clipboard when it is there', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    expect(await copyText('引文')).toBe(true);
    expect(writeText).toHaveBeenCalledWith('引文');
  });

  it('falls back to execCommand when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: vi.fn().mockRejectedValue(new Error('denied')) } });
    let copied = '';
    const exec = vi.fn(() => {
      copied = document.querySelector('textarea')!.value;
      return true;
    });
    (document as unknown as { execCommand: unknown }).execCommand = exec;
    expect(await copyText('引文——《题目》')).toBe(true);
    expect(exec).toHaveBeenCalledWith('copy');
    expect(copied).toBe('引文——《题目》');
    expect(document.querySelector('textarea')).toBeNull();
  });
});
