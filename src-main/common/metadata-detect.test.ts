import { describe, expect, it } from 'vitest';
import { detectMeta, isBylineLine, normalizeDate, type DetectedMeta } from './metadata-detect';

describe('detectMeta reads bylines, datelines and dates from the first lines', () => {
  const cases: { name: string; lines: string[]; year?: number; expected: DetectedMeta }[] = [
    {
      name: "People's Daily edition line",
      lines: ['推动32个重大产业项目签约，项目投资总额288亿元', '《人民日报》（2023年07月10日 第01版）'],
      expected: { source: '人民日报', published: '2023-07-10' },
    },
    {
      name: 'edition line as people.com.cn prints it, with spaces',
      lines: ['《 人民日报 》（ 2023年07月10日 第 01 版）'],
      expected: { source: '人民日报', published: '2023-07-10' },
    },
    {
      name: 'Xinhua dateline opening the first paragraph, no year known',
      lines: ['新华社北京7月6日电（记者 张三）国务院总理李强6日主持召开国务院常务会议，研究推动人工智能产业发展。'],
      expected: { source: '新华社', region: '北京', author: '张三' },
    },
    {
      name: 'Xinhua dateline with the year from context',
      lines: ['新华社北京7月6日电（记者 张三）国务院总理李强6日主持召开国务院常务会议。'],
      year: 2023,
      expected: { source: '新华社', region: '北京', author: '张三', published: '2023-07-06' },
    },
    {
      name: 'two reporters in a dateline',
      lines: ['新华社上海7月8日电（记者 张三、李四）2023世界人工智能大会8日闭幕。'],
      expected: { source: '新华社', region: '上海', author: '张三、李四' },
    },
    {
      name: 'own-paper dateline: 本报 names no source',
      lines: ['本报北京7月6日电 记者 李四'],
      expected: { region: '北京', author: '李四' },
    },
    {
      name: 'reporter line with a name spaced for alignment',
      lines: ['本报记者　王　斌'],
      expected: { author: '王斌' },
    },
    {
      name: 'portal labels on one line',
      lines: ['2023年07月10日05:52 | 来源：人民网－人民日报'],
      expected: { source: '人民网－人民日报', published: '2023-07-10' },
    },
    {
      name: 'separate labelled lines',
      lines: ['来源：人民网', '作者：李四', '发布时间：2023-07-06 18:00'],
      expected: { source: '人民网', author: '李四', published: '2023-07-06' },
    },
    {
      name: 'gov.cn page line with full-width spacing',
      lines: ['2023-07-10 08:05　来源： 人民日报'],
      expected: { source: '人民日报', published: '2023-07-10' },
    },
    {
      name: 'a bare Chinese date line',
      lines: ['2023年7月6日'],
      expected: { published: '2023-07-06' },
    },
    {
      name: "Xinhua's page header date",
      lines: ['2023 07/08 20:30:12'],
      expected: { published: '2023-07-08' },
    },
    {
      name: 'a running head with the paper and date',
      lines: ['人民日报　2023年7月10日　星期一　要闻'],
      expected: { source: '人民日报', published: '2023-07-10' },
    },
    {
      name: 'English byline with wire and date',
      lines: ['By Jane Doe | Reuters', 'July 6, 2023'],
      expected: { author: 'Jane Doe', source: 'Reuters', published: '2023-07-06' },
    },
    {
      name: 'English byline with two authors',
      lines: ['By Jane Doe and John Roe', '6 July 2023'],
      expected: { author: 'Jane Doe and John Roe', published: '2023-07-06' },
    },
    {
      name: 'English byline followed by the date on the same line',
      lines: ['By Jane Doe, July 9, 2023'],
      expected: { author: 'Jane Doe', published: '2023-07-09' },
    },
    {
      name: 'Reuters dateline',
      lines: ['SHANGHAI, July 6 (Reuters) - China will step up support for artificial intelligence, an official said.'],
      expected: { source: 'Reuters', region: 'Shanghai' },
    },
    {
      name: 'a wire name alone on a line',
      lines: ['Reuters'],
      expected: { source: 'Reuters' },
    },
    {
      name: 'a date inside a sentence is not the publication date',
      lines: ['截至2023年6月30日，全国在用的数据中心标准机架数超过了650万个。'],
      expected: {},
    },
    {
      name: 'plain article text yields nothing',
      lines: ['当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家。', '人工智能应用场景加速拓展'],
      expected: {},
    },
  ];

  it.each(cases)('$name', ({ lines, year, expected }) => {
    expect(detectMeta(lines, { year })).toEqual(expected);
  });

  it('reads only the first lines of a whole text', () => {
    const text = ['标题', ...Array.from({ length: 20 }, (_, k) => `第${k + 1}段正文内容，没有日期。`), '来源：人民网'].join('\n');
    expect(detectMeta(text)).toEqual({});
    expect(detectMeta(['标题', '来源：人民网'].join('\n'))).toEqual({ source: '人民网' });
  });

  it('prefers an edition date over the dispatch date of a dateline', () => {
    const meta = detectMeta(['《人民日报》（2023年07月10日 第01版）', '本报上海7月8日电（记者 李四）7月6日至8日，2023世界人工智能大会在上海举办。']);
    expect(meta).toEqual({ source: '人民日报', region: '上海', author: '李四', published: '2023-07-10' });
  });
});

describe('isBylineLine', () => {
  it.each([
    ['《人民日报》（2023年07月10日 第01版）', true],
    ['新华社北京7月6日电（记者 张三）', true],
    ['本报北京7月6日电 记者 李四', true],
    ['本报记者 李四', true],
    ['来源：人民网', true],
    ['2023年7月6日', true],
    ['2023年07月10日 05:52 星期一', true],
    ['By Jane Doe', true],
    ['Reuters', true],
    ['新华社北京7月6日电（记者 张三）国务院总理李强6日主持召开国务院常务会议，研究推动人工智能产业发展。', false],
    ['人工智能应用场景加速拓展', false],
    ['构建人工智能时代算力底座', false],
    ['核心阅读', false],
    ['推动32个重大产业项目签约，项目投资总额288亿元', false],
    ['By the end of 2025 the core industry will be worth 4.4 trillion yuan.', false],
  ])('%s → %s', (line, expected) => {
    expect(isBylineLine(line)).toBe(expected);
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2023年7月6日', '2023-07-06'],
    ['2023年07月10日05:52', '2023-07-10'],
    ['２０２３年７月６日', '2023-07-06'],
    ['2023-07-06', '2023-07-06'],
    ['2023/7/6', '2023-07-06'],
    ['2023.07.06', '2023-07-06'],
    ['2023-07-10T05:52:00+08:00', '2023-07-10'],
    ['2023-07-10-08:05:22', '2023-07-10'],
    ['July 6, 2023', '2023-07-06'],
    ['Jul. 6, 2023', '2023-07-06'],
    ['6 July 2023', '2023-07-06'],
    ['2023年2月30日', undefined],
    ['第01版', undefined],
    ['', undefined],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeDate(raw)).toBe(expected);
  });
});

describe('labelled fields separated by single or full-width spaces', () => {
  const cases: [string, DetectedMeta][] = [
    ['来源：光明日报 2023年11月2日', { source: '光明日报', published: '2023-11-02' }],
    ['来源：国家发展改革委网站 2024-03-15 09:12', { source: '国家发展改革委网站', published: '2024-03-15' }],
    ['来源：2022/8/9 中国经济网', { source: '中国经济网', published: '2022-08-09' }],
    ['作者：王小明 2021.12.01', { author: '王小明', published: '2021-12-01' }],
    ['来源：财经观察 作者：赵四 发布时间：2020-02-03', { source: '财经观察', author: '赵四', published: '2020-02-03' }],
    ['Source: Policy Monitor March 4, 2024', { source: 'Policy Monitor', published: '2024-03-04' }],
  ];
  it.each(cases)('%s', (line, expected) => {
    const got = detectMeta(['某某文章标题', line]);
    for (const [k, v] of Object.entries(expected)) expect(got[k as keyof DetectedMeta]).toBe(v);
    expect(got.source ?? '').not.toMatch(/\d/);
    expect(got.author ?? '').not.toMatch(/\d/);
  });
});

describe('the source ends where the people of a byline begin', () => {
  it.each<[string, DetectedMeta]>([
    ['2025-05-20 09:31:12 来源：新华网 记者 李明 王芳', { source: '新华网', author: '李明、王芳', published: '2025-05-20' }],
    ['来源：新华网记者李明', { source: '新华网', author: '李明' }],
    ['来源：经济日报（记者 周七）', { source: '经济日报', author: '周七' }],
    ['来源：新华网 编辑 赵六', { source: '新华网' }],
    ['来源：光明日报 责任编辑 钱八', { source: '光明日报' }],
    ['来源：光明日报【字号 大 中 小】', { source: '光明日报' }],
    ['来源: 中国政府网 | 作者: 李四', { source: '中国政府网', author: '李四' }],
    ['发布时间：2025-05-20 来源：国家发展改革委网站 通讯员 孙九', { source: '国家发展改革委网站', author: '孙九', published: '2025-05-20' }],
  ])('%s', (line, expected) => {
    expect(detectMeta([line])).toEqual(expected);
  });

  it('a dateline with a space after the agency: 新华社 北京5月20日电（记者 …）', () => {
    expect(detectMeta(['新华社 北京5月20日电（记者 李明、王芳）国家数据局20日发布的数据显示。'], { year: 2025 })).toEqual({
      source: '新华社',
      region: '北京',
      author: '李明、王芳',
      published: '2025-05-20',
    });
  });
});

describe('an English byline names people, not the place', () => {
  it.each<[string, DetectedMeta]>([
    ['By Jane Doe, Brussels, 14 May 2025', { author: 'Jane Doe', region: 'Brussels', published: '2025-05-14' }],
    ['By JANE DOE, BRUSSELS, May 14, 2025', { author: 'JANE DOE', region: 'Brussels', published: '2025-05-14' }],
    ['By Jane Doe and John Smith, New York', { author: 'Jane Doe and John Smith', region: 'New York' }],
    ['By Jane Doe in Geneva', { author: 'Jane Doe', region: 'Geneva' }],
    ['By Jane Doe, John Smith and Ann Lee', { author: 'Jane Doe, John Smith and Ann Lee' }],
    ['By Jane Doe, Reuters', { author: 'Jane Doe', source: 'Reuters' }],
  ])('%s', (line, expected) => {
    expect(detectMeta([line])).toEqual(expected);
  });
});
