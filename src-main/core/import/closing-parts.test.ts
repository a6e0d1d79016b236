/**
 * The closing parts of an official document (GB/T 9704-2012 §7.3.4–7.4) read
 * the same in plain text, Markdown, a web page and a Word file: the
 * 附件说明 is one paragraph however many items it lists, the 落款
 * (发文机关署名, 成文日期) and the 附注 (`（此件公开发布）`, `（联系人：…）`) are
 * body paragraphs and never headings, each 版记 line (抄报, 抄送, 印发) is a
 * paragraph of its own even where the format ran them together (a Markdown
 * soft line break, an HTML `<br>`, a Word line break), and the article's
 * date is the 成文日期, never the 印发日期. Short numbered heads closing
 * with a full stop (`（一）优化算力布局。`) are headings at their level.
 */
import { describe, expect, it } from 'vitest';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import type { ParsedArticle } from '../../common/model';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';
import { importBytes } from './index';

interface Notice {
  name: string;
  title: string;
  /** Body lines in order; heads are listed in `heads` with their level. */
  body: string[];
  heads: [string, number][];
  /** The 附件说明 as typed: its first line, then the item lines under it. */
  attachment: string[];
  /** The 附件说明 as one paragraph. */
  attachmentAsOne: string;
  issuers: string[];
  /** 成文日期; absent for a notice that has none. */
  date?: string;
  published?: string;
  notes: string[];
  record: string[];
  /** The 印发日期 of the 版记, as `published` would read it. */
  printed: string;
}

const NOTICES: Notice[] = [
  {
    name: 'province-water',
    title: '省人民政府办公厅关于加强城乡供水保障工作的通知',
    body: [
      '各市、县人民政府，省政府各部门：',
      '一、总体要求',
      '（一）坚持安全第一。',
      '　　各地要把供水安全放在首位。',
      '（二）坚持城乡统筹。',
      '　　推进城乡供水一体化。',
    ],
    heads: [
      ['一、总体要求', 1],
      ['（一）坚持安全第一。', 2],
      ['（二）坚持城乡统筹。', 2],
    ],
    attachment: ['附件：1. 重点工程清单', '　　　2. 水质检测指标', '　　　3. 联络员名单'],
    attachmentAsOne: '附件：1. 重点工程清单　2. 水质检测指标　3. 联络员名单',
    issuers: ['省人民政府办公厅'],
    date: '二〇二五年九月八日',
    published: '2025-09-08',
    notes: ['（此件公开发布）'],
    record: ['抄送：省委各部门，省人大常委会办公厅。', '省人民政府办公厅　　　　2025年9月10日印发'],
    printed: '2025-09-10',
  },
  {
    name: 'joint-training',
    title: '人力资源社会保障部 财政部关于做好职业技能培训工作的通知',
    body: [
      '各省、自治区、直辖市人力资源社会保障厅（局）、财政厅（局）：',
      '一、培训对象',
      '　　培训对象为城乡各类劳动者。',
      '二、资金保障',
      '　　各地要统筹使用就业补助资金。',
    ],
    heads: [
      ['一、培训对象', 1],
      ['二、资金保障', 1],
    ],
    attachment: ['附件：1. 培训计划表', '2. 补贴标准'],
    attachmentAsOne: '附件：1. 培训计划表　2. 补贴标准',
    issuers: ['人力资源社会保障部', '财政部'],
    date: '2024年11月5日',
    published: '2024-11-05',
    notes: ['（联系人：张三，电话：010-12345678）'],
    record: ['抄报：国务院办公厅。', '抄送：各省级人民政府。', '人力资源社会保障部办公厅　　二〇二四年十一月七日印发'],
    printed: '2024-11-07',
  },
  {
    name: 'no-written-date',
    title: '市场监管总局办公厅关于开展产品质量抽查的通知',
    body: ['各省、自治区、直辖市市场监管局（厅、委）：', '一、抽查范围', '　　抽查范围为儿童用品和电动自行车。'],
    heads: [['一、抽查范围', 1]],
    attachment: ['附件：抽查产品目录'],
    attachmentAsOne: '附件：抽查产品目录',
    issuers: ['市场监管总局办公厅'],
    notes: ['（此件不公开）'],
    record: ['抄送：各省级质检院。', '市场监管总局办公厅　　2025年2月3日印发'],
    printed: '2025-02-03',
  },
];

const closing = (n: Notice) => [...n.issuers, ...(n.date ? [n.date] : [])];

/** Plain text: every line on its own line, blank lines between paragraphs, the 附件说明 items indented under it. */
function asText(n: Notice): string {
  return [n.title, '', ...n.body.flatMap((l) => [l, '']), ...n.attachment, '', ...closing(n), '', ...n.notes, '', ...n.record, ''].join('\n');
}

/** Markdown as typed: the 落款 with the 附注 in one paragraph, the 版记 lines in one paragraph (soft line breaks). */
function asMarkdown(n: Notice): string {
  return [`# ${n.title}`, '', ...n.body.flatMap((l) => [l, '']), ...n.attachment, '', ...closing(n), ...n.notes, '', ...n.record, ''].join('\n');
}

/** A web page: one `<p>` a line, the 版记 in one `<p>` with `<br>` between its lines. */
function asHtml(n: Notice): string {
  return [
    `<!doctype html><html><head><meta charset="utf-8"><title>${n.title}</title></head><body><h1>${n.title}</h1>`,
    ...n.body.map((l) => (n.heads.some(([h]) => h === l) ? `<p><strong>${l}</strong></p>` : `<p>${l}</p>`)),
    ...n.attachment.map((l) => `<p>${l}</p>`),
    ...closing(n).map((l) => `<p style="text-align:right">${l}</p>`),
    ...n.notes.map((l) => `<p>${l}</p>`),
    `<p>${n.record.join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
}

/** A Word file: heads bold, the 附注 bold too, the 版记 in one paragraph with line breaks. */
async function asDocx(n: Notice): Promise<Uint8Array> {
  const p = (text: string, bold = false) => new Paragraph({ children: [new TextRun({ text, bold })] });
  const children = [
    new Paragraph({ children: [new TextRun({ text: n.title, bold: true, size: 44 })], alignment: AlignmentType.CENTER }),
    ...n.body.map((l) =>
      p(
        l,
        n.heads.some(([h]) => h === l),
      ),
    ),
    ...n.attachment.map((l) => p(l)),
    ...closing(n).map((l) => new Paragraph({ text: l, alignment: AlignmentType.RIGHT })),
    ...n.notes.map((l) => p(l, true)),
    new Paragraph({ children: n.record.map((text, k) => new TextRun({ text, break: k > 0 ? 1 : 0 })) }),
  ];
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

const paragraphs = (a: ParsedArticle) => textsOf(a, 'paragraph');
const withoutSpaces = (s: string) => s.replace(/[\s\u3000]+/g, '');

describe.each(NOTICES)('the closing parts of one notice in every format: $name', (notice) => {
  const formats = {
    txt: async () => importBytes(`${notice.name}.txt`, new TextEncoder().encode(asText(notice))),
    md: async () => importBytes(`${notice.name}.md`, new TextEncoder().encode(asMarkdown(notice))),
    html: async () => importBytes(`${notice.name}.html`, new TextEncoder().encode(asHtml(notice))),
    docx: async () => importBytes(`${notice.name}.docx`, await asDocx(notice)),
  };

  it.each(Object.keys(formats) as (keyof typeof formats)[])('%s: the numbered heads, and only they, are headings at their levels', async (format) => {
    const article = await formats[format]();
    expectWellFormed(article);
    expect(article.meta.title).toBe(notice.title);
    expect(article.blocks.filter((b) => b.kind === 'heading').map((b) => [article.text.slice(b.start, b.end), b.level])).toEqual(notice.heads);
  });

  it.each(Object.keys(formats) as (keyof typeof formats)[])(
    '%s: 附件说明 one paragraph, 落款 and 附注 paragraphs, each 版记 line a paragraph; the date is the 成文日期',
    async (format) => {
      const article = await formats[format]();
      const paras = paragraphs(article);
      expect(paras).toContain(notice.attachmentAsOne);
      // The closing parts are the article's last paragraphs, line by line, in order.
      const tail = [...closing(notice), ...notice.notes, ...notice.record].map(withoutSpaces);
      expect(paras.slice(-tail.length).map(withoutSpaces)).toEqual(tail);
      expect(article.blocks[article.blocks.length - 1].kind).toBe('paragraph');
      // Never the 印发日期 (a Word file without a 成文日期 may still give its document properties' date).
      if (notice.published || format !== 'docx') expect(article.meta.published).toBe(notice.published);
      expect(article.meta.published).not.toBe(notice.printed);
      expect(article.meta.source).toBe(notice.issuers[0]);
    },
  );
});

describe('pasted text with a 落款 in Chinese numerals', () => {
  it.each([
    ['国家发展改革委', '二○二五年七月十五日', '2025-07-15'],
    ['国家发展改革委 国家能源局', '二〇二五年十二月三十一日', '2025-12-31'],
  ])('%s / %s gives the date and source, and no heading', async (issuer, date, published) => {
    const pasted = `各地要加强组织领导，抓好贯彻落实。\n请于每季度末报送进展情况。\n\n${issuer.split(' ').join('\n')}\n${date}\n（此件公开发布）`;
    const article = await importBytes('pasted.txt', new TextEncoder().encode(pasted));
    expect(article.meta.published).toBe(published);
    expect(article.meta.source).toBe(issuer.split(' ')[0]);
    expect(article.blocks.filter((b) => b.kind === 'heading')).toEqual([]);
  });
});
