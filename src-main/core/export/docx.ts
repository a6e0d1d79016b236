/**
 * Briefing → DOCX with the `docx` library, walking the same outline as the
 * Markdown and HTML writers (`common/briefing/outline.ts`), so the Word file
 * holds the same text in the same order.
 *
 * Real Word structure, so the file can be edited and restyled in Word or WPS:
 * the title in the Title style, section headings in Heading 1, headings from
 * the user's Markdown in Heading 2/3, quotes in the Quote style with their
 * citation in a Citation style (kept with the next paragraph, so a quote
 * never leaves its citation behind a page break), lists as Word numbering.
 *
 * gbt9704 follows GB/T 9704-2012 as the HTML template does: A4, margins
 * 37/26/35/28 mm, a line grid of 22 lines a page (linePitch 579; 28
 * characters a line follow from the measure), 仿宋 3号 body, 黑体 / 楷体 headings, 方正小标宋简体 title, and
 * "— 1 —" page numbers on the outside edge (separate odd and even footers).
 * Fonts are named, not embedded (CJK faces are tens of megabytes): Word on a
 * Chinese Windows has 仿宋 / 楷体 / 黑体 / 宋体 and substitutes a Song face
 * where 方正小标宋简体 is missing; WPS and LibreOffice map them likewise.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  LevelFormat,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type IParagraphStyleOptions,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { Token, Tokens } from 'marked';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { buildOutline, type Outline, type OutlineBlock } from '../../common/briefing/outline';
import { markdown } from './sanitize';

type FontSpec = { ascii: string; hAnsi: string; eastAsia: string; cs: string };

function font(latin: string, eastAsia: string): FontSpec {
  return { ascii: latin, hAnsi: latin, eastAsia, cs: latin };
}

interface Theme {
  body: FontSpec;
  heading1: FontSpec;
  heading2: FontSpec;
  heading3: FontSpec;
  quote: FontSpec;
  title: FontSpec;
  small: FontSpec;
  mono: FontSpec;
  /** Half-points. */
  size: { body: number; title: number; heading1: number; heading2: number; small: number; masthead: number; quote: number };
  /** Exact line pitch in twips, or undefined for proportional spacing. */
  linePitch?: number;
  firstLineIndent: number;
  accent: string;
  muted: string;
  red: string;
  boldHeadings: boolean;
  italicQuotes: boolean;
}

const MM = 56.6929; // twips per millimetre
const A4 = { width: 11906, height: 16838 };


function themeFor(template: TemplateName, lang: 'zh' | 'en'): Theme {
  if (template === 'gbt9704') {
    return {
      body: font('Times New Roman', '仿宋'),
      heading1: font('Times New Roman', '黑体'),
      heading2: font('Times New Roman', '楷体'),
      heading3: font('Times New Roman', '仿宋'),
      quote: font('Times New Roman', '楷体'),
      title: font('Times New Roman', '方正小标宋简体'),
      small: font('Times New Roman', '仿宋'),
      mono: font('Courier New', '仿宋'),
      size: { body: 32, title: 44, heading1: 32, heading2: 32, small: 28, masthead: 96, quote: 32 },
      linePitch: 579,
      firstLineIndent: 640,
      accent: '000000',
      muted: '000000',
      red: 'E60012',
      boldHeadings: false,
      italicQuotes: false,
    };
  }
  const zh = lang === 'zh';
  return {
    body: zh ? font('Calibri', '微软雅黑') : font('Georgia', '微软雅黑'),
    heading1: font('Calibri', '微软雅黑'),
    heading2: font('Calibri', '微软雅黑'),
    heading3: font('Calibri', '微软雅黑'),
    quote: zh ? font('Georgia', '楷体') : font('Georgia', '楷体'),
    title: font('Calibri', '微软雅黑'),
    small: font('Calibri', '微软雅黑'),
    mono: font('Consolas', '微软雅黑'),
    size: { body: zh ? 21 : 22, title: 48, heading1: 30, heading2: 24, small: 17, masthead: 19, quote: zh ? 23 : 22 },
    firstLineIndent: 0,
    accent: '1F4E79',
    muted: '5D6672',
    red: 'C62828',
    boldHeadings: true,
    italicQuotes: !zh,
  };
}

const HIGHLIGHT_COLORS: Record<string, string> = {
  key: 'C9A100',
  figure: '2E7D32',
  policy: '1F5FA8',
  risk: 'C62828',
  verify: '7B3FA0',
};

function styles(t: Theme, template: TemplateName): IParagraphStyleOptions[] {
  const exact = t.linePitch ? { line: t.linePitch, lineRule: LineRuleType.EXACT } : { line: 300, lineRule: LineRuleType.AUTO };
  const gb = template === 'gbt9704';
  return [
    {
      id: 'Normal',
      name: 'Normal',
      quickFormat: true,
      run: { font: t.body, size: t.size.body },
      paragraph: {
        spacing: { ...exact, before: 0, after: gb ? 0 : 120 },
        indent: { firstLine: t.firstLineIndent },
        alignment: AlignmentType.JUSTIFIED,
      },
    },
    {
      id: 'Title',
      name: 'Title',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.title, size: t.size.title, bold: !gb && t.boldHeadings, color: gb ? '000000' : '1D232B' },
      paragraph: {
        alignment: gb ? AlignmentType.CENTER : AlignmentType.LEFT,
        spacing: gb ? { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: t.linePitch } : { before: 120, after: 160, line: 264, lineRule: LineRuleType.AUTO },
        indent: { firstLine: 0 },
        keepNext: true,
      },
    },
    {
      id: 'Heading1',
      name: 'Heading 1',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.heading1, size: t.size.heading1, bold: t.boldHeadings, color: gb ? '000000' : '1D232B' },
      paragraph: {
        keepNext: true,
        keepLines: true,
        outlineLevel: 0,
        alignment: AlignmentType.LEFT,
        spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 360, after: 120 },
        ...(gb ? {} : { border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: t.accent, space: 2 } } }),
      },
    },
    {
      id: 'Heading2',
      name: 'Heading 2',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.heading2, size: t.size.heading2, bold: t.boldHeadings, color: gb ? '000000' : t.accent },
      paragraph: { keepNext: true, keepLines: true, outlineLevel: 1, alignment: AlignmentType.LEFT, spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 240, after: 80 } },
    },
    {
      id: 'Heading3',
      name: 'Heading 3',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.heading3, size: t.size.body, bold: !gb && t.boldHeadings },
      paragraph: { keepNext: true, keepLines: true, outlineLevel: 2, alignment: AlignmentType.LEFT, spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 200, after: 60 } },
    },
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.quote, size: t.size.quote, italics: t.italicQuotes },
      paragraph: {
        keepNext: true,
        keepLines: true,
        spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 60, after: 40 },
        ...(gb ? {} : { indent: { left: 280, firstLine: 0 }, border: { left: { style: BorderStyle.SINGLE, size: 18, color: '98A0AA', space: 8 } } }),
      },
    },
    {
      id: 'Citation',
      name: 'Citation',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.small, size: t.size.small, color: gb ? '000000' : t.muted },
      paragraph: {
        keepLines: true,
        alignment: gb ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: gb ? { firstLine: 0 } : { left: 280, firstLine: 0 },
        spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 0, after: 160 },
      },
    },
    {
      id: 'Distribution',
      name: 'Distribution',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: t.small, size: t.size.small, color: gb ? '000000' : t.muted },
      paragraph: {
        keepNext: true,
        keepLines: true,
        alignment: AlignmentType.LEFT,
        indent: gb ? { left: 280 + 280 * 3, hanging: 280 * 3, right: 280 } : { firstLine: 0 },
        spacing: gb ? { line: 532, lineRule: LineRuleType.EXACT, before: 0, after: 0 } : { before: 0, after: 40 },
      },
    },
  ];
}

interface Ctx {
  theme: Theme;
  template: TemplateName;
  listInstance: number;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|#39|apos|nbsp);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === '#39' || k === 'apos') return "'";
    if (k === 'nbsp') return '\u00a0';
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return m;
  });
}

interface RunFormat {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  mono?: boolean;
}

function run(text: string, fmt: RunFormat, ctx: Ctx, extra: IRunOptions = {}): TextRun {
  return new TextRun({
    text,
    ...(fmt.bold ? { bold: true } : {}),
    ...(fmt.italics ? { italics: true } : {}),
    ...(fmt.strike ? { strike: true } : {}),
    ...(fmt.mono ? { font: ctx.theme.mono } : {}),
    ...extra,
  });
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function inlineRuns(tokens: Token[] | undefined, fmt: RunFormat, ctx: Ctx): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
      case 'escape': {
        const tt = t as Tokens.Text;
        if (tt.tokens && tt.tokens.length) out.push(...inlineRuns(tt.tokens, fmt, ctx));
        else out.push(run(decodeEntities(tt.text), fmt, ctx));
        break;
      }
      case 'strong':
        out.push(...inlineRuns((t as Tokens.Strong).tokens, { ...fmt, bold: true }, ctx));
        break;
      case 'em':
        out.push(...inlineRuns((t as Tokens.Em).tokens, { ...fmt, italics: true }, ctx));
        break;
      case 'del':
        out.push(...inlineRuns((t as Tokens.Del).tokens, { ...fmt, strike: true }, ctx));
        break;
      case 'codespan':
        out.push(run(decodeEntities((t as Tokens.Codespan).text), { ...fmt, mono: true }, ctx));
        break;
      case 'br':
        out.push(new TextRun({ break: 1 }));
        break;
      case 'link': {
        const link = t as Tokens.Link;
        const children = inlineRuns(link.tokens, fmt, ctx);
        if (SAFE_LINK.test(link.href)) {
          out.push(
            new ExternalHyperlink({
              link: link.href,
              children: children.filter((c): c is TextRun => c instanceof TextRun),
            }),
          );
        } else out.push(...children);
        break;
      }
      case 'image': {
        const img = t as Tokens.Image;
        if (img.text) out.push(run(`[${img.text}]`, fmt, ctx));
        break;
      }
      case 'html':
        // Raw HTML is reduced to its text, as the sanitiser does for the HTML export.
        {
          const text = decodeEntities((t as Tokens.HTML).text.replace(/<[^>]*>/g, ''));
          if (text) out.push(run(text, fmt, ctx));
        }
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out.push(run(decodeEntities(t.text), fmt, ctx));
    }
  }
  return out;
}

interface BlockOpts {
  style?: string;
  paragraph?: Partial<IParagraphOptions>;
  listLevel?: number;
}

function headingFor(depth: number) {
  // Outline headings arrive shifted: level 3 is the first level under a section.
  if (depth <= 3) return HeadingLevel.HEADING_2;
  if (depth === 4) return HeadingLevel.HEADING_3;
  return HeadingLevel.HEADING_4;
}

function markdownBlocks(tokens: Token[], ctx: Ctx, opts: BlockOpts = {}): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const para = (children: ParagraphChild[], extra: Partial<IParagraphOptions> = {}) =>
    new Paragraph({ ...(opts.style ? { style: opts.style } : {}), ...opts.paragraph, ...extra, children });
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'paragraph':
        out.push(para(inlineRuns((t as Tokens.Paragraph).tokens, {}, ctx)));
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        out.push(para(tt.tokens ? inlineRuns(tt.tokens, {}, ctx) : [run(decodeEntities(tt.text), {}, ctx)]));
        break;
      }
      case 'heading': {
        const h = t as Tokens.Heading;
        out.push(new Paragraph({ heading: headingFor(h.depth), children: inlineRuns(h.tokens, {}, ctx) }));
        break;
      }
      case 'list': {
        const list = t as Tokens.List;
        ctx.listInstance += 1;
        const instance = ctx.listInstance;
        const level = opts.listLevel ?? 0;
        for (const item of list.items) {
          let first = true;
          for (const child of item.tokens) {
            if (child.type === 'list') {
              out.push(...markdownBlocks([child], ctx, { ...opts, listLevel: level + 1 }));
              continue;
            }
            if (child.type === 'space') continue;
            const children =
              child.type === 'text' || child.type === 'paragraph'
                ? inlineRuns((child as Tokens.Text).tokens ?? [], {}, ctx)
                : [run(decodeEntities('text' in child ? String(child.text) : ''), {}, ctx)];
            out.push(
              new Paragraph({
                ...(opts.style ? { style: opts.style } : {}),
                ...(first
                  ? { numbering: { reference: list.ordered ? 'bd-ordered' : 'bd-bullet', level, instance } }
                  : { indent: { left: 720 * (level + 1), firstLine: 0 } }),
                children,
              }),
            );
            first = false;
          }
        }
        break;
      }
      case 'blockquote':
        out.push(...markdownBlocks((t as Tokens.Blockquote).tokens, ctx, { ...opts, style: 'Quote', paragraph: { keepNext: false } }));
        break;
      case 'code':
        for (const line of (t as Tokens.Code).text.split('\n')) {
          out.push(para([run(line, { mono: true }, ctx)], { indent: { firstLine: 0, left: 280 } }));
        }
        break;
      case 'hr':
        out.push(new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } }, children: [] }));
        break;
      case 'table': {
        const table = t as Tokens.Table;
        const cell = (c: Tokens.TableCell, header: boolean) =>
          new TableCell({
            children: [
              new Paragraph({
                indent: { firstLine: 0 },
                spacing: { line: 276, lineRule: LineRuleType.AUTO, before: 40, after: 40 },
                children: inlineRuns(c.tokens, header ? { bold: ctx.template !== 'gbt9704' } : {}, ctx),
              }),
            ],
          });
        out.push(
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: table.header.map((c) => cell(c, true)) }),
              ...table.rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
            ],
          }),
        );
        break;
      }
      case 'html': {
        const text = decodeEntities((t as Tokens.HTML).text.replace(/<[^>]*>/g, '')).trim();
        if (text) out.push(para([run(text, {}, ctx)]));
        break;
      }
      default:
        if ('text' in t && typeof t.text === 'string' && t.text.trim()) out.push(para([run(decodeEntities(t.text), {}, ctx)]));
    }
  }
  return out;
}

function md(source: string, ctx: Ctx, opts: BlockOpts = {}): (Paragraph | Table)[] {
  return markdownBlocks(markdown.lexer(source), ctx, opts);
}

function mastheadBlocks(block: Extract<OutlineBlock, { kind: 'masthead' }>, ctx: Ctx): Paragraph[] {
  const t = ctx.theme;
  const out: Paragraph[] = [];
  const textWidth = A4.width - Math.round((ctx.template === 'gbt9704' ? 28 + 26 : 22 + 20) * MM);
  if (ctx.template === 'gbt9704') {
    if (block.classification) {
      out.push(new Paragraph({ indent: { firstLine: 0 }, children: [new TextRun({ text: block.classification, font: t.heading1 })] }));
    }
    if (block.publicationName) {
      out.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          indent: { firstLine: 0 },
          spacing: { before: 240, after: 120, line: 1400, lineRule: LineRuleType.EXACT },
          children: [new TextRun({ text: block.publicationName, font: t.title, size: t.size.masthead, color: t.red, characterSpacing: 120 })],
        }),
      );
    }
    if (block.issue) out.push(new Paragraph({ alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, children: [new TextRun(block.issue)] }));
    out.push(
      new Paragraph({
        indent: { firstLine: 0, left: 320, right: 320 },
        tabStops: [{ type: TabStopType.RIGHT, position: textWidth - 640 }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 16, color: t.red, space: 4 } },
        spacing: { before: 200, after: 0 },
        children: [new TextRun(block.organisation), new TextRun({ text: `\t${block.date}` })],
      }),
    );
    out.push(new Paragraph({ children: [] }));
    out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(block.title)] }));
    return out;
  }
  if (block.classification) {
    out.push(
      new Paragraph({
        spacing: { after: 200 },
        children: [new TextRun({ text: block.classification, bold: true, color: t.red, size: t.size.small, font: t.small })],
      }),
    );
  }
  const series = [block.publicationName, block.issue].filter(Boolean);
  if (series.length) {
    out.push(
      new Paragraph({
        spacing: { after: 0 },
        children: series.map(
          (s, i) =>
            new TextRun({ text: (i ? '  ·  ' : '') + s, bold: i === 0, color: i === 0 ? t.accent : t.muted, size: t.size.masthead, font: t.small, allCaps: true }),
        ),
      }),
    );
  }
  out.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(block.title)] }));
  out.push(
    new Paragraph({
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'D5DBE1', space: 6 } },
      spacing: { after: 360 },
      children: [new TextRun({ text: [block.organisation, block.date].filter(Boolean).join('  ·  '), color: t.muted, size: t.size.masthead, font: t.small })],
    }),
  );
  return out;
}

function outlineChildren(outline: Outline, ctx: Ctx): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  const gb = ctx.template === 'gbt9704';
  for (const block of outline.blocks) {
    switch (block.kind) {
      case 'masthead':
        out.push(...mastheadBlocks(block, ctx));
        break;
      case 'summary':
        out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.label)] }));
        out.push(...md(block.markdown, ctx));
        break;
      case 'section-heading':
        out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.number + block.text)] }));
        break;
      case 'highlight': {
        const color = !gb && block.color ? HIGHLIGHT_COLORS[block.color] : undefined;
        const border = color ? { border: { left: { style: BorderStyle.SINGLE, size: 18, color, space: 8 } } } : {};
        if (block.passage) out.push(...md(block.passage, ctx, { style: 'Quote', paragraph: border }));
        else for (const p of block.paragraphs) out.push(new Paragraph({ style: 'Quote', ...border, children: [new TextRun(p)] }));
        const cite = block.url
          ? [new ExternalHyperlink({ link: block.url, children: [new TextRun(block.citation)] })]
          : [new TextRun(block.citation)];
        out.push(new Paragraph({ style: 'Citation', children: cite }));
        if (block.note) out.push(...md(block.note, ctx));
        break;
      }
      case 'markdown':
        out.push(...md(block.markdown, ctx));
        break;
      case 'sources': {
        out.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(block.label)] }));
        ctx.listInstance += 1;
        for (const e of block.entries) {
          const children: ParagraphChild[] = [new TextRun({ text: e.text, size: ctx.theme.size.small })];
          if (e.url) {
            children.push(new TextRun({ text: ' ', size: ctx.theme.size.small }));
            children.push(new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.url, style: 'Hyperlink', size: ctx.theme.size.small })] }));
          }
          out.push(new Paragraph({ numbering: { reference: 'bd-ordered', level: 0, instance: ctx.listInstance }, children }));
        }
        break;
      }
      case 'distribution': {
        const thick = { style: BorderStyle.SINGLE, size: 8, color: gb ? '000000' : 'D5DBE1', space: 2 };
        const thin = { style: BorderStyle.SINGLE, size: 4, color: gb ? '000000' : 'D5DBE1', space: 2 };
        out.push(new Paragraph({ children: [] }));
        block.lines.forEach((l, i) => {
          const first = i === 0;
          const last = i === block.lines.length - 1;
          out.push(
            new Paragraph({
              style: 'Distribution',
              ...(gb ? { border: { ...(first ? { top: thick } : {}), bottom: last ? thick : thin } } : first ? { border: { top: thin } } : {}),
              ...(last ? { keepNext: false } : {}),
              children: [new TextRun({ text: `${l.label}：` }), new TextRun(l.text)],
            }),
          );
        });
        break;
      }
      default: {
        const never: never = block;
        throw new Error(`Unknown block ${(never as { kind: string }).kind}`);
      }
    }
  }
  return out;
}

function footers(ctx: Ctx) {
  const t = ctx.theme;
  if (ctx.template === 'gbt9704') {
    const number = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType], indent: { left?: number; right?: number }) =>
      new Footer({
        children: [
          new Paragraph({
            alignment,
            indent: { firstLine: 0, ...indent },
            spacing: { line: 280, lineRule: LineRuleType.AUTO },
            children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('SimSun', '宋体'), size: 28 })],
          }),
        ],
      });
    return { default: number(AlignmentType.RIGHT, { right: 280 }), even: number(AlignmentType.LEFT, { left: 280 }) };
  }
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 17, color: '98A0AA', font: t.small })],
      }),
    ],
  });
  return { default: footer, even: footer };
}


export interface DocxOptions {
  template: TemplateName;
}

export async function outlineToDocx(outline: Outline, options: DocxOptions): Promise<Uint8Array> {
  const theme = themeFor(options.template, outline.language);
  const ctx: Ctx = { theme, template: options.template, listInstance: 0 };
  const gb = options.template === 'gbt9704';
  const children = outlineChildren(outline, ctx);
  const listIndent = (level: number) => (gb ? { left: 640 * (level + 1) + 320, hanging: 320 } : { left: 360 * (level + 1) + 200, hanging: 280 });
  const doc = new Document({
    creator: 'Briefing Desk',
    title: outline.title,
    description: 'Briefing exported by Briefing Desk',
    evenAndOddHeaderAndFooters: gb,
    styles: {
      default: { document: { run: { font: theme.body, size: theme.size.body } } },
      paragraphStyles: styles(theme, options.template),
    },
    numbering: {
      config: [
        {
          reference: 'bd-ordered',
          levels: [0, 1, 2].map((level) => ({
            level,
            format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level],
            text: `%${level + 1}.`,
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: listIndent(level) } },
          })),
        },
        {
          reference: 'bd-bullet',
          levels: [0, 1, 2].map((level) => ({
            level,
            format: LevelFormat.BULLET,
            text: ['•', '◦', '▪'][level],
            alignment: AlignmentType.LEFT,
            style: { paragraph: { indent: listIndent(level) } },
          })),
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height },
            margin: gb
              ? { top: Math.round(37 * MM), bottom: Math.round(35 * MM), left: Math.round(28 * MM), right: Math.round(26 * MM), footer: Math.round(23 * MM), header: Math.round(15 * MM) }
              : { top: Math.round(22 * MM), bottom: Math.round(24 * MM), left: Math.round(22 * MM), right: Math.round(20 * MM), footer: Math.round(12 * MM), header: Math.round(12 * MM) },
          },
          // A line grid only: 22 lines a page. The character grid of some GB/T 9704 Word templates
          // (charSpace) spreads CJK text across the line in LibreOffice and WPS when the 仿宋 face is
          // missing; 28 characters a line follow from the 156 mm measure at 16 pt anyway.
          ...(gb ? { grid: { type: DocumentGridType.LINES, linePitch: 579 } } : {}),
        },
        footers: footers(ctx),
        children,
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export async function briefingToDocx(b: Briefing, options: DocxOptions): Promise<Uint8Array> {
  return outlineToDocx(buildOutline(b, options.template), options);
}
