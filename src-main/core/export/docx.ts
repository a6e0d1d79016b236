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
 * In a Chinese briefing every run carries `w:hint="eastAsia"`, so the marks
 * Chinese shares with Western text (“ ” ‘ ’ — … ·) take the Chinese face, as
 * in the PDF (ECMA-376 §17.3.2.26), instead of Times New Roman's narrow ones.
 *
 * The same elements as the PDF, in the same order: labels of comments, 同上
 * for a citation repeating its predecessor's source (a line break before the
 * source when the citation would not fit one line, so the date never wraps
 * alone), excerpts that may run across a page with the citation kept with
 * their last lines, and the 版记 as a table floating at the bottom of the
 * text block of the last page (tblpPr: vertical anchor margin, bottom), its
 * rules 1 pt / 0.75 pt / 1 pt (the nearest border widths to GB/T 9704's
 * 0.35 / 0.25 mm that Word's eighth-point steps allow).
 */
import {
  AlignmentType,
  BorderStyle,
  BuilderElement,
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
import { buildOutline, labelColon, type Outline, type OutlineBlock } from '../../common/briefing/outline';
import { markdown } from './sanitize';
import { titleLines, widthEm } from '../../common/briefing/title-lines';
import { TITLE_SIZE_PT, titleMeasureEm } from './page-geometry';
import { isSafeLinkUrl } from '../../common/safe-url';
import { HIGHLIGHT_PRINT_COLORS } from '../../common/model';

/** A run's faces per script; `hint: 'eastAsia'` sends ambiguous marks (“ ” — …) to the East Asian face. */
type FontSpec = { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint?: string };

function font(latin: string, eastAsia: string): FontSpec {
  return { ascii: latin, hAnsi: latin, eastAsia, cs: latin };
}

/** Every font of a Chinese briefing's theme with `hint="eastAsia"`: ambiguous marks take the Chinese face. */
function withEastAsiaHint(t: Theme): Theme {
  const hint = (f: FontSpec): FontSpec => ({ ...f, hint: 'eastAsia' });
  return {
    ...t,
    body: hint(t.body),
    heading1: hint(t.heading1),
    heading2: hint(t.heading2),
    heading3: hint(t.heading3),
    quote: hint(t.quote),
    title: hint(t.title),
    small: hint(t.small),
    mono: hint(t.mono),
  };
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

/**
 * Every paragraph with widow/orphan control: a page never starts or ends
 * with one lone line of a paragraph, as in the PDF (orphans/widows 2). No
 * paragraph asks for punctuation hanging into the margin (w:overflowPunct is
 * left out, which ECMA-376 §17.3.1.22 reads as "not applied"), so every line
 * stays inside the 版心, as in the PDF.
 */
function P(options: IParagraphOptions): Paragraph {
  return new Paragraph({ widowControl: true, ...options });
}
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
      size: { body: 32, title: TITLE_SIZE_PT.gbt9704.zh * 2, heading1: 32, heading2: 32, small: 28, masthead: 96, quote: 32 },
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
    size: { body: zh ? 21 : 22, title: TITLE_SIZE_PT.modern[lang] * 2, heading1: 30, heading2: 24, small: 17, masthead: 19, quote: zh ? 23 : 22 },
    firstLineIndent: 0,
    accent: '1F4E79',
    muted: '5D6672',
    red: 'C62828',
    boldHeadings: true,
    italicQuotes: !zh,
  };
}

function styles(t: Theme, template: TemplateName): IParagraphStyleOptions[] {
  const exact = t.linePitch ? { line: t.linePitch, lineRule: LineRuleType.EXACT } : { line: 300, lineRule: LineRuleType.AUTO };
  const gb = template === 'gbt9704';
  return [
    {
      id: 'Normal',
      name: 'Normal',
      quickFormat: true,
      // GB/T 9704: 28 characters of 3号 (16 pt) on a 156 mm line need 0.25 pt less between them (442 pt).
      run: { font: t.body, size: t.size.body, ...(gb ? { characterSpacing: -5 } : {}) },
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
        spacing: gb
          ? { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: t.linePitch }
          : { before: 120, after: 160, line: 264, lineRule: LineRuleType.AUTO },
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
      paragraph: {
        keepNext: true,
        keepLines: true,
        outlineLevel: 1,
        alignment: AlignmentType.LEFT,
        spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 240, after: 80 },
      },
    },
    {
      id: 'Heading3',
      name: 'Heading 3',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.heading3, size: t.size.body, bold: !gb && t.boldHeadings },
      paragraph: {
        keepNext: true,
        keepLines: true,
        outlineLevel: 2,
        alignment: AlignmentType.LEFT,
        spacing: gb ? { ...exact, before: 0, after: 0 } : { before: 200, after: 60 },
      },
    },
    {
      id: 'Quote',
      name: 'Quote',
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { font: t.quote, size: t.size.quote, italics: t.italicQuotes },
      paragraph: {
        // An excerpt may run across a page (widow control keeps two lines together); its last
        // paragraph stays with the citation.
        keepNext: true,
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
  language: 'zh' | 'en';
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
  /** The Chinese face of the paragraph the runs stand in (its punctuation takes it); the body face when absent. */
  face?: string;
}

/** Marks Chinese shares with Western text; Word and LibreOffice would otherwise set them in the Latin face. */
const AMBIGUOUS_MARKS = /([\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u2e3a]+)/;

/**
 * Runs of `text`. In a Chinese briefing the ambiguous marks (“ ” ‘ ’ — … ·)
 * get runs of their own set in the paragraph's Chinese face for every script
 * slot: `w:hint="eastAsia"` alone is honoured by Word but not by LibreOffice
 * or WPS, which would print Times New Roman's narrow quotes and dashes.
 */
function textRuns(text: string, ctx: Ctx, face?: string, extra: IRunOptions = {}): TextRun[] {
  const chinese = face ?? (extra.font as FontSpec | undefined)?.eastAsia ?? ctx.theme.body.eastAsia;
  if (ctx.language !== 'zh' || !AMBIGUOUS_MARKS.test(text)) return [new TextRun({ text, ...extra })];
  const { break: lineBreak, ...rest } = extra as IRunOptions & { break?: number };
  return text
    .split(AMBIGUOUS_MARKS)
    .filter(Boolean)
    .map(
      (piece, i) =>
        new TextRun({
          text: piece,
          ...rest,
          ...(i === 0 && lineBreak ? { break: lineBreak } : {}),
          ...(AMBIGUOUS_MARKS.test(piece) ? { font: { ascii: chinese, hAnsi: chinese, eastAsia: chinese, cs: chinese, hint: 'eastAsia' } } : {}),
        }),
    );
}

function run(text: string, fmt: RunFormat, ctx: Ctx, extra: IRunOptions = {}): TextRun[] {
  return textRuns(text, ctx, fmt.mono ? undefined : fmt.face, {
    ...(fmt.bold ? { bold: true } : {}),
    ...(fmt.italics ? { italics: true } : {}),
    ...(fmt.strike ? { strike: true } : {}),
    ...(fmt.mono ? { font: ctx.theme.mono } : {}),
    ...extra,
  });
}

function inlineRuns(tokens: Token[] | undefined, fmt: RunFormat, ctx: Ctx): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
      case 'escape': {
        const tt = t as Tokens.Text;
        if (tt.tokens && tt.tokens.length) out.push(...inlineRuns(tt.tokens, fmt, ctx));
        else out.push(...run(decodeEntities(tt.text), fmt, ctx));
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
        out.push(...run(decodeEntities((t as Tokens.Codespan).text), { ...fmt, mono: true }, ctx));
        break;
      case 'br':
        out.push(new TextRun({ break: 1 }));
        break;
      case 'link': {
        const link = t as Tokens.Link;
        const children = inlineRuns(link.tokens, fmt, ctx);
        if (isSafeLinkUrl(link.href.trim())) {
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
        if (img.text) out.push(...run(`[${img.text}]`, fmt, ctx));
        break;
      }
      case 'html':
        // Raw HTML is the user's text, shown literally, as in every other output (common/sanitize-rules.ts).
        {
          const text = (t as Tokens.HTML).text;
          if (text) out.push(...run(text, fmt, ctx));
        }
        break;
      default:
        if ('text' in t && typeof t.text === 'string') out.push(...run(decodeEntities(t.text), fmt, ctx));
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
  const base: RunFormat = { face: opts.style === 'Quote' ? ctx.theme.quote.eastAsia : ctx.theme.body.eastAsia };
  const para = (children: ParagraphChild[], extra: Partial<IParagraphOptions> = {}) =>
    P({ ...(opts.style ? { style: opts.style } : {}), ...opts.paragraph, ...extra, children });
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break;
      case 'paragraph':
        out.push(para(inlineRuns((t as Tokens.Paragraph).tokens, base, ctx)));
        break;
      case 'text': {
        const tt = t as Tokens.Text;
        out.push(para(tt.tokens ? inlineRuns(tt.tokens, base, ctx) : run(decodeEntities(tt.text), base, ctx)));
        break;
      }
      case 'heading': {
        const h = t as Tokens.Heading;
        const level = headingFor(h.depth);
        const face = (level === HeadingLevel.HEADING_2 ? ctx.theme.heading2 : ctx.theme.heading3).eastAsia;
        out.push(P({ heading: level, children: inlineRuns(h.tokens, { face }, ctx) }));
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
                ? inlineRuns((child as Tokens.Text).tokens ?? [], base, ctx)
                : run(decodeEntities('text' in child ? String(child.text) : ''), base, ctx);
            out.push(
              P({
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
          out.push(para(run(line, { mono: true }, ctx), { indent: { firstLine: 0, left: 280 } }));
        }
        break;
      case 'hr':
        out.push(P({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } }, children: [] }));
        break;
      case 'table': {
        const table = t as Tokens.Table;
        const cell = (c: Tokens.TableCell, header: boolean) =>
          new TableCell({
            children: [
              P({
                indent: { firstLine: 0 },
                spacing: { line: 276, lineRule: LineRuleType.AUTO, before: 40, after: 40 },
                children: inlineRuns(c.tokens, header ? { ...base, bold: ctx.template !== 'gbt9704' } : base, ctx),
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
        const text = (t as Tokens.HTML).text.trim();
        if (text) out.push(para(run(text, base, ctx)));
        break;
      }
      default:
        if ('text' in t && typeof t.text === 'string' && t.text.trim()) out.push(para(run(decodeEntities(t.text), base, ctx)));
    }
  }
  return out;
}

function md(source: string, ctx: Ctx, opts: BlockOpts = {}): (Paragraph | Table)[] {
  return markdownBlocks(markdown.lexer(source), ctx, opts);
}

/**
 * An analyst's comment with its label (按：/ 点评：…) at the start of its first
 * paragraph, or in a paragraph of its own when the comment opens with a list
 * or heading — as the HTML and Markdown exports place it.
 */
function labelledNote(note: string, label: string, ctx: Ctx): (Paragraph | Table)[] {
  const tokens = markdown.lexer(note);
  if (!label) return markdownBlocks(tokens, ctx);
  const gb = ctx.template === 'gbt9704';
  const labelRun = textRuns(label + labelColon(ctx.language), ctx, undefined, {
    font: gb ? ctx.theme.heading1 : ctx.theme.small,
    ...(gb ? {} : { color: ctx.theme.accent, bold: ctx.language !== 'zh' }),
  });
  const first = tokens.findIndex((t) => t.type !== 'space');
  if (tokens[first]?.type === 'paragraph') {
    return [
      P({ children: [...labelRun, ...inlineRuns((tokens[first] as Tokens.Paragraph).tokens, { face: ctx.theme.body.eastAsia }, ctx)] }),
      ...markdownBlocks(tokens.slice(first + 1), ctx),
    ];
  }
  return [P({ keepNext: true, children: labelRun }), ...markdownBlocks(tokens, ctx)];
}

/**
 * The title's runs. A Chinese title longer than a line is set in the lines `titleLines` chooses
 * (common/briefing/title-lines.ts: even lines, broken only between words and never inside a
 * 《…》 that fits a line — the PDF's title has the same lines), joined by line breaks, since Word
 * and LibreOffice break Chinese between any two characters (新|能源) and would leave one character
 * alone on the last line. A title that fits a line is left to Word's own layout.
 */
function titleRuns(title: string, ctx: Ctx): TextRun[] {
  const face = ctx.theme.title.eastAsia;
  if (ctx.language !== 'zh') return textRuns(title, ctx, face);
  const lines = titleLines(title, titleMeasureEm(ctx.template, ctx.language));
  return lines.flatMap((line, k) => textRuns(line, ctx, face, k > 0 ? { break: 1 } : {}));
}

/**
 * The citation's runs; when it does not fit one line, a line break before the
 * source so that the source and date stay together (the PDF's no-wrap span).
 */
function citationRuns(block: Extract<OutlineBlock, { kind: 'highlight' }>, ctx: Ctx): TextRun[] {
  const gb = ctx.template === 'gbt9704';
  const measurePt = (A4.width - Math.round((gb ? 28 + 26 : 22 + 20) * MM)) / 20 - (gb ? 0 : 14);
  const sizePt = ctx.theme.size.small / 2;
  const fits = widthEm(block.citation) * sizePt <= measurePt;
  const runs: TextRun[] = [];
  const face = ctx.theme.small.eastAsia;
  block.citationParts.forEach((p, i) => runs.push(...textRuns(p.text, ctx, face, i > 0 && p.keep && !fits ? { break: 1 } : {})));
  return runs;
}

/**
 * The 版记: a text box as wide as the text block whose bottom edge is aligned
 * to the bottom of the text block (VML: position absolute,
 * mso-position-vertical bottom, relative to the margin), anchored in the
 * document's last paragraph, so it sits at the foot of the last page whatever
 * its rows hold; no outline, no inner margins, fitted to its content. Inside,
 * a table as wide as the box: its first and last rules thick (1 pt ≈
 * 0.35 mm), the ones between thin (0.75 pt ≈ 0.26 mm; Word borders come in
 * eighths of a point), 4号 text one character in from each side (cell
 * margins). No line of text lies under it: its anchor paragraph has space
 * before it exactly as tall as the box (its rows, wrapped lines counted, times
 * the line pitch), so the text ends at least that far above the foot; where the
 * last page cannot hold it, the anchor and the box move to the next page's
 * foot. (Text wrapping alone does not do it: LibreOffice lets text before the
 * anchor run under the box.)
 * The modern template's distribution block is the same box with
 * light rules above and below. Word places the box on the edge; LibreOffice
 * 7.4 places VML boxes a few millimetres higher (its text-box insets), and
 * ignores the alignment of floating tables and frames altogether.
 */
function distributionBox(block: Extract<OutlineBlock, { kind: 'distribution' }>, ctx: Ctx): Paragraph[] {
  const gb = ctx.template === 'gbt9704';
  const width = A4.width - Math.round((gb ? 28 + 26 : 22 + 20) * MM);
  const color = gb ? '000000' : 'D5DBE1';
  const thick = { style: BorderStyle.SINGLE, size: gb ? 8 : 6, color };
  const thin = { style: BorderStyle.SINGLE, size: gb ? 6 : 4, color };
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const inset = gb ? 280 : 0;
  const pitch = ctx.theme.linePitch ?? 260;
  const labelChars = ctx.language === 'zh' ? 2 : 0;
  const size = ctx.theme.size.small;
  const face = ctx.theme.small.eastAsia;
  const rows: {
    text: string;
    children: ParagraphChild[];
    ruleAbove: boolean;
    alignment?: (typeof AlignmentType)[keyof typeof AlignmentType];
    hanging?: boolean;
    tabs?: boolean;
  }[] = [];
  block.lines.forEach((l, i) => {
    const label = l.label + labelColon(ctx.language);
    rows.push({
      text: label + l.text,
      children: [new TextRun({ text: label, ...(gb ? {} : { color: '1D232B' }) }), ...textRuns(l.text, ctx, face)],
      ruleAbove: gb && i > 0,
      hanging: true,
    });
  });
  if (block.copies) rows.push({ text: block.copies, children: textRuns(block.copies, ctx, face), ruleAbove: false, alignment: AlignmentType.RIGHT });
  if (block.issuer || block.issued) {
    const issued = `${block.issuer ?? ''}\t${block.issued ?? ''}`;
    rows.push({ text: `${block.issuer ?? ''}　${block.issued ?? ''}`, children: textRuns(issued, ctx, face), ruleAbove: rows.length > 0, tabs: true });
  }
  const hanging = size * 10 * labelChars;
  // The box's height, twips: each row's lines (its text over the cell's measure, less the label's
  // hanging indent) times the pitch, and the rules.
  const lines = rows.reduce((n, r) => n + Math.max(1, Math.ceil((widthEm(r.text) * size * 10) / (width - 2 * inset - (r.hanging ? hanging : 0)))), 0);
  const boxHeight = lines * pitch + 60;
  const table = new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [width],
    borders: { top: thick, bottom: thick, left: none, right: none, insideHorizontal: none, insideVertical: none },
    margins: { left: inset, right: inset, top: 0, bottom: 0 },
    rows: rows.map(
      (r, i) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: width, type: WidthType.DXA },
              borders: { top: i === 0 ? thick : r.ruleAbove ? thin : none, bottom: i === rows.length - 1 ? thick : none, left: none, right: none },
              children: [
                P({
                  style: 'Distribution',
                  keepLines: true,
                  alignment: r.alignment ?? AlignmentType.LEFT,
                  indent: r.hanging && hanging ? { left: hanging, hanging } : { left: 0, firstLine: 0 },
                  spacing: { line: pitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
                  ...(r.tabs ? { tabStops: [{ type: TabStopType.RIGHT, position: width - 2 * inset }] } : {}),
                  children: r.children,
                }),
              ],
            }),
          ],
        }),
    ),
  });
  const style = [
    `width:${(width / 20).toFixed(2)}pt`,
    `height:${(boxHeight / 20).toFixed(2)}pt`,
    'position:absolute',
    'mso-position-horizontal:center',
    'mso-position-horizontal-relative:margin',
    'mso-position-vertical:bottom',
    'mso-position-vertical-relative:margin',
    'mso-wrap-style:square',
    'z-index:1',
  ].join(';');
  const box = new BuilderElement({
    name: 'w:r',
    children: [
      new BuilderElement({
        name: 'w:pict',
        children: [
          new BuilderElement<{ id: string; type: string; style: string; stroked: string; filled: string }>({
            name: 'v:shape',
            attributes: {
              id: { key: 'id', value: 'bd-colophon' },
              type: { key: 'type', value: '#_x0000_t202' },
              style: { key: 'style', value: style },
              stroked: { key: 'stroked', value: 'f' },
              filled: { key: 'filled', value: 'f' },
            },
            children: [
              new BuilderElement<{ inset: string; style: string }>({
                name: 'v:textbox',
                attributes: { inset: { key: 'inset', value: '0,0,0,0' }, style: { key: 'style', value: 'mso-fit-shape-to-text:t' } },
                // A cell's content, a text box's too, ends with a paragraph: this one of no height.
                children: [
                  new BuilderElement({
                    name: 'w:txbxContent',
                    children: [table, P({ spacing: { before: 0, after: 0, line: 20, lineRule: LineRuleType.EXACT }, children: [] })],
                  }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });
  // The box's anchor: the last paragraph of the document, with space before it as tall as the box: the
  // room it stands in at the foot (text ends above it; where the page cannot hold it, both move on).
  // (Space before, not a tall line: LibreOffice lets an empty line with only an anchor in it run
  // past the foot; a space keeps the paragraph from counting as empty.)
  return [
    P({
      keepLines: true,
      spacing: { before: boxHeight, after: 0, line: 20, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: ' ' }), box as unknown as TextRun],
    }),
  ];
}

function mastheadBlocks(block: Extract<OutlineBlock, { kind: 'masthead' }>, ctx: Ctx): Paragraph[] {
  const t = ctx.theme;
  const out: Paragraph[] = [];
  const textWidth = A4.width - Math.round((ctx.template === 'gbt9704' ? 28 + 26 : 22 + 20) * MM);
  if (ctx.template === 'gbt9704') {
    if (block.classification) {
      out.push(P({ indent: { firstLine: 0 }, children: textRuns(block.classification, ctx, undefined, { font: t.heading1 }) }));
    }
    if (block.publicationName) {
      out.push(
        P({
          alignment: AlignmentType.CENTER,
          indent: { firstLine: 0 },
          spacing: { before: 240, after: 120, line: 1400, lineRule: LineRuleType.EXACT },
          children: textRuns(block.publicationName, ctx, undefined, { font: t.title, size: t.size.masthead, color: t.red, characterSpacing: 120 }),
        }),
      );
    }
    if (block.issue) out.push(P({ alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, children: textRuns(block.issue, ctx) }));
    out.push(
      P({
        indent: { firstLine: 0, left: 320, right: 320 },
        tabStops: [{ type: TabStopType.RIGHT, position: textWidth - 640 }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 16, color: t.red, space: 4 } },
        spacing: { before: 200, after: 0 },
        children: [...textRuns(block.organisation, ctx), ...textRuns(`\t${block.date}`, ctx)],
      }),
    );
    out.push(P({ children: [] }));
    out.push(P({ heading: HeadingLevel.TITLE, children: titleRuns(block.title, ctx) }));
    return out;
  }
  if (block.classification) {
    out.push(
      P({
        spacing: { after: 200 },
        children: textRuns(block.classification, ctx, undefined, { bold: true, color: t.red, size: t.size.small, font: t.small }),
      }),
    );
  }
  const series = [block.publicationName, block.issue].filter(Boolean);
  if (series.length) {
    out.push(
      P({
        spacing: { after: 0 },
        children: series.flatMap((s, i) =>
          textRuns((i ? '  |  ' : '') + s, ctx, undefined, {
            bold: i === 0,
            color: i === 0 ? t.accent : t.muted,
            size: t.size.masthead,
            font: t.small,
            allCaps: true,
          }),
        ),
      }),
    );
  }
  out.push(P({ heading: HeadingLevel.TITLE, children: titleRuns(block.title, ctx) }));
  out.push(
    P({
      border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'D5DBE1', space: 6 } },
      spacing: { after: 360 },
      children: textRuns([block.organisation, block.date].filter(Boolean).join('  |  '), ctx, undefined, {
        color: t.muted,
        size: t.size.masthead,
        font: t.small,
      }),
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
        out.push(P({ heading: HeadingLevel.HEADING_1, children: textRuns(block.label, ctx, ctx.theme.heading1.eastAsia) }));
        out.push(...md(block.markdown, ctx));
        break;
      case 'section-heading':
        out.push(P({ heading: HeadingLevel.HEADING_1, children: textRuns(block.number + block.text, ctx, ctx.theme.heading1.eastAsia) }));
        break;
      case 'highlight': {
        const color = !gb && block.color ? (HIGHLIGHT_PRINT_COLORS as Record<string, string | undefined>)[block.color]?.slice(1).toUpperCase() : undefined;
        const border = color ? { border: { left: { style: BorderStyle.SINGLE, size: 18, color, space: 8 } } } : {};
        if (block.passage) out.push(...md(block.passage, ctx, { style: 'Quote', paragraph: border }));
        else for (const p of block.paragraphs) out.push(P({ style: 'Quote', ...border, children: textRuns(p, ctx, ctx.theme.quote.eastAsia) }));
        const runs = citationRuns(block, ctx);
        const cite = block.url && isSafeLinkUrl(block.url) ? [new ExternalHyperlink({ link: block.url, children: runs })] : runs;
        // The comment starts on the page where its citation stands.
        out.push(P({ style: 'Citation', keepNext: Boolean(block.note), children: cite }));
        if (block.note) out.push(...labelledNote(block.note, block.noteLabel, ctx));
        break;
      }
      case 'markdown':
        out.push(...md(block.markdown, ctx));
        break;
      case 'sources': {
        out.push(P({ heading: HeadingLevel.HEADING_1, children: textRuns(block.label, ctx, ctx.theme.heading1.eastAsia) }));
        ctx.listInstance += 1;
        for (const e of block.entries) {
          const children: ParagraphChild[] = textRuns(e.text, ctx, ctx.theme.small.eastAsia, { size: ctx.theme.size.small });
          if (e.url && isSafeLinkUrl(e.url)) {
            children.push(new TextRun({ text: ' ', size: ctx.theme.size.small }));
            children.push(new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.url, style: 'Hyperlink', size: ctx.theme.size.small })] }));
          }
          out.push(P({ numbering: { reference: 'bd-ordered', level: 0, instance: ctx.listInstance }, children }));
        }
        break;
      }
      case 'distribution':
        out.push(...distributionBox(block, ctx));
        break;
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
          P({
            alignment,
            indent: { firstLine: 0, ...indent },
            // Exactly one 4号 line (4.94 mm), its top 7 mm below the 版心 (GB/T 9704 §7.5): the footer
            // distance, from the page's bottom edge to the line's bottom, is 297 − 262 − 7 − 4.94 ≈ 23 mm.
            spacing: { line: 280, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
            children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('SimSun', '宋体'), size: 28 })],
          }),
        ],
      });
    return { default: number(AlignmentType.RIGHT, { right: 280 }), even: number(AlignmentType.LEFT, { left: 280 }) };
  }
  const footer = new Footer({
    children: [
      P({
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
  const base = themeFor(options.template, outline.language);
  const theme = outline.language === 'zh' ? withEastAsiaHint(base) : base;
  const ctx: Ctx = { theme, template: options.template, language: outline.language, listInstance: 0 };
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
              ? {
                  top: Math.round(37 * MM),
                  bottom: Math.round(35 * MM),
                  left: Math.round(28 * MM),
                  right: Math.round(26 * MM),
                  footer: Math.round(23 * MM),
                  header: Math.round(15 * MM),
                }
              : {
                  top: Math.round(22 * MM),
                  bottom: Math.round(24 * MM),
                  left: Math.round(22 * MM),
                  right: Math.round(20 * MM),
                  footer: Math.round(12 * MM),
                  header: Math.round(12 * MM),
                },
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
