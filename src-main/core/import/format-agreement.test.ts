/**
 * One ministry-style document, written as plain text, Markdown, a web page
 * and a Word file, reads the same in each: its tables are one table block
 * (pipe tables, full-width pipes, tab-separated rows pasted from a
 * spreadsheet; malformed HTML tables with implied end tags and merged
 * cells), its numbered heads have the same levels, its 附件说明 items, its
 * 落款 (发文机关署名 and 成文日期) and its 版记 (抄送, 印发) stay body text and
 * are never headings, and the 落款 is read into source and date.
 */
import { describe, expect, it } from 'vitest';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import type { ParsedArticle } from '../../common/model';
import { splitTableText } from '../../common/table-text';
import { expectWellFormed } from '../../../tests/fixtures/import/article-invariants';
import { importBytes } from './index';

type TableSyntax = 'pipe' | 'fenced-fullwidth' | 'tabs';

interface Notice {
  name: string;
  title: string;
  addressee: string;
  /** Sections: a numbered head, its paragraphs, an optional table and bullet list. */
  sections: { head: string; paragraphs: string[]; table?: string[][]; bullets?: string[] }[];
  tableSyntax: TableSyntax;
  attachments: string[];
  issuers: string[];
  date: string;
  /** The date as `published` reads it. */
  published: string;
  record?: { copies: string; printed: string };
}

const NOTICES: Notice[] = [
  {
    name: 'ndrc-data',
    title: '国家发展改革委关于推进数据要素市场建设的通知',
    addressee: '各省、自治区、直辖市发展改革委：',
    sections: [
      {
        head: '一、主要指标',
        paragraphs: ['　　为贯彻落实党中央决策部署，现将有关指标通知如下。'],
        table: [
          ['指标', '2024年', '2025年'],
          ['数据交易额（亿元）', '1200', '1500'],
          ['试点城市（个）', '20', '30'],
        ],
      },
      { head: '二、工作要求', paragraphs: ['　　各地要加强组织领导，确保各项任务落到实处。'] },
    ],
    tableSyntax: 'pipe',
    attachments: ['试点城市名单', '统计口径说明'],
    issuers: ['国家发展改革委'],
    date: '2024年3月1日',
    published: '2024-03-01',
    record: { copies: '抄送：国务院办公厅，国家数据局。', printed: '国家发展改革委办公厅　　　　2024年3月1日印发' },
  },
  {
    name: 'mof-mee-joint',
    title: '财政部 生态环境部关于下达2025年大气污染防治资金预算的通知',
    addressee: '有关省、自治区财政厅、生态环境厅：',
    sections: [
      {
        head: '一、资金安排',
        paragraphs: ['　　现下达2025年大气污染防治资金预算，具体如下。'],
        table: [
          ['省份', '金额（万元）', '备注'],
          ['河北省', '52000', '含清洁取暖'],
          ['山西省', '31000', ''],
          ['河南省', '28500', '含重点行业'],
        ],
        bullets: ['加快预算执行进度', '强化绩效目标管理', '严禁挤占挪用'],
      },
      { head: '二、绩效管理', paragraphs: ['　　请按要求做好绩效自评工作，于年底前报送。'] },
      { head: '三、其他事项', paragraphs: ['　　执行中如有问题，请及时反馈。'] },
    ],
    tableSyntax: 'tabs',
    attachments: ['资金分配表', '绩效目标表', '联系人名单'],
    issuers: ['财政部', '生态环境部'],
    date: '2025年1月20日',
    published: '2025-01-20',
  },
  {
    name: 'miit-survey',
    title: '工业和信息化部办公厅关于开展中小企业数字化转型调查的通知',
    addressee: '各省、自治区、直辖市工业和信息化主管部门：',
    sections: [
      { head: '一、调查对象', paragraphs: ['　　调查对象为规模以上中小企业。'] },
      {
        head: '二、时间安排',
        paragraphs: ['　　调查分三个阶段进行。'],
        table: [
          ['阶段', '时间', '任务'],
          ['启动', '4月', '部署动员'],
          ['填报', '5月至6月', '企业填报'],
          ['总结', '7月', '形成报告'],
        ],
      },
    ],
    tableSyntax: 'fenced-fullwidth',
    attachments: ['调查问卷'],
    issuers: ['工业和信息化部办公厅'],
    date: '2024年3月28日',
    published: '2024-03-28',
    record: { copies: '抄送：各省级中小企业主管部门。', printed: '工业和信息化部办公厅　　2024年3月29日印发' },
  },
  // 成文日期 in Chinese numerals, as many notices set it: 〇 (U+3007), ○ (U+25CB) and 零 for zero.
  {
    name: 'county-flood',
    title: '县人民政府办公室关于做好二〇二四年汛期安全工作的通知',
    addressee: '各乡镇人民政府，县政府各部门：',
    sections: [
      { head: '一、压实责任', paragraphs: ['　　各乡镇要落实防汛责任人，做到守土有责。'] },
      { head: '二、加强值守', paragraphs: ['　　汛期实行24小时值班制度，遇有险情及时报告。'] },
    ],
    tableSyntax: 'pipe',
    attachments: ['防汛责任人名单'],
    issuers: ['县人民政府办公室'],
    date: '二〇二四年三月一日',
    published: '2024-03-01',
    record: { copies: '抄送：县委办公室，县人大常委会办公室。', printed: '县人民政府办公室　　二〇二四年三月四日印发' },
  },
  {
    name: 'bureau-yearend',
    title: '市统计局 市财政局关于做好年度统计报表报送工作的通知',
    addressee: '各区统计局、财政局：',
    sections: [
      {
        head: '一、报送范围',
        paragraphs: ['　　年度统计报表的报送范围包括全部规模以上单位。'],
        table: [
          ['报表', '截止日期'],
          ['年报一', '1月15日'],
          ['年报二', '1月31日'],
        ],
      },
      { head: '二、有关要求', paragraphs: ['　　请各单位按时报送，确保数据真实准确。'] },
    ],
    tableSyntax: 'tabs',
    attachments: ['报表目录', '填报说明'],
    issuers: ['市统计局', '市财政局'],
    date: '二○二三年十二月三十一日',
    published: '2023-12-31',
  },
  {
    name: 'association-training',
    title: '市建筑业协会关于举办安全生产培训班的通知',
    addressee: '各会员单位：',
    sections: [
      { head: '一、培训内容', paragraphs: ['　　培训内容为建筑施工安全生产法律法规及典型案例。'] },
      { head: '二、报名方式', paragraphs: ['　　请于培训开始前五个工作日报名。'] },
    ],
    tableSyntax: 'pipe',
    attachments: ['报名回执'],
    issuers: ['市建筑业协会'],
    date: '二零二二年十月二十日',
    published: '2022-10-20',
    record: { copies: '抄送：市住房和城乡建设局。', printed: '市建筑业协会秘书处　　二零二二年十月廿一日印发' },
  },
];

function tableAsText(rows: string[][], syntax: TableSyntax): string[] {
  if (syntax === 'tabs') return rows.map((r) => r.join('\t'));
  if (syntax === 'fenced-fullwidth') return rows.map((r) => `｜${r.join('｜')}｜`);
  return [`| ${rows[0].join(' | ')} |`, `| ${rows[0].map(() => '---').join(' | ')} |`, ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`)];
}

function attachmentLines(n: Notice): string[] {
  return n.attachments.map((a, k) => (k === 0 ? `附件：${k + 1}. ${a}` : `　　　${k + 1}. ${a}`));
}

/** The notice as a .txt file: blank lines between paragraphs, the 落款 and 版记 line by line. */
function asText(n: Notice): string {
  const out = [n.title, '', n.addressee, ''];
  for (const s of n.sections) {
    out.push(s.head, '', ...s.paragraphs.flatMap((p) => [p, '']));
    if (s.table) out.push(...tableAsText(s.table, n.tableSyntax), '');
    if (s.bullets) out.push(...s.bullets.map((b) => `• ${b}`), '');
  }
  out.push(...attachmentLines(n), '', ...n.issuers, n.date, '');
  if (n.record) out.push(n.record.copies, n.record.printed, '');
  return out.join('\n');
}

/** The notice as Markdown as an analyst would keep it (`#` title, `-` bullets, the 落款 lines in one paragraph). */
function asMarkdown(n: Notice): string {
  const out = [`# ${n.title}`, '', n.addressee, ''];
  for (const s of n.sections) {
    out.push(s.head, '', ...s.paragraphs.flatMap((p) => [p, '']));
    if (s.table) out.push(...tableAsText(s.table, n.tableSyntax), '');
    if (s.bullets) out.push(...s.bullets.map((b) => `- ${b}`), '');
  }
  out.push(...attachmentLines(n), '', ...n.issuers, n.date, '');
  if (n.record) out.push(n.record.copies, '', n.record.printed, '');
  return out.join('\n');
}

/** The notice as a sloppy web page: tables without tbody, cells and rows never closed, nested inline tags in cells. */
function asHtml(n: Notice): string {
  const out = [`<!doctype html><html><head><meta charset="utf-8"><title>${n.title}</title></head><body>`, `<h1>${n.title}</h1>`, `<p>${n.addressee}`];
  for (const s of n.sections) {
    out.push(`<p><b>${s.head}</b>`, ...s.paragraphs.map((p) => `<p>${p}`));
    if (s.table) {
      out.push('<table border=1>');
      s.table.forEach((row, r) => out.push('<tr>' + row.map((c) => (r === 0 ? `<th><span>${c}</span>` : `<td><font>${c}</font>`)).join('')));
      out.push('</table>');
    }
    if (s.bullets) out.push('<ul>', ...s.bullets.map((b) => `<li>${b}`), '</ul>');
  }
  out.push(...attachmentLines(n).map((l) => `<p>${l}`), ...n.issuers.map((i) => `<p style="text-align:right">${i}`), `<p style="text-align:right">${n.date}`);
  if (n.record) out.push(`<p>${n.record.copies}`, `<p>${n.record.printed}`);
  return out.join('\n');
}

async function asDocx(n: Notice): Promise<Uint8Array> {
  const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ children: [new TextRun({ text: n.title, bold: true, size: 44 })], alignment: AlignmentType.CENTER }),
    p(n.addressee),
  ];
  for (const s of n.sections) {
    children.push(p(s.head, true), ...s.paragraphs.map((t) => p(t)));
    if (s.table) {
      children.push(new Table({ rows: s.table.map((row) => new TableRow({ children: row.map((c) => new TableCell({ children: [p(c)] })) })) }));
    }
    if (s.bullets) children.push(...s.bullets.map((b) => new Paragraph({ text: b, bullet: { level: 0 } })));
  }
  children.push(...attachmentLines(n).map((l) => p(l)));
  children.push(...[...n.issuers, n.date].map((t) => new Paragraph({ text: t, alignment: AlignmentType.RIGHT })));
  if (n.record) children.push(p(n.record.copies), p(n.record.printed));
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

const blockText = (a: ParsedArticle, kind: string) => a.blocks.filter((b) => b.kind === kind).map((b) => a.text.slice(b.start, b.end));
const withoutSpaces = (s: string) => s.replace(/[\s\u3000]+/g, '');

describe.each(NOTICES)('one notice in every format: $name', (notice) => {
  const formats = {
    txt: async () => importBytes(`${notice.name}.txt`, new TextEncoder().encode(asText(notice))),
    md: async () => importBytes(`${notice.name}.md`, new TextEncoder().encode(asMarkdown(notice))),
    html: async () => importBytes(`${notice.name}.html`, new TextEncoder().encode(asHtml(notice))),
    docx: async () => importBytes(`${notice.name}.docx`, await asDocx(notice)),
  };
  const tables = notice.sections.filter((s) => s.table).map((s) => s.table!);

  it.each(Object.keys(formats) as (keyof typeof formats)[])('%s: tables are table blocks with their grid, nothing else became a heading', async (format) => {
    const article = await formats[format]();
    expectWellFormed(article);
    expect(article.meta.title).toBe(notice.title);
    expect(blockText(article, 'table').map((t) => splitTableText(t).map((row) => row.map((c) => (c === '—' ? '' : c))))).toEqual(tables);
    // The numbered heads, and only they, are headings, each at level 1.
    expect(article.blocks.filter((b) => b.kind === 'heading').map((b) => [article.text.slice(b.start, b.end), b.level])).toEqual(
      notice.sections.map((s) => [s.head, 1]),
    );
    if (notice.sections.some((s) => s.bullets)) expect(blockText(article, 'list-item')).toEqual(notice.sections.flatMap((s) => s.bullets ?? []));
  });

  it.each(Object.keys(formats) as (keyof typeof formats)[])(
    '%s: the 落款, 附件说明 and 版记 stay in the body; the 落款 gives source and date',
    async (format) => {
      const article = await formats[format]();
      const flat = withoutSpaces(article.text);
      for (const line of [...notice.issuers, notice.date, ...notice.attachments]) expect(flat).toContain(withoutSpaces(line));
      if (notice.record) {
        expect(flat).toContain(withoutSpaces(notice.record.copies));
        expect(flat).toContain(withoutSpaces(notice.record.printed));
      }
      // The signature is the document's last words before the 版记.
      const end = notice.record ? flat.indexOf(withoutSpaces(notice.record.copies)) : flat.length;
      expect(flat.slice(0, end).endsWith(withoutSpaces(notice.date))).toBe(true);
      expect(article.meta.published).toBe(notice.published);
      // A joint document's source is its lead issuer, the first signature.
      expect(article.meta.source).toBe(notice.issuers[0]);
    },
  );
});

describe('web-page tables under the HTML parsing rules', () => {
  const parse = async (html: string) =>
    importBytes('t.html', new TextEncoder().encode(`<h1>统计公报</h1><p>正文第一段。</p>${html}<p>以上数据为初步核算数。</p>`));
  const grid = (a: ParsedArticle) => blockText(a, 'table').map(splitTableText);

  it('lays merged cells (rowspan, colspan) out on the grid so columns line up', async () => {
    const a = await parse(
      '<table><tr><td rowspan=2>地区<td colspan=2>增速（%）<tr><td>2023<td>2024<tr><td>东部<td><b>5.2</b><td><span>5.0</span><tr><td>西部<td>5.6<td>5.3</table>',
    );
    expect(grid(a)).toEqual([
      [
        ['地区', '增速（%）', ''],
        ['', '2023', '2024'],
        ['东部', '5.2', '5.0'],
        ['西部', '5.6', '5.3'],
      ],
    ]);
  });

  it('a rowspan down a column of a table without tbody or end tags, and a colspan=0/garbage span read as 1', async () => {
    const a = await parse(
      '<table><tr><th>类别<th>项目<th>金额<tr><td rowspan="3">基建<td>道路<td>10<tr><td>桥梁<td>8<tr><td colspan="x">管网<td colspan=0>5</table>',
    );
    expect(grid(a)).toEqual([
      [
        ['类别', '项目', '金额'],
        ['基建', '道路', '10'],
        ['', '桥梁', '8'],
        ['', '管网', '5'],
      ],
    ]);
  });

  it('a table left open at the end of the page: a short last row is padded, and no cell text becomes a heading', async () => {
    const a = await importBytes('t.html', new TextEncoder().encode('<h1>统计公报</h1><p>正文第一段。</p><table><tr><td>指标<td>数值<tr><td>合计'));
    expect(grid(a)).toEqual([
      [
        ['指标', '数值'],
        ['合计', '—'],
      ],
    ]);
    expect(a.blocks.filter((b) => b.kind === 'heading')).toEqual([]);
  });
});

describe('text that only looks tabular stays text', () => {
  const read = async (body: string) => importBytes('n.txt', new TextEncoder().encode(`关于做好统计工作的通知\n\n${body}\n`));

  it.each([
    ['a credit line with a full-width bar', '出品｜人民网\n\n　　正文第一段，内容完整。'],
    ['paragraphs indented with a tab', '\t各地要高度重视，认真组织实施。\n\t请于6月底前报送结果。'],
    ['one fenced line', '| 仅一行 | 说明 |\n\n　　正文第一段，内容完整。'],
    ['tab rows of different widths', '地区\t数值\n北京\t12\t另注\n\n　　正文第一段，内容完整。'],
  ])('%s', async (_name, body) => {
    const a = await read(body);
    expect(a.blocks.filter((b) => b.kind === 'table')).toEqual([]);
  });

  it('a table pasted from a spreadsheet keeps an empty corner and empty last cells', async () => {
    const a = await read('\t2023年\t2024年\n营业收入\t120\t\n净利润\t18\t21');
    expect(blockText(a, 'table').map(splitTableText)).toEqual([
      [
        ['—', '2023年', '2024年'],
        ['营业收入', '120', ''],
        ['净利润', '18', '21'],
      ],
    ]);
  });
});
