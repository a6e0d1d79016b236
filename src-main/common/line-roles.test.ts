import { describe, expect, it } from 'vitest';
import {
  headingNumber,
  isCaptionLine,
  isFurnitureLine,
  isMetadataLine,
  isRelatedListHeading,
  looksLikeHeading,
  isNavigationLine,
  isNoteLine,
  numberedHeadingLevel,
  splitRecordLines,
  startsWithSectionNumber,
} from './line-roles';

describe('numbered section heads (GB/T 9704 §7.3.3)', () => {
  it.each([
    ['一、总体要求', 1],
    ['十二、保障措施', 1],
    ['（一）遴选试点城市', 2],
    ['(三) 加强组织领导', 2],
    ['1. 培育服务商队伍', 3],
    ['2、推动产业链协同', 3],
    ['（1）主导产品', 4],
    ['第一章　总则', 1],
    ['第三节 监督管理', 2],
  ])('%s → level %i', (line, level) => {
    expect(numberedHeadingLevel(line)).toBe(level);
  });

  it.each([
    ['1. 各单位要高度重视，认真组织实施。'],
    ['（2）主导产品在细分市场占有率位居前列。'],
    ['第一条　为了规范数据处理活动，制定本办法。'],
    ['2.5亿元资金已经下达'],
    ['一、'],
    ['工信部企业函〔2024〕118号'],
  ])('%s is not a numbered heading', (line) => {
    expect(numberedHeadingLevel(line)).toBeUndefined();
  });

  it('reads the number as written', () => {
    expect(headingNumber('（十一）附则')).toEqual({ level: 2, label: '（十一）' });
  });
});

describe('metadata, captions and furniture', () => {
  it.each([
    '《人民日报》（2024年06月03日 01版）',
    '工信部企业函〔2024〕118号',
    '国办发[2024]10号',
    '工业和信息化部办公厅文件',
    '出品︱中国青年网教育频道',
    '作者︱周洁',
    '责任编辑：陈思远',
    'Editing by Susan Park',
    '本报评论员',
    '新华社北京6月3日电（记者 张晓东）',
  ])('%s is a metadata line', (line) => {
    expect(isMetadataLine(line)).toBe(true);
  });

  it.each([
    '记者：这次出台行动方案的主要考虑是什么？',
    '新华社北京6月3日电（记者 张晓东）国家能源局3日发布数据显示，截至今年5月底，全国新型储能装机规模超过3000万千瓦。',
    '各省、自治区、直辖市工业和信息化主管部门：',
    '人工智能应用场景加速拓展',
  ])('%s is not a metadata line', (line) => {
    expect(isMetadataLine(line)).toBe(false);
  });

  it.each([
    '图为某职业技术学院学生在实训中心进行设备调试。',
    '村民在服务中心学习直播带货。（新华社记者 刘　磊 摄）',
    '图1 2023年各月装机规模',
    'Photo: Reuters',
  ])('%s is a caption', (line) => {
    expect(isCaptionLine(line)).toBe(true);
  });

  it.each([
    '分享到：微信 微博 QQ空间',
    '首页 > 财经 > 正文',
    '当前位置：首页 > 要闻',
    '【纠错】',
    '【字号 大 中 小】',
    '您对本文的评价：',
    'Share this article',
    '点赞 12 收藏',
  ])('%s is page furniture', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  it.each(['相关新闻', '【相关阅读】', '推荐视频', 'Related stories', 'Read more'])('%s opens a related-news list', (line) => {
    expect(isRelatedListHeading(line)).toBe(true);
  });

  it('a short unpunctuated line reads as a heading unless it says something else', () => {
    expect(looksLikeHeading('调用水平明显提升')).toBe(true);
    expect(looksLikeHeading('2024年6月3日')).toBe(false);
    expect(looksLikeHeading('分享到：微信')).toBe(false);
    expect(looksLikeHeading('（2）主导产品在细分市场占有率位居前列。')).toBe(false);
  });
});

describe('heads in question form and section numbers', () => {
  it.each([
    ['一、统一大市场建设取得哪些进展？', 1],
    ['（二）为什么要设立过渡期?', 2],
    ['3. 如何申请补贴？', 3],
    ['二、奋力夺取抗洪抢险全面胜利！', 1],
  ])('%s → level %i', (line, level) => {
    expect(numberedHeadingLevel(line)).toBe(level);
  });

  it.each([['1. 补贴怎么领？请看本文。'], ['一、会议强调。要抓好落实？'], ['（一）这是为什么？这是因为政策调整了。']])(
    '%s is a sentence, not a head',
    (line) => {
      expect(numberedHeadingLevel(line)).toBeUndefined();
    },
  );

  it.each([
    ['一、总体要求'],
    ['（三）保障措施'],
    ['2. 工作安排'],
    ['第一章　总则'],
    ['第十二条　本办法自公布之日起施行。'],
    ['第二部分'],
    ['①加强组织领导'],
    ['⑵ 部门职责'],
    ['1）目标任务'],
  ])('%s starts with a section number', (line) => {
    expect(startsWithSectionNumber(line)).toBe(true);
  });

  it.each([['——写在建党103周年之际'], ['2024年全国两会特别报道'], ['1.5万亿元超长期特别国债发行'], ['第一书记的一天'], ['十四五规划纲要解读']])(
    '%s does not',
    (line) => {
      expect(startsWithSectionNumber(line)).toBe(false);
    },
  );
});

describe('navigation bars and breadcrumbs', () => {
  it.each([
    ['首页 | 科技 | 登录', 0.67],
    ['财经 › 滚动 › 正文', 0.7],
    ['中国经济网首页 › 新闻中心 › 价格监测', 1],
    ['首页 / 新闻 / 关于我们 / 联系我们', 1],
    ['登录 | 注册', 0],
    ['登录　注册　English', 0],
    ['返回顶部 | 打印本页 | 关闭窗口', 0],
    ['返回首页', 1],
  ])('%s (links %d) is navigation', (line, share) => {
    expect(isNavigationLine(line, share)).toBe(true);
  });

  it.each([
    ['国家数据局：2024年数字经济核心产业增加值占GDP比重达10%', 0],
    ['详见国家发展改革委通知。', 1],
    ['数字经济 | 数据要素 | 算力', 0],
    ['2022年 | 2023年', 0],
    ['科技', 1],
    ['会议指出，要加快建设全国统一大市场 | 破除地方保护', 0.8],
  ])('%s (links %d) is not', (line, share) => {
    expect(isNavigationLine(line, share)).toBe(false);
  });

  it.each([['【字体：大 中 小】【打印】'], ['【字号：大 中 小】'], ['扫一扫在手机打开当前页']])('%s is page furniture', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });
});

describe('closing parts of an official document (GB/T 9704 §7.3.5–7.4)', () => {
  it.each([
    ['（此件公开发布）'],
    ['（此件不公开）'],
    ['(此件发至县级)'],
    ['（此件删减后公开）'],
    ['（联系人：张三，电话：010-12345678）'],
    ['（联系电话：0571-88888888）'],
  ])('%s is a 附注, never a heading', (line) => {
    expect(isNoteLine(line)).toBe(true);
    expect(looksLikeHeading(line)).toBe(false);
  });

  it.each([['（完）'], ['（记者 张三）'], ['(Reuters)']])('%s, a line in brackets, is not a heading', (line) => {
    expect(looksLikeHeading(line)).toBe(false);
  });

  it.each([['（一）指导思想'], ['此件公开发布的意义'], ['（此件公开发布）之后，各地要抓好落实。']])('%s is not a 附注', (line) => {
    expect(isNoteLine(line)).toBe(false);
  });

  it.each([
    ['抄送：各省级网信办。工业和信息化部办公厅　　2025年3月12日印发', ['抄送：各省级网信办。', '工业和信息化部办公厅　　2025年3月12日印发']],
    [
      '抄报：国务院办公厅。抄送：各省发展改革委。国家发展改革委办公厅 二〇二四年三月四日印发',
      ['抄报：国务院办公厅。', '抄送：各省发展改革委。', '国家发展改革委办公厅 二〇二四年三月四日印发'],
    ],
    ['抄送：党中央各部门。国务院各部委。', ['抄送：党中央各部门。国务院各部委。']],
    ['各地要抓好落实。抄送：某某。', ['各地要抓好落实。抄送：某某。']],
  ])('%s: 版记 lines run together are split line by line', (line, lines) => {
    expect(splitRecordLines(line)).toEqual(lines);
  });

  it.each([
    ['（一）优化算力布局。', 2],
    ['一、总体要求。', 1],
    ['（三）强化组织保障.', 2],
  ])('%s, a short head closing with a full stop, is a heading at level %d', (line, level) => {
    expect(numberedHeadingLevel(line)).toBe(level);
  });

  it.each([
    ['（二）各地要确保资金于2025年7月31日前拨付到位。'],
    ['（一）指导思想。以习近平新时代中国特色社会主义思想为指导。'],
    ['1. 各地应当建立绩效目标管理制度。'],
    ['（1）支持配套产业。'],
    ['（一）加强领导，抓好落实。'],
  ])('%s is a paragraph', (line) => {
    expect(numberedHeadingLevel(line)).toBeUndefined();
  });
});
