import { describe, expect, it } from 'vitest';
import { waicBriefing } from './fixtures/waic-briefing';
import { GOVCN, officeBriefing, RMRB, XINHUA } from './fixtures/office-briefing';
import type { Briefing, HighlightItem } from './model';
import {
  buildOutline,
  chineseNumber,
  citationLine,
  wrapBookTitle,
  citationParts,
  formatDate,
  formatIssue,
  shiftHeadings,
  type HighlightBlock,
} from './outline';

describe('generated strings', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [23, '二十三'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [999, '九百九十九'],
  ])('chineseNumber(%i) = %s', (n, s) => expect(chineseNumber(n)).toBe(s));

  it('formats dates, issues and citations per language', () => {
    expect(formatDate('2023-07-02', 'zh')).toBe('2023年7月2日');
    expect(formatDate('2023-07-02', 'en')).toBe('2 July 2023');
    expect(formatIssue(12, 'zh')).toBe('第12期');
    expect(formatIssue('总第128期', 'zh')).toBe('总第128期');
    expect(formatIssue(3, 'en')).toBe('No. 3');
    expect(citationLine({ title: '世界人工智能大会磁场效应显现', source: '人民日报', published: '2023-07-10' }, 'zh')).toBe(
      '——《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日',
    );
    expect(citationLine({ title: '《已有书名号》' }, 'zh')).toBe('——《已有书名号》');
    expect(wrapBookTitle('关于印发《实施方案》的通知')).toBe('《关于印发〈实施方案〉的通知》');
    expect(wrapBookTitle('《甲》和《乙》')).toBe('《〈甲〉和〈乙〉》');
    expect(wrapBookTitle('《关于〈规划〉的说明》')).toBe('《关于〈规划〉的说明》');
    expect(wrapBookTitle('解读《关于〈规划〉的说明》')).toBe('《解读〈关于《规划》的说明〉》');
    expect(wrapBookTitle('残缺《标题')).toBe('《残缺〈标题》');
    expect(citationLine({ title: 'AI Act passes', source: 'Reuters', published: '2024-03-13' }, 'en')).toBe('— “AI Act passes”, Reuters, 13 March 2024');
  });
});

describe('shiftHeadings', () => {
  it('moves the shallowest heading to the base level and numbers it', () => {
    const state = { count: 0 };
    const num = (n: number) => `（${chineseNumber(n)}）`;
    expect(shiftHeadings('# 甲\n\n正文\n\n## 乙\n\n正文', 3, state, num)).toBe('### （一）甲\n\n正文\n\n#### 乙\n\n正文');
    expect(shiftHeadings('丙\n---\n\n正文', 3, state, num)).toBe('### （二）丙\n\n正文');
    expect(shiftHeadings('### （五）已编号', 3, state, num)).toBe('### （五）已编号');
    expect(state.count).toBe(2);
  });

  it('leaves text without headings and code blocks byte for byte', () => {
    const src = '正文一行\n第二行\n\n```\n# not a heading\n```';
    expect(shiftHeadings(src, 3, { count: 0 })).toBe(src);
  });
});

describe('buildOutline', () => {
  it('numbers sections 一、二、 and sub-headings （一）（二） per section for gbt9704', () => {
    const o = buildOutline(waicBriefing(), 'gbt9704');
    const headings = o.blocks.filter((b) => b.kind === 'section-heading').map((b) => (b.kind === 'section-heading' ? b.number + b.text : ''));
    expect(headings).toEqual(['一、大会成果创历史新高', '二、人工智能应用场景加速拓展', '三、构建人工智能时代算力底座', '四、几点建议']);
    const md = o.blocks.flatMap((b) => (b.kind === 'markdown' ? [b.markdown.split('\n')[0]] : []));
    expect(md).toEqual(['### （一）自动驾驶进入无人化测试阶段', '### （二）制造业智能化转型提速', '一是建立重大签约项目落地跟踪机制，按季度通报进展。']);
    expect(o.blocks.some((b) => b.kind === 'sources')).toBe(false);
    expect(o.blocks.at(-1)).toEqual({
      kind: 'distribution',
      lines: [
        { label: '报', text: '市委、市政府领导同志' },
        { label: '送', text: '市发展改革委、市经济信息化委、市科委' },
        { label: '发', text: '各区发展改革部门，中心各处室' },
      ],
      issuer: '市发展研究中心产业研究所',
      issued: '2023年7月12日印发',
    });
    expect(o.quotes).toHaveLength(9);
  });

  it('keeps headings plain and lists the sources once for modern', () => {
    const o = buildOutline(waicBriefing(), 'modern');
    expect(o.blocks.find((b) => b.kind === 'section-heading')).toEqual({ kind: 'section-heading', number: '', text: '大会成果创历史新高' });
    expect(o.blocks.find((b) => b.kind === 'sources')).toEqual({
      kind: 'sources',
      label: '参考来源',
      entries: [{ text: '《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日' }],
    });
  });
});

const highlights = (b: Briefing, template: 'gbt9704' | 'modern' = 'gbt9704') =>
  buildOutline(b, template).blocks.filter((x): x is HighlightBlock => x.kind === 'highlight');

describe('citations', () => {
  it('keeps the source with its date as one unbreakable piece, in both languages', () => {
    expect(citationParts(RMRB as Required<typeof RMRB>, 'zh')).toEqual([
      { text: '——《世界人工智能大会磁场效应显现》，', keep: false },
      { text: '人民日报，2023年7月10日', keep: true },
    ]);
    expect(citationParts({ title: 'AI Act passes', source: 'Reuters', published: '2024-03-13' }, 'en')).toEqual([
      { text: '— “AI Act passes”, ', keep: false },
      { text: 'Reuters, 13 March 2024', keep: true },
    ]);
    expect(citationParts({ title: '', source: '新华社', published: '2023-07-08' }, 'zh')).toEqual([
      { text: '——', keep: false },
      { text: '新华社，2023年7月8日', keep: true },
    ]);
    expect(citationParts({ title: '无来源' }, 'zh')).toEqual([{ text: '——《无来源》', keep: false }]);
  });

  it('shortens a citation to 同上 when the excerpt before it in the section has the same source', () => {
    const blocks = highlights(officeBriefing());
    // Per section: 人民日报 ×2 | 新华社 ×3, 人民日报 | 人民日报 ×2 | 中国政府网 ×3, 人民日报 | 新华社 ×3, 人民日报.
    expect(blocks.map((b) => (b.repeated ? '=' : b.fullCitation.includes('人民日报') ? 'R' : b.fullCitation.includes('新华社') ? 'X' : 'G')).join(' ')).toBe(
      'R = X = = R R = G = = R X = = R',
    );
    const ibid = blocks[1];
    expect(ibid.citation).toBe('——同上');
    expect(ibid.citationParts).toEqual([{ text: '——同上', keep: true }]);
    expect(ibid.fullCitation).toBe('——《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日');
    // The same article reached through another source is another source.
    expect(blocks[2].fullCitation).toContain('新华社');
    expect(blocks[2].repeated).toBe(false);
  });

  it('starts every section with the full citation, and an English briefing says Ibid.', () => {
    const b = officeBriefing();
    b.header.title = 'AI conference digest';
    b.sections[1].items = [b.sections[0].items[0], { ...(b.sections[0].items[1] as HighlightItem), id: 'i-of-copy' }];
    const blocks = highlights(b);
    expect(blocks[2].repeated).toBe(false); // first of section 2, same source as the last of section 1
    expect(blocks[3].citation).toBe('— Ibid.');
    expect(blocks[2].citation).toBe('— “世界人工智能大会磁场效应显现”, 人民日报, 10 July 2023');
  });

  it('does not group excerpts whose sources differ only in date or URL', () => {
    const b = officeBriefing();
    const [a, c] = b.sections[0].items as HighlightItem[];
    c.citation = { ...a.citation, published: '2023-07-11' };
    expect(highlights(b)[1].repeated).toBe(false);
    c.citation = { ...a.citation, url: 'https://example.org/other' };
    expect(highlights(b)[1].repeated).toBe(false);
    c.citation = { ...a.citation };
    expect(highlights(b)[1].repeated).toBe(true);
  });
});

describe('comment labels', () => {
  it.each([
    [undefined, '按', 'Note'],
    ['note', '按', 'Note'],
    ['comment', '点评', 'Comment'],
    ['editor', '编者按', 'Editor’s note'],
    ['none', '', ''],
  ] as const)('noteLabel %s → %s / %s', (setting, zh, en) => {
    const b = officeBriefing();
    if (setting) b.header.noteLabel = setting;
    const withNote = highlights(b).find((x) => x.note)!;
    expect(withNote.noteLabel).toBe(zh);
    b.header.language = 'en';
    expect(highlights(b).find((x) => x.note)!.noteLabel).toBe(en);
    // No note, no label.
    expect(
      highlights(b)
        .filter((x) => !x.note)
        .every((x) => x.noteLabel === ''),
    ).toBe(true);
  });
});

describe('a label typed in front of a comment', () => {
  /** The first commented excerpt's note, printed under `setting`, after the writer typed `typed`. */
  const printed = (typed: string, setting?: 'note' | 'comment' | 'editor' | 'none', language?: 'en') => {
    const b = officeBriefing();
    if (setting) b.header.noteLabel = setting;
    if (language) b.header.language = language;
    for (const s of b.sections) for (const it of s.items) if (it.kind === 'highlight' && it.note) it.note = typed;
    return highlights(b).find((x) => x.note)!;
  };
  it.each([
    ['按：产能数据需核实', undefined, '产能数据需核实'],
    ['按:产能数据需核实', undefined, '产能数据需核实'],
    ['**按**：产能数据需核实', undefined, '产能数据需核实'],
    ['按 ：　产能数据需核实', 'note', '产能数据需核实'],
    ['点评：口径偏宽', 'comment', '口径偏宽'],
    ['编者按：请各地参照', 'editor', '请各地参照'],
  ] as const)('%s under %s prints once: %s', (typed, setting, shown) => {
    expect(printed(typed, setting).note).toBe(shown);
  });
  it.each([
    ['按照规定执行', undefined],
    ['按：', undefined],
    ['点评：另一种标签', 'note'],
    ['按：无标签时保留', 'none'],
  ] as const)('keeps %s under %s as typed', (typed, setting) => {
    expect(printed(typed, setting).note).toBe(typed);
  });
  it('English: "Note: check the base period" prints the label once', () => {
    const block = printed('Note: check the base period', undefined, 'en');
    expect([block.noteLabel, block.note]).toEqual(['Note', 'check the base period']);
  });
});

describe('版记 and sources list', () => {
  it('adds 共印N份 and the 印发 line (gbt9704) and the copies alone (modern)', () => {
    const gb = buildOutline(officeBriefing(), 'gbt9704').blocks.at(-1);
    expect(gb).toMatchObject({ kind: 'distribution', copies: '共印60份', issuer: '市发展研究中心产业研究所', issued: '2023年7月14日印发' });
    const modern = buildOutline(officeBriefing(), 'modern').blocks.at(-1);
    expect(modern).toMatchObject({ kind: 'distribution', copies: '共印60份' });
    expect(modern).not.toHaveProperty('issuer');
  });

  it('prints a 版记 with copies alone, and none without distribution or copies', () => {
    const b = officeBriefing();
    delete b.header.distribution;
    expect(buildOutline(b, 'gbt9704').blocks.at(-1)).toEqual({
      kind: 'distribution',
      lines: [],
      copies: '共印60份',
      issuer: '市发展研究中心产业研究所',
      issued: '2023年7月14日印发',
    });
    delete b.header.copies;
    expect(buildOutline(b, 'gbt9704').blocks.some((x) => x.kind === 'distribution')).toBe(false);
  });

  it('lists the sources where the briefing asks for it, once each, in order of first use', () => {
    const b = officeBriefing();
    expect(buildOutline(b, 'gbt9704').blocks.some((x) => x.kind === 'sources')).toBe(false);
    b.header.sourcesList = true;
    const sources = buildOutline(b, 'gbt9704').blocks.find((x) => x.kind === 'sources');
    expect(sources).toEqual({
      kind: 'sources',
      label: '参考来源',
      entries: [
        { text: '《世界人工智能大会磁场效应显现》，人民日报，2023年7月10日' },
        { text: `《${XINHUA.title}》，新华社，2023年7月8日` },
        { text: `《${GOVCN.title}》，中国政府网，2023年7月10日`, url: GOVCN.url },
      ],
    });
    b.header.sourcesList = false;
    expect(buildOutline(b, 'modern').blocks.some((x) => x.kind === 'sources')).toBe(false);
  });
});
