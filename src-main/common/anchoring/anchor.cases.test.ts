/**
 * Anchoring edge cases, one table per rule (issue "Annotations that travel",
 * item 4), each over several fixtures of our own: deleted paragraphs never
 * move onto look-alike paragraphs; given context that contradicts counts
 * against a match; equal-error candidates prefer the quote's length; long
 * quotes whose end words were replaced are not accepted without support; a
 * unique exact quote anchors whatever its context; orphans say why. Then
 * property tests (fast-check): anchor(describe(x)) = x, also across edits
 * that leave the passage alone.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SAMPLE_EN, SAMPLE_ZH } from '../../../tests/fixtures/texts';
import type { Annotation, Selector, TextQuoteSelector } from '../annotation';
import { anchor, reanchorAll, type AnchorResult } from './anchor';
import { describeRange } from './describe';

function annotationAt(text: string, start: number, end: number, id = 'h1'): Annotation {
  return {
    id,
    articleId: 'a1',
    target: { selector: describeRange(text, start, end) },
    color: 'key',
    note: '',
    tags: [],
    created: '2024-03-01T08:00:00.000Z',
    modified: '2024-03-01T08:00:00.000Z',
  };
}

function annotationFor(text: string, quote: string, occurrence = 0): Annotation {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`fixture: "${quote}" not in text`);
  return annotationAt(text, at, at + quote.length);
}

const placedText = (text: string, r: AnchorResult) => (r.status === 'orphan' ? null : text.slice(r.start, r.end));

// ---------------------------------------------------------------------------
// 1. A deleted paragraph makes an orphan, never a highlight on a look-alike one.

const WORK_GROUPS = [
  '关于成立专项工作组的通知',
  '　　第一小组负责政策研究，由办公室牵头，每月报送一次进展情况。',
  '　　第二小组负责政策宣传，由宣传处牵头，每月报送一次进展情况。',
  '　　第三小组负责督促检查，由督查室牵头，每季度报送一次进展情况。',
  '　　各小组要加强协作，确保各项任务按期完成。',
].join('\n');

const EN_TEAMS = [
  'Working arrangements',
  'Team A will review the draft regulation and report to the ministry every month.',
  'Team B will review the draft guidance and report to the ministry every month.',
  'Team C will collect comments from industry associations before the end of June.',
].join('\n');

const LIST = ['重点任务：', '一、加快建设全国一体化算力网络国家枢纽节点。', '二、加快建设全国一体化数据中心集群节点。', '三、推动数据中心绿色低碳发展。'].join(
  '\n',
);

const deletedParagraphCases = [
  {
    name: 'zh: 第一小组 paragraph deleted, 第二小组 looks alike',
    text: WORK_GROUPS,
    quote: '第一小组负责政策研究，由办公室牵头，每月报送一次进展情况',
    cut: '　　第一小组负责政策研究，由办公室牵头，每月报送一次进展情况。\n',
  },
  {
    name: 'zh: part of the paragraph highlighted',
    text: WORK_GROUPS,
    quote: '第一小组负责政策研究',
    cut: '　　第一小组负责政策研究，由办公室牵头，每月报送一次进展情况。\n',
  },
  {
    name: 'en: Team A paragraph deleted, Team B looks alike',
    text: EN_TEAMS,
    quote: 'Team A will review the draft regulation and report to the ministry',
    cut: 'Team A will review the draft regulation and report to the ministry every month.\n',
  },
  {
    name: 'zh: list item deleted, the next item looks alike',
    text: LIST,
    quote: '加快建设全国一体化算力网络国家枢纽节点',
    cut: '一、加快建设全国一体化算力网络国家枢纽节点。\n',
  },
  {
    name: 'zh sample: heading deleted, its words recur in a paragraph',
    text: SAMPLE_ZH,
    quote: '构建人工智能时代算力底座',
    cut: '　　构建人工智能时代算力底座\n',
  },
];

describe('a deleted paragraph makes an orphan, never a look-alike', () => {
  it.each(deletedParagraphCases)('$name', ({ text, quote, cut }) => {
    const ann = annotationFor(text, quote);
    expect(text).toContain(cut);
    const newText = text.replace(cut, '');
    const out = reanchorAll(text, newText, [ann]);
    expect(out.results[0]).toEqual({ status: 'orphan', reason: 'not-found' });
    expect(out.moved).toBe(0);
    expect(out.annotations[0]).toMatchObject({ orphan: true, orphanReason: 'not-found' });
    // The quote is kept as it was, so the user sees what was highlighted.
    expect(out.annotations[0].target).toEqual(ann.target);
  });

  it('still follows a paragraph that was moved (cut and pasted elsewhere)', () => {
    const para = '　　第一小组负责政策研究，由办公室牵头，每月报送一次进展情况。\n';
    const ann = annotationFor(WORK_GROUPS, '第一小组负责政策研究');
    const newText = WORK_GROUPS.replace(para, '') + '\n' + para.trimEnd();
    const out = reanchorAll(WORK_GROUPS, newText, [ann]);
    expect(placedText(newText, out.results[0])).toBe('第一小组负责政策研究');
    expect(out.results[0].status).toBe('moved');
  });

  it('still follows an edit inside the highlighted paragraph', () => {
    const ann = annotationFor(WORK_GROUPS, '第一小组负责政策研究，由办公室牵头，每月报送一次进展情况');
    const newText = WORK_GROUPS.replace('由办公室牵头，每月', '由研究室牵头，每月');
    const out = reanchorAll(WORK_GROUPS, newText, [ann]);
    expect(placedText(newText, out.results[0])).toBe('第一小组负责政策研究，由研究室牵头，每月报送一次进展情况');
    expect(out.results[0].status).toBe('fuzzy');
  });
});

// ---------------------------------------------------------------------------
// 2. Context that is given and contradicts counts against a match; a missing
//    side is no evidence.

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ' +
  'Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.';

function quoteOnly(exact: string, prefix = '', suffix = ''): Selector[] {
  return [{ type: 'TextQuoteSelector', exact, prefix, suffix }];
}

const ZH_REPEATED = '人工智能';
const contextCases: Array<{ name: string; text: string; selectors: Selector[]; expected: AnchorResult | { text: string; at: number } }> = [
  {
    name: 'en: prefix given and wrong, no suffix',
    text: LOREM,
    selectors: quoteOnly('dolor', 'oopsum '),
    expected: { status: 'orphan', reason: 'context-contradicts' },
  },
  {
    name: 'en: suffix given and wrong, no prefix',
    text: LOREM,
    selectors: quoteOnly('dolor', '', ' quod erat'),
    expected: { status: 'orphan', reason: 'context-contradicts' },
  },
  { name: 'en: prefix given and right', text: LOREM, selectors: quoteOnly('dolor', 'irure '), expected: { text: 'dolor', at: LOREM.indexOf('dolor in') } },
  {
    name: 'en: suffix given and right',
    text: LOREM,
    selectors: quoteOnly('dolor', '', ' sit amet'),
    expected: { text: 'dolor', at: LOREM.indexOf('dolor sit') },
  },
  { name: 'en: no context at all', text: LOREM, selectors: quoteOnly('dolor'), expected: { status: 'orphan', reason: 'ambiguous' } },
  {
    name: 'zh: repeated phrase, prefix from elsewhere',
    text: SAMPLE_ZH,
    selectors: quoteOnly(ZH_REPEATED, '今年全国两会期间，代表委员们热议'),
    expected: { status: 'orphan', reason: 'context-contradicts' },
  },
  { name: 'zh: repeated phrase, no context', text: SAMPLE_ZH, selectors: quoteOnly(ZH_REPEATED), expected: { status: 'orphan', reason: 'ambiguous' } },
  {
    name: 'zh: repeated phrase, right one-sided context',
    text: SAMPLE_ZH,
    selectors: quoteOnly(ZH_REPEATED, '如何构建'),
    expected: { text: ZH_REPEATED, at: SAMPLE_ZH.indexOf('如何构建人工智能') + 4 },
  },
];

describe('context that contradicts counts against a match', () => {
  it.each(contextCases)('$name', ({ text, selectors, expected }) => {
    const result = anchor(text, selectors);
    if ('status' in expected) expect(result).toEqual(expected);
    else {
      expect(result.status).not.toBe('orphan');
      if (result.status !== 'orphan') expect({ text: text.slice(result.start, result.end), at: result.start }).toEqual(expected);
    }
  });
});

// ---------------------------------------------------------------------------
// 3. Equal-error fuzzy candidates: the one whose length is closest to the quote's.

const tieCases = [
  {
    name: 'en: last letter changed (approved → approves)',
    text: 'In March the ministry approves it after a long review.',
    quote: 'the ministry approved',
    expected: 'the ministry approves',
  },
  {
    name: 'en: first letter changed (Board → board)',
    text: 'Last year the board of directors met four times.',
    quote: 'Board of directors met',
    expected: 'board of directors met',
  },
  {
    name: 'zh: last character changed',
    text: '会议强调，要加快推进产业数字化转型升级工作。',
    quote: '加快推进产业数字化转型升',
    expected: '加快推进产业数字化转型升',
  },
  {
    name: 'zh: final character replaced',
    text: '会议要求，各地区要切实抓好政策落实，确保取得实效。',
    quote: '各地区要切实抓好政策落实，确保取得成效',
    expected: '各地区要切实抓好政策落实，确保取得实效',
  },
];

describe('equal-error fuzzy candidates prefer the quote’s length', () => {
  it.each(tieCases)('$name', ({ text, quote, expected }) => {
    const result = anchor(text, quoteOnly(quote));
    expect(placedText(text, result)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------
// 4. Long quotes whose end words do not match are not accepted unless the
//    stored context vouches for the end.

const LONG_EN = 'The committee agreed to expand the programme to rural schools next year, officials said on Friday.';
const longCases: Array<{ name: string; text: string; selectors: (old: string) => Selector[]; expected: string | null }> = [
  {
    name: 'en: last word replaced, text after it changed too (9 edits in 48 characters)',
    text: 'The committee agreed to expand the programme to coastal towns by 2026, but gave no budget.',
    selectors: () => describeRange(LONG_EN, 0, 48 + LONG_EN.slice(48).indexOf(' ')).slice(0, 1),
    expected: null,
  },
  {
    name: 'en: quote-only selector, last word replaced',
    text: 'The committee agreed to expand the programme to coastal towns next year.',
    selectors: () => quoteOnly('The committee agreed to expand the programme to rural schools'),
    expected: null,
  },
  {
    name: 'zh: 末尾词语被替换，其后文字也变了',
    text: '会议同意将试点范围扩大到中西部地区的县级医院，但未明确资金来源。',
    selectors: () => quoteOnly('会议同意将试点范围扩大到东部沿海地区的乡镇学校', '', '，并于明年起'),
    expected: null,
  },
  {
    name: 'en: last word replaced but the text after the quote still agrees (an edit of the passage)',
    text: 'The committee agreed to expand the programme to rural clinics next year, officials said on Friday.',
    selectors: () => describeRange(LONG_EN, 0, LONG_EN.indexOf(' next year')).slice(0, 1),
    expected: 'The committee agreed to expand the programme to rural clinics',
  },
  {
    name: 'en: spread typo fixes (OCR) of the same length are still accepted',
    text: 'The committee agreed to expand the programme to rural schools next year.',
    selectors: () => quoteOnly('Tbe cornmittee agreed to expaud the progranme to rural schools'),
    expected: 'The committee agreed to expand the programme to rural schools',
  },
];

describe('long quotes whose words do not match', () => {
  it.each(longCases)('$name', ({ text, selectors, expected }) => {
    const sel = selectors(LONG_EN);
    const result = anchor(text, sel);
    expect(placedText(text, result)).toBe(expected);
    if (expected === null) expect(result).toEqual({ status: 'orphan', reason: 'not-found' });
  });
});

// ---------------------------------------------------------------------------
// 5. A unique exact quote anchors even when its context changed on both sides.

const uniqueCases = [
  {
    name: 'zh: a name, both sides rewritten, no position',
    text: SAMPLE_ZH,
    quote: '徐晓兰',
    rewrite: (t: string) => t.replace('工信部副部长徐晓兰介绍', '据介绍，徐晓兰表示'),
  },
  {
    name: 'zh: a figure, both sides rewritten',
    text: SAMPLE_ZH,
    quote: '17.7万人次',
    rewrite: (t: string) => t.replace('线下参观人数突破17.7万人次，均创', '现场观众约17.7万人次，创下'),
  },
  {
    name: 'en: a short phrase, both sides rewritten',
    text: SAMPLE_EN,
    quote: 'Xu Xiaolan',
    rewrite: (t: string) => t.replace('Technology Xu Xiaolan said', 'Technology, Xu Xiaolan, told reporters'),
  },
];

describe('a unique exact quote anchors whatever its context', () => {
  it.each(uniqueCases)('$name', ({ text, quote, rewrite }) => {
    const ann = annotationFor(text, quote);
    const newText = rewrite(text);
    expect(newText).not.toBe(text);
    expect(newText.split(quote)).toHaveLength(2); // still exactly once
    const [q] = ann.target.selector;
    const before = newText.slice(newText.indexOf(quote) - q.prefix.length, newText.indexOf(quote));
    expect(before).not.toBe(q.prefix);
    const result = anchor(newText, [q]);
    expect(result).toEqual({ status: 'moved', start: newText.indexOf(quote), end: newText.indexOf(quote) + quote.length });
  });
});

// ---------------------------------------------------------------------------
// 6. Every orphan says why.

describe('orphan reasons', () => {
  const quote = (exact: string, prefix = '', suffix = ''): TextQuoteSelector => ({ type: 'TextQuoteSelector', exact, prefix, suffix });
  const cases: Array<{ name: string; text: string; selectors: Selector[]; reason: string }> = [
    { name: 'not-found: quote absent', text: SAMPLE_ZH, selectors: [quote('量子计算产业联盟')], reason: 'not-found' },
    { name: 'not-found: English quote in a Chinese text', text: SAMPLE_ZH, selectors: [quote('computing power ranks second')], reason: 'not-found' },
    { name: 'ambiguous: short repeated quote, no context, no position', text: SAMPLE_ZH, selectors: [quote('算力')], reason: 'ambiguous' },
    { name: 'ambiguous: English word repeated, no context', text: SAMPLE_EN, selectors: [quote('billion yuan')], reason: 'ambiguous' },
    {
      name: 'context-contradicts: both sides from elsewhere',
      text: SAMPLE_ZH,
      selectors: [quote('算力', '与此无关的前文内容', '与此无关的后文内容')],
      reason: 'context-contradicts',
    },
    {
      name: 'out-of-range: position only, beyond the text',
      text: SAMPLE_ZH,
      selectors: [{ type: 'TextPositionSelector', start: 10, end: 1_000_000 }],
      reason: 'out-of-range',
    },
    { name: 'out-of-range: position only, empty text', text: '', selectors: [{ type: 'TextPositionSelector', start: 0, end: 1 }], reason: 'out-of-range' },
  ];
  it.each(cases)('$name', ({ text, selectors, reason }) => {
    expect(anchor(text, selectors)).toEqual({ status: 'orphan', reason });
  });
});

// ---------------------------------------------------------------------------
// Properties.

/** Texts of real words (so passages are not all whitespace) and some astral characters. */
const word = fc.constantFrom('算力', '人工智能', '产业', '上海', '𠮷野家', '😀', 'policy', 'data', '，', '。', ' ', '\n', '　　', '2023年');
const textArb = fc.array(word, { minLength: 5, maxLength: 120 }).map((w) => w.join(''));

describe('properties', () => {
  it('anchor(describe(x)) = x on an unchanged text', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const result = anchor(text, describeRange(text, start, end));
        expect(result).toEqual({ status: 'exact', start, end });
      }),
      { numRuns: 300 },
    );
  });

  // Inserted text uses letters the base text never has, so where the edit was is not ambiguous.
  const insertedArb = fc.array(fc.constantFrom('甲', '乙', 'x', 'y', '🎉', '\n'), { minLength: 1, maxLength: 40 }).map((w) => w.join(''));

  it('an insertion outside the passage moves it exactly by the insertion (with the old text)', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.nat(), insertedArb, (text, a, b, c, inserted) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const before = c % 2 === 0 && start > 0;
        const at = before ? c % (start + 1) : end + (c % (text.length - end + 1));
        const newText = text.slice(0, at) + inserted + text.slice(at);
        const shift = before ? inserted.length : 0;
        const out = reanchorAll(text, newText, [annotationAt(text, start, end)]);
        const r = out.results[0];
        expect(r.status === 'orphan' ? r : { start: r.start, end: r.end }).toEqual({ start: start + shift, end: end + shift });
      }),
      { numRuns: 300 },
    );
  });

  it('a deletion outside the passage keeps it on the same text (with the old text)', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (text, a, b, c, d) => {
        const start = a % text.length;
        const end = start + 1 + (b % (text.length - start));
        const before = c % 2 === 0 && start > 0;
        const from = before ? c % start : end + (c % (text.length - end + 1));
        const to = Math.min(before ? start : text.length, from + 1 + (d % 9));
        const newText = text.slice(0, from) + text.slice(to);
        if (newText === text) return;
        const out = reanchorAll(text, newText, [annotationAt(text, start, end)]);
        const r = out.results[0];
        // In repetitive text a deletion can be aligned several ways; any of them keeps the passage's text.
        expect(r.status === 'orphan' ? r : newText.slice(r.start, r.end)).toBe(text.slice(start, end));
      }),
      { numRuns: 300 },
    );
  });
});
