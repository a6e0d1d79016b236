import { describe, expect, it } from 'vitest';
import { waicBriefing } from './fixtures/waic-briefing';
import { buildOutline, chineseNumber, citationLine, formatDate, formatIssue, shiftHeadings } from './outline';

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
    expect(citationLine({ title: 'AI Act passes', source: 'Reuters', published: '2024-03-13' }, 'en')).toBe(
      '— “AI Act passes”, Reuters, 13 March 2024',
    );
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
