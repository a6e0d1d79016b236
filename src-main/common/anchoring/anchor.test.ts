import { SAMPLE_EN, SAMPLE_ZH } from '../../../tests/fixtures/texts';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../annotation';
import { anchor, reanchorAll, type AnchorStatus } from './anchor';
import { describeRange } from './describe';

const ZH = SAMPLE_ZH;
const EN = SAMPLE_EN;

/** Offset of the n-th (0-based) occurrence of `s` in `text`. */
function nth(text: string, s: string, n = 0): number {
  let at = -1;
  for (let k = 0; k <= n; k += 1) {
    at = text.indexOf(s, at + 1);
    if (at === -1) throw new Error(`fixture: occurrence ${n} of "${s}" not found`);
  }
  return at;
}

function replaceNth(text: string, s: string, replacement: string, n = 0): string {
  const at = nth(text, s, n);
  return text.slice(0, at) + replacement + text.slice(at + s.length);
}

/** Plain Levenshtein distance, to prove a fixture edit really is within the stated share. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

function annotationFor(text: string, quote: string, occurrence = 0, id = 'a1'): Annotation {
  const start = nth(text, quote, occurrence);
  return {
    id,
    articleId: 'rmrb-waic',
    target: { selector: describeRange(text, start, start + quote.length) },
    color: 'key',
    note: '',
    tags: [],
    created: '2023-07-10T08:00:00.000Z',
    modified: '2023-07-10T08:00:00.000Z',
  };
}

const LEAD_SENTENCE = '大会共对接210家上下游企业，达成110亿元意向采购金额，推动32个重大产业项目签约，项目投资总额288亿元';
const TITLE = '推动32个重大产业项目签约，项目投资总额288亿元';

interface KeepCase {
  name: string;
  text: string;
  quote: string;
  /** Which occurrence of `quote` in the old text is highlighted. */
  occurrence?: number;
  edit: (text: string) => string;
  /** The passage the highlight must land on in the new text, and which occurrence of it. */
  passage?: string;
  passageOccurrence?: number;
  status: AnchorStatus[];
}

const keepCases: KeepCase[] = [
  // Edits elsewhere in the text.
  { name: 'unchanged text', text: ZH, quote: LEAD_SENTENCE, occurrence: 1, edit: (t) => t, status: ['exact'] },
  {
    name: 'sentence inserted before the passage',
    text: ZH,
    quote: '智能芯片、开发框架等创新成果不断涌现',
    edit: (t) => replaceNth(t, '在上海举办。', '在上海举办。本届大会以“智联世界　生成未来”为主题。'),
    status: ['moved'],
  },
  {
    name: 'paragraph inserted after the passage',
    text: ZH,
    quote: '智能芯片、开发框架等创新成果不断涌现',
    edit: (t) => t + '\n　　（本报记者　某某）\n',
    status: ['exact'],
  },
  {
    name: 'lead (核心阅读) deleted before the passage',
    text: ZH,
    quote: '人工智能应用场景的快速落地带来了数据的高速增长',
    edit: (t) => t.slice(0, nth(t, '　　核心阅读')) + t.slice(nth(t, '　　7月6日至8日', 1)),
    status: ['moved'],
  },
  {
    name: 'last paragraph deleted after the passage',
    text: ZH,
    quote: '工信部副部长徐晓兰介绍',
    edit: (t) => t.slice(0, nth(t, '　　在实现“双碳”目标')),
    status: ['exact'],
  },
  {
    name: 'indentation (full-width spaces) removed everywhere',
    text: ZH,
    quote: '算力作为数字经济时代的关键生产力，将赋能千行百业',
    edit: (t) => t.replace(/\n　　/g, '\n'),
    status: ['moved'],
  },
  {
    name: 'words right before and after the passage rewritten',
    text: ZH,
    quote: '算力规模位居全球第二',
    edit: (t) => replaceNth(replaceNth(t, '云算协同发力，', '云算协同推进，'), '；人工智能与制造业', '。人工智能和制造业'),
    status: ['exact', 'moved'],
  },

  // The repeated sentence: lead (occurrence 0) and first paragraph (occurrence 1).
  {
    name: 'repeated sentence, lead copy, text inserted at the start',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 0,
    edit: (t) => '【要闻】' + t,
    passageOccurrence: 0,
    status: ['moved'],
  },
  {
    name: 'repeated sentence, paragraph copy, lead lengthened before it',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 1,
    edit: (t) => replaceNth(t, '面向未来，上海将强化', '面向未来，上海市将进一步强化'),
    passageOccurrence: 1,
    status: ['moved'],
  },
  {
    name: 'repeated sentence, lead copy kept while the paragraph copy is edited',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 0,
    edit: (t) => replaceNth(t, '大会共对接210家', '大会共对接二百一十家', 1),
    passageOccurrence: 0,
    status: ['exact'],
  },
  {
    name: 'repeated sentence, lead copy edited while the paragraph copy is intact',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 0,
    edit: (t) => replaceNth(t, LEAD_SENTENCE, LEAD_SENTENCE.replace('意向采购金额', '意向采购额').replace('上下游', '产业链上下游'), 0),
    passage: LEAD_SENTENCE.replace('意向采购金额', '意向采购额').replace('上下游', '产业链上下游'),
    status: ['fuzzy'],
  },
  {
    name: 'repeated sentence, paragraph copy edited while the lead copy is intact',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 1,
    edit: (t) => replaceNth(t, LEAD_SENTENCE, LEAD_SENTENCE.replace('288亿元', '约288亿元'), 1),
    passage: LEAD_SENTENCE.replace('288亿元', '约288亿元'),
    status: ['fuzzy'],
  },
  {
    name: 'repeated sentence, lead copy edited and text inserted before it',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 0,
    edit: (t) => replaceNth('【要闻】' + t, LEAD_SENTENCE, LEAD_SENTENCE.replace('达成110亿元', '共达成110亿元'), 0).replace('核心阅读', '核心阅读（编者按）'),
    passage: LEAD_SENTENCE.replace('达成110亿元', '共达成110亿元'),
    status: ['fuzzy'],
  },
  {
    name: 'repeated sentence, both copies edited differently, paragraph copy highlighted',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 1,
    edit: (t) =>
      replaceNth(
        replaceNth(t, LEAD_SENTENCE, LEAD_SENTENCE.replace('210家', '211家'), 0),
        LEAD_SENTENCE,
        LEAD_SENTENCE.replace('32个重大产业项目', '三十二个重大产业项目'),
        0,
      ),
    passage: LEAD_SENTENCE.replace('32个重大产业项目', '三十二个重大产业项目'),
    status: ['fuzzy'],
  },
  {
    name: 'title (its words recur twice below) with text inserted before it',
    text: ZH,
    quote: TITLE,
    occurrence: 0,
    edit: (t) => '人民日报　2023年07月10日\n' + t,
    passageOccurrence: 0,
    status: ['moved'],
  },
  {
    name: 'lead copy of the repeated sentence deleted: moves to the identical paragraph copy',
    text: ZH,
    quote: LEAD_SENTENCE,
    occurrence: 0,
    edit: (t) => replaceNth(t, LEAD_SENTENCE + '。', '', 0),
    passageOccurrence: 0,
    status: ['moved'],
  },

  // Edits inside the passage, up to a quarter of its length.
  {
    name: 'full-width punctuation changed inside the passage',
    text: ZH,
    quote: '开放枢纽门户“四大功能”，作为今后一个时期深化高水平改革开放、推动高质量发展的主攻方向',
    edit: (t) =>
      replaceNth(
        t,
        '开放枢纽门户“四大功能”，作为今后一个时期深化高水平改革开放、推动高质量发展',
        '开放枢纽门户「四大功能」,作为今后一个时期深化高水平改革开放，推动高质量发展',
      ),
    passage: '开放枢纽门户「四大功能」,作为今后一个时期深化高水平改革开放，推动高质量发展的主攻方向',
    status: ['fuzzy'],
  },
  {
    name: 'phrase rewritten inside the passage (about a fifth)',
    text: ZH,
    quote: '从个人的衣食住行，到企业的生产、销售、服务、办公，人工智能的应用场景已经涵盖了各个领域',
    edit: (t) => replaceNth(t, '人工智能的应用场景已经涵盖了各个领域', '人工智能应用已覆盖各行各业'),
    passage: '从个人的衣食住行，到企业的生产、销售、服务、办公，人工智能应用已覆盖各行各业',
    status: ['fuzzy'],
  },
  {
    name: 'a quarter of the passage changed, spread through it',
    text: ZH,
    quote: '未来算力发展趋势将具备两大特征，即普适和智慧',
    edit: (t) => replaceNth(t, '未来算力发展趋势将具备两大特征，即普适和智慧', '今后算力发展趋向将具有两个特征，即普适和智慧'),
    passage: '今后算力发展趋向将具有两个特征，即普适和智慧',
    status: ['fuzzy'],
  },
  {
    name: 'passage spanning two paragraphs, paragraph break changed',
    text: ZH,
    quote: '加快培育壮大智能产业。\n　　构建人工智能时代算力底座\n　　人工智能应用场景的快速落地',
    edit: (t) => replaceNth(t, '加快培育壮大智能产业。\n　　构建', '加快培育壮大智能产业。\n\n构建'),
    passage: '加快培育壮大智能产业。\n\n构建人工智能时代算力底座\n　　人工智能应用场景的快速落地',
    status: ['fuzzy'],
  },

  // English prose.
  {
    name: 'English: sentence inserted before',
    text: EN,
    quote: "China's core AI industry has reached 500 billion yuan in scale",
    edit: (t) => replaceNth(t, 'a record on every count.', 'a record on every count. Organisers called it the busiest edition yet.'),
    status: ['moved'],
  },
  {
    name: 'English: spelling changed inside',
    text: EN,
    quote: 'over 400 companies exhibited across more than 50,000 square metres, and 133 themed forums were held',
    edit: (t) => replaceNth(t, 'square metres', 'square meters'),
    passage: 'over 400 companies exhibited across more than 50,000 square meters, and 133 themed forums were held',
    status: ['fuzzy'],
  },
  {
    name: 'English: straight quotes made curly and a word changed',
    text: EN,
    quote: 'adopted a plan to strengthen Shanghai\'s "four functions": allocating global resources',
    edit: (t) => replaceNth(t, 'adopted a plan to strengthen Shanghai\'s "four functions"', 'approved a plan to strengthen Shanghai’s “four functions”'),
    passage: 'approved a plan to strengthen Shanghai’s “four functions”: allocating global resources',
    status: ['fuzzy'],
  },
  {
    name: 'English: short phrase repeated, right copy kept by context',
    text: EN,
    quote: 'billion yuan',
    occurrence: 2,
    edit: (t) => 'Updated July 10. ' + t,
    passageOccurrence: 2,
    status: ['moved'],
  },
];

function expectPlaced(newText: string, result: ReturnType<typeof anchor>, c: KeepCase): void {
  expect(result.status).not.toBe('orphan');
  if (result.status === 'orphan') return;
  expect(c.status).toContain(result.status);
  const passage = c.passage ?? c.quote;
  expect(newText.slice(result.start, result.end)).toBe(passage);
  if (c.passage === undefined || c.passageOccurrence !== undefined) {
    expect(result.start).toBe(nth(newText, passage, c.passageOccurrence ?? (c.passage === undefined ? (c.occurrence ?? 0) : 0)));
  }
}

describe('anchor keeps highlights through edits', () => {
  it('fixtures: edits inside passages stay within a quarter of the quote', () => {
    for (const c of keepCases) {
      if (c.passage === undefined) continue;
      expect(editDistance(c.quote, c.passage), c.name).toBeLessThanOrEqual(c.quote.length / 4);
    }
  });

  it.each(keepCases)('$name', (c) => {
    const ann = annotationFor(c.text, c.quote, c.occurrence ?? 0);
    const newText = c.edit(c.text);
    if (c.name !== 'unchanged text') expect(newText, 'fixture edit must change the text').not.toBe(c.text);
    // Without the old text: only the stored selectors to go on.
    expectPlaced(newText, anchor(newText, ann.target.selector), c);
    // With the old text, as when an article is edited or re-imported.
    const { results, annotations } = reanchorAll(c.text, newText, [ann]);
    expectPlaced(newText, results[0], c);
    expect(annotations[0].orphan).toBeUndefined();
  });
});

interface OrphanCase {
  name: string;
  text: string;
  quote: string;
  edit: (text: string) => string;
  /**
   * What `anchor()` alone (without the old text, so without knowing the edit)
   * makes of it, when that differs from an orphan: a short quote that now
   * occurs exactly once is taken there, since nothing says it is another copy.
   */
  withoutEdit?: string;
}

const LIMB_PARAGRAPH_START = '　　“下肢运动障碍的患者';
const orphanCases: OrphanCase[] = [
  {
    name: 'paragraph holding the passage deleted',
    text: ZH,
    quote: '这款设备通过节律性步行、重心自由浮动、实际落地行走',
    edit: (t) => {
      const from = nth(t, LIMB_PARAGRAPH_START);
      return t.slice(0, from) + t.slice(t.indexOf('\n', from) + 1);
    },
  },
  {
    name: 'passage rewritten beyond recognition',
    text: ZH,
    quote: '在实现“双碳”目标的背景下，模型在算力层面对能源和环境的影响尤为值得关注',
    edit: (t) => replaceNth(t, '在实现“双碳”目标的背景下，模型在算力层面对能源和环境的影响尤为值得关注', '从节能角度看，大模型训练的耗电问题同样不容忽视'),
  },
  {
    name: 'passage more than a third rewritten',
    text: ZH,
    quote: '工信部将以人工智能与实体经济融合为主线',
    edit: (t) => replaceNth(t, '工信部将以人工智能与实体经济融合为主线', '工信部将把智能技术同制造业结合作为重点'),
  },
  {
    name: 'short heading deleted while its words recur in another sentence',
    text: ZH,
    quote: '构建人工智能时代算力底座',
    edit: (t) => replaceNth(t, '　　构建人工智能时代算力底座\n', ''),
    withoutEdit: '构建人工智能时代算力底座',
  },
  {
    name: 'English: paragraph deleted',
    text: EN,
    quote: 'Xu Xiaolan said the ministry would take the integration of AI with the real economy as its main line',
    edit: (t) => {
      const from = nth(t, 'Vice Minister');
      return t.slice(0, from) + t.slice(t.indexOf('\n', from) + 1);
    },
  },
  {
    name: 'English: sentence rewritten beyond recognition',
    text: EN,
    quote: 'More than 1,400 guests attended, over 400 companies exhibited',
    edit: (t) => replaceNth(t, 'More than 1,400 guests attended, over 400 companies exhibited', 'Attendance was strong and the halls were full'),
  },
];

describe('anchor orphans highlights whose passage is gone', () => {
  it.each(orphanCases)('$name', (c) => {
    const ann = annotationFor(c.text, c.quote);
    const newText = c.edit(c.text);
    expect(newText).not.toBe(c.text);
    const alone = anchor(newText, ann.target.selector);
    if (c.withoutEdit === undefined) expect(alone).toEqual({ status: 'orphan', reason: 'not-found' });
    else expect(alone.status !== 'orphan' && newText.slice(alone.start, alone.end)).toBe(c.withoutEdit);
    const out = reanchorAll(c.text, newText, [ann]);
    expect(out.results[0]).toEqual({ status: 'orphan', reason: 'not-found' });
    expect(out.orphaned).toBe(1);
    expect(out.annotations[0].orphan).toBe(true);
    expect(out.annotations[0].orphanReason).toBe('not-found');
    // Orphans keep what they were, so the user can see the quote and re-attach it.
    expect(out.annotations[0].target).toEqual(ann.target);
  });

  it('does not match unrelated text', () => {
    for (const [from, to] of [
      [EN, ZH],
      [ZH, EN],
    ] as const) {
      const lines = from.split('\n').filter((l) => l.trim().length > 20);
      for (const line of lines) {
        const quote = line.trim().slice(0, 40);
        const ann = annotationFor(from, quote);
        expect(anchor(to, ann.target.selector), quote).toEqual({ status: 'orphan', reason: 'not-found' });
      }
    }
  });

  it('does not match one sentence of the article against another', () => {
    // Every sentence of the body, searched in a text with its paragraph removed. One
    // exception: the lead's closing sentence recurs in the next-but-one paragraph
    // with only "强化“四大功能”，" missing (9 of 41 characters), so it rightly moves there.
    const nearRepeat = '面向未来，上海将强化“四大功能”，充分利用大会的磁场效应，以更大力度推动人工智能健康发展';
    const paragraphs = ZH.split('\n');
    for (let i = 3; i < paragraphs.length; i += 1) {
      if (paragraphs[i].length < 40) continue;
      const without = paragraphs.filter((_, j) => j !== i).join('\n');
      const sentences = paragraphs[i]
        .split('。')
        .map((s) => s.trim())
        .filter((s) => s.length >= 12);
      for (const sentence of sentences) {
        if (without.includes(sentence)) continue;
        if (sentence === nearRepeat) {
          const moved = anchor(without, annotationFor(ZH, sentence).target.selector);
          expect(moved.status).toBe('fuzzy');
          if (moved.status === 'fuzzy') expect(without.slice(moved.start, moved.end)).toContain('充分利用大会的磁场效应');
          continue;
        }
        const ann = annotationFor(ZH, sentence);
        expect(anchor(without, ann.target.selector), sentence).toEqual({ status: 'orphan', reason: 'not-found' });
      }
    }
  });
});

describe('anchor edge cases', () => {
  it('keeps a short quote at its position even when the text around it was rewritten', () => {
    const at = nth(ZH, '徐晓兰');
    const ann = annotationFor(ZH, '徐晓兰');
    const before = ZH.slice(at - 32, at);
    const after = ZH.slice(at + 3, at + 35);
    const newText = ZH.slice(0, at - 32) + '甲'.repeat(32) + '徐晓兰' + '乙'.repeat(32) + ZH.slice(at + 35);
    expect(newText.slice(at - 32, at)).not.toBe(before);
    expect(newText.slice(at + 3, at + 35)).not.toBe(after);
    expect(anchor(newText, ann.target.selector)).toEqual({ status: 'exact', start: at, end: at + 3 });
  });

  it('prefers the intact copy when the old offsets now point at another copy of a repeated phrase', () => {
    const phrase = '人工智能';
    // Two consecutive occurrences far enough in; delete exactly their distance from the start of
    // the text, so the later copy slides onto the highlighted one's old offsets.
    const o2 = nth(ZH, phrase, 10);
    const o3 = nth(ZH, phrase, 11);
    const gap = o3 - o2;
    expect(gap).toBeLessThan(o2 - 32);
    const ann = annotationFor(ZH, phrase, 10);
    const newText = ZH.slice(gap);
    expect(newText.slice(o2, o2 + phrase.length)).toBe(phrase);
    expect(anchor(newText, ann.target.selector)).toEqual({ status: 'moved', start: o2 - gap, end: o2 - gap + phrase.length });
  });

  it('places a whole re-typed paragraph (long quote) after a light copy-edit', () => {
    const start = nth(ZH, '本次大会上，上海联通');
    const end = ZH.indexOf('\n', start);
    const quote = ZH.slice(start, end);
    const edited = quote.replace(/，/g, ', ').replace('赋能千行百业', '赋能各行各业');
    expect(editDistance(quote, edited)).toBeLessThanOrEqual(quote.length / 4);
    const newText = ZH.slice(0, start) + edited + ZH.slice(end);
    expect(anchor(newText, describeRange(ZH, start, end))).toEqual({ status: 'fuzzy', start, end: start + edited.length });
  });

  it('finds the quote when the position lies outside the text', () => {
    const ann = annotationFor(ZH, TITLE, 2);
    const [quote] = ann.target.selector;
    const result = anchor(ZH, [quote, { type: 'TextPositionSelector', start: 99999, end: 100020 }]);
    expect(result).toMatchObject({ status: 'moved', start: nth(ZH, TITLE, 2) });
  });

  it('uses context alone when there is no position selector', () => {
    const ann = annotationFor(ZH, TITLE, 1);
    const result = anchor(ZH, [ann.target.selector[0]]);
    expect(result).toMatchObject({ status: 'moved', start: nth(ZH, TITLE, 1) });
  });

  it('trusts a lone position selector that fits the text', () => {
    expect(anchor(ZH, [{ type: 'TextPositionSelector', start: 3, end: 9 }])).toEqual({ status: 'exact', start: 3, end: 9 });
    expect(anchor(ZH, [{ type: 'TextPositionSelector', start: 3, end: 99999 }])).toEqual({ status: 'orphan', reason: 'out-of-range' });
  });
});

/**
 * Figures and names changed: a different fact. `anchor()` alone (an import
 * from another library, a rebuilt text) must orphan it, `not-found`; with the
 * old text, where the edit rewrote the highlighted passage itself (the user
 * corrected the figure), the highlight stays on the corrected passage
 * (`corrected`), and where the passage was deleted it is an orphan too.
 */
interface FactCase {
  name: string;
  text: string;
  quote: string;
  edit: (text: string) => string;
  /** With the old text: the corrected passage it stays on, or absent for an orphan. */
  corrected?: string;
}

const GROUPS = [
  '关于开展2024年安全生产大检查的工作总结',
  '第一小组负责检查化工园区，共检查企业36家，发现隐患128处，已整改115处，整改率89.8%。',
  '第二小组负责检查化工园区，共检查企业35家，发现隐患121处，已整改110处，整改率90.9%。',
  '第三小组负责检查建筑工地，共检查项目22个，发现隐患64处，已全部整改到位。',
  '下一步，各小组将持续跟踪未整改隐患，确保年底前全部清零。',
].join('\n');
const dropLine = (text: string, prefix: string) =>
  text
    .split('\n')
    .filter((l) => !l.startsWith(prefix))
    .join('\n');

const factCases: FactCase[] = [
  {
    name: 'the paragraph deleted, a look-alike with other figures remains (隐患128处 → 121处)',
    text: GROUPS,
    quote: '发现隐患128处，已整改115处',
    edit: (t) => dropLine(t, '第一小组'),
  },
  {
    name: 'an ordinal changed (第一小组 → 第二小组), the rest identical',
    text: GROUPS,
    quote: '第一小组负责检查化工园区',
    edit: (t) => dropLine(t, '第一小组').replace('第二小组负责检查化工园区，共检查企业35家', '第二小组负责检查化工园区，共检查企业36家'),
  },
  {
    name: 'CJK figures changed inside the passage (4.4万亿 → 4.6万亿)',
    text: ZH,
    quote: '到2025年，算力核心产业规模将不低于4.4万亿元，关联产业规模可达24万亿元',
    edit: (t) => replaceNth(t, '不低于4.4万亿元，关联产业规模可达24万亿元', '不低于4.6万亿元，关联产业规模可达25万亿元'),
    corrected: '到2025年，算力核心产业规模将不低于4.6万亿元，关联产业规模可达25万亿元',
  },
  {
    name: 'one count corrected (15辆车 → 16辆车)',
    text: ZH,
    quote: '7月8日，3家企业的15辆车获得浦东新区首批发放的无驾驶人智能网联汽车道路测试牌照',
    edit: (t) => replaceNth(t, '3家企业的15辆车', '3家企业的16辆车'),
    corrected: '7月8日，3家企业的16辆车获得浦东新区首批发放的无驾驶人智能网联汽车道路测试牌照',
  },
  {
    name: 'a date changed (3月15日 → 3月16日)',
    text: '通知如下。\n本办法自2024年3月15日起施行，由市发展改革委负责解释。\n特此通知。',
    quote: '本办法自2024年3月15日起施行',
    edit: (t) => t.replace('3月15日', '3月16日'),
    corrected: '本办法自2024年3月16日起施行',
  },
  {
    name: 'English: a percentage changed (25% → 2.5%)',
    text: 'Output grew by 25% in the first half of the year, the bureau said.\nExports were flat.',
    quote: 'Output grew by 25% in the first half of the year',
    edit: (t) => t.replace('25%', '2.5%'),
    corrected: 'Output grew by 2.5% in the first half of the year',
  },
  {
    name: 'English: a name changed (Premier Li → Premier Ding)',
    text: 'The forum was opened by Premier Li Qiang on Thursday morning.\nDelegates arrived.',
    quote: 'The forum was opened by Premier Li Qiang on Thursday',
    edit: (t) => t.replace('Li Qiang', 'Ding Xuexiang'),
    corrected: 'The forum was opened by Premier Ding Xuexiang on Thursday',
  },
];

describe('anchor never moves a highlight onto other figures or names', () => {
  it.each(factCases)('$name', (c) => {
    const ann = annotationFor(c.text, c.quote);
    const newText = c.edit(c.text);
    expect(newText).not.toBe(c.text);
    expect(anchor(newText, ann.target.selector)).toEqual({ status: 'orphan', reason: 'not-found' });
    const out = reanchorAll(c.text, newText, [ann]);
    if (c.corrected === undefined) {
      expect(out.results[0]).toEqual({ status: 'orphan', reason: 'not-found' });
      expect(out.annotations[0].target).toEqual(ann.target);
    } else {
      const r = out.results[0];
      expect(r.status).toBe('fuzzy');
      if (r.status !== 'orphan') expect(newText.slice(r.start, r.end)).toBe(c.corrected);
    }
  });

  it.each([
    // [line before, quote, line after, passage expected]
    [
      '推动32个重大产业项目签约，项目投资总额288亿元',
      '推动32个重大产业项目签约',
      '推动三十二个重大产业项目签约，项目投资总额288亿元',
      '推动三十二个重大产业项目签约',
    ],
    [
      '全年诊断企业不少于５０００家，培育专精特新企业',
      '全年诊断企业不少于５０００家',
      '全年诊断企业不少于5000家，培育专精特新企业',
      '全年诊断企业不少于5000家',
    ],
    [
      '未来算力发展趋势将具备两大特征，即普适和智慧。',
      '未来算力发展趋势将具备两大特征，即普适和智慧',
      '今后算力发展趋向将具有两个特征，即普适和智慧。',
      '今后算力发展趋向将具有两个特征，即普适和智慧',
    ],
    ['Exports reached 5,000 tonnes in May.', 'Exports reached 5,000 tonnes', 'Exports rose to 5000 tonnes in May.', 'Exports rose to 5000 tonnes'],
  ])('still follows an edit that leaves the figures alone, or writes them another way: %s', (before, quote, after, passage) => {
    const ann = annotationFor(`开头。\n${before}\n结尾。`, quote);
    const text = `开头。\n${after}\n结尾。`;
    const r = anchor(text, ann.target.selector);
    expect(r.status).not.toBe('orphan');
    if (r.status !== 'orphan') expect(text.slice(r.start, r.end)).toBe(passage);
  });
});

describe('reanchorAll', () => {
  const quotes: Array<[string, number]> = [
    [TITLE, 0],
    [LEAD_SENTENCE, 0],
    [LEAD_SENTENCE, 1],
    ['智能芯片、开发框架等创新成果不断涌现', 0],
    ['这款设备通过节律性步行、重心自由浮动、实际落地行走', 0],
    ['到2025年，算力核心产业规模将不低于4.4万亿元', 0],
    ['大幅降低机器学习的能耗与碳排放', 0],
  ];
  const annotations = quotes.map(([q, n], i) => annotationFor(ZH, q, n, `a${i}`));

  function edited(text: string): string {
    let t = '【要闻】' + text; // everything moves
    t = replaceNth(t, '4.4万亿元', '4.6万亿元'); // one fuzzy
    const from = nth(t, LIMB_PARAGRAPH_START); // one orphan
    return t.slice(0, from) + t.slice(t.indexOf('\n', from) + 1);
  }

  it.each([
    ['with the old text', ZH],
    ['without the old text', undefined],
  ] as const)('rewrites selectors for the new text and counts (%s)', (_label, oldText) => {
    const newText = edited(ZH);
    const out = reanchorAll(oldText, newText, annotations);
    // The changed figure (4.4 → 4.6万亿元) is another fact: the edit also reached beyond that passage, so it is no in-place correction.
    expect(out.results.map((r) => r.status)).toEqual(['moved', 'moved', 'moved', 'moved', 'orphan', 'orphan', 'moved']);
    expect(out.moved).toBe(5);
    expect(out.orphaned).toBe(2);
    expect(out.changed).toBe(7);
    out.annotations.forEach((a, i) => {
      const r = out.results[i];
      if (r.status === 'orphan') {
        expect(a.orphan).toBe(true);
        expect(a.target).toEqual(annotations[i].target);
        return;
      }
      // The stored selectors now describe the new text exactly.
      expect(a.target.selector).toEqual(describeRange(newText, r.start, r.end));
      expect(a.orphan).toBeUndefined();
      expect(a.modified).toBe(annotations[i].modified);
    });
    expect(out.annotations[5].target.selector[0].exact).toBe('到2025年，算力核心产业规模将不低于4.4万亿元');
    expect(out.annotations[5].orphanReason).toBe('not-found');
    // Inputs are left alone.
    expect(annotations[5].target.selector[0].exact).toBe('到2025年，算力核心产业规模将不低于4.4万亿元');
  });

  it('leaves unchanged annotations as they are (same objects) when the text did not change', () => {
    const out = reanchorAll(ZH, ZH, annotations);
    expect(out.results.every((r) => r.status === 'exact')).toBe(true);
    expect(out.moved + out.orphaned + out.changed).toBe(0);
    out.annotations.forEach((a, i) => expect(a).toBe(annotations[i]));
  });

  it('re-attaches an orphan when its passage comes back', () => {
    const cut = edited(ZH);
    const first = reanchorAll(ZH, cut, annotations);
    const second = reanchorAll(cut, ZH, first.annotations);
    expect(second.orphaned).toBe(0);
    expect(second.annotations[4].orphan).toBeUndefined();
    expect(second.annotations[4].target.selector).toEqual(annotations[4].target.selector);
    // An orphan that stays an orphan is not counted as a change again.
    const third = reanchorAll(cut, cut, first.annotations);
    expect(third.orphaned).toBe(2);
    expect(third.annotations[4]).toBe(first.annotations[4]);
  });
});

describe('anchoring performance', () => {
  // ~30,000 characters: the article thirteen times over, each copy numbered, so phrases repeat as in a long report.
  const big = Array.from({ length: 13 }, (_, i) => `第${i + 1}部分\n${ZH}`).join('\n');
  const anns: Annotation[] = [];
  for (let i = 0; i < 500; i += 1) {
    const start = (i * 7919) % (big.length - 80);
    const ann = annotationFor(big, big.slice(start, start + 10 + (i % 60)), 0, `p${i}`);
    // annotationFor finds the first occurrence; describe the real position instead.
    ann.target.selector = describeRange(big, start, start + 10 + (i % 60));
    anns.push(ann);
  }

  it('anchors 500 annotations on a 30,000-character text quickly when positions are intact', () => {
    expect(big.length).toBeGreaterThan(30000);
    reanchorAll(undefined, big, anns); // warm up
    const t0 = performance.now();
    const out = reanchorAll(undefined, big, anns);
    const ms = performance.now() - t0;
    expect(out.results.every((r) => r.status === 'exact')).toBe(true);
    expect(ms).toBeLessThan(100);
  });

  it('stays fast after an insertion in the middle when the old text is known', () => {
    const at = Math.floor(big.length / 2);
    const newText = big.slice(0, at) + '【编者按：以下内容有更新】' + big.slice(at);
    const t0 = performance.now();
    const out = reanchorAll(big, newText, anns);
    const ms = performance.now() - t0;
    expect(out.orphaned).toBe(0);
    expect(ms).toBeLessThan(200);
  });
});
