/**
 * What is printed where on the pages of a PDF, read with pdfjs: positioned
 * text runs (with the embedded font that drew them) and the filled or
 * stroked horizontal rules. Used to check an exported briefing against its
 * layout (`layout-check.ts`, `briefing check`) and to pin the 版记 to the
 * foot of the last page (`export.ts`).
 *
 * Units are PostScript points (1/72 in; 1 mm = 72/25.4 pt) measured from the
 * top-left corner of the page box, as `pdftotext -bbox` reports them.
 */
import { BdError } from '../../common/errors';
import { loadPdfJs, openPdf, type PdfDocument } from '../pdfjs';
import { log } from '../diagnostics/log';

export const PT_PER_MM = 72 / 25.4;

/** Millimetres → points. */
export function mm(value: number): number {
  return value * PT_PER_MM;
}

/** Points → millimetres. */
export function toMm(points: number): number {
  return points / PT_PER_MM;
}

/** One run of text in one font on one baseline. */
export interface PdfTextRun {
  text: string;
  /** Left edge of the run. */
  x: number;
  /** Advance width of the run (so `x + width` is where the next run would start). */
  width: number;
  baseline: number;
  /** Top and bottom of the font's ascent/descent box, as pdftotext -bbox computes them. */
  top: number;
  bottom: number;
  /** Font size (pt). */
  size: number;
  /** The embedded font's name without its subset tag (`BousungEG-Light-GB`), or `Type3:<id>` for an unnamed Type 3 font. */
  font: string;
}

/** A horizontal rule: a filled rectangle or stroked line much wider than it is thick. */
export interface PdfRule {
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** `#rrggbb`. */
  color: string;
}

/** One drawn glyph, in drawing order: its character, font and advance width. */
export interface PdfGlyph {
  char: string;
  /** Same naming as `PdfTextRun.font`. */
  font: string;
  /** Advance width in em (1 = the font size): 1 for a full-width CJK glyph, about 0.3–0.5 for Latin punctuation. */
  em: number;
}

export interface PdfPageGeometry {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  runs: PdfTextRun[];
  rules: PdfRule[];
  glyphs: PdfGlyph[];
}

/**
 * A bookmark of the document outline (Chromium writes one for each HTML heading, h1–h6, of a
 * printed briefing): where it points. Nested bookmarks are listed after their parent, in order.
 */
export interface PdfBookmark {
  title: string;
  /** Depth in the outline, 1 for the top level. */
  depth: number;
  /** 1-based page number; null when the destination names no page this file has. */
  page: number | null;
  /** The destination's top edge, pt from the top of the page; null when the destination gives none (a whole page). */
  top: number | null;
}

export interface PdfGeometry {
  pageCount: number;
  pages: PdfPageGeometry[];
  /** The document outline (bookmarks), flattened; empty when the file has none or they were not asked for (`outline`). */
  bookmarks: PdfBookmark[];
}

/** The outline's bookmarks with the page and height each points at; a destination that cannot be resolved gives nulls. */
async function readBookmarks(doc: PdfDocument): Promise<PdfBookmark[]> {
  type Node = { title: string; dest: string | unknown[] | null; items: Node[] };
  const outline = ((await doc.getOutline().catch(() => null)) ?? []) as Node[];
  const out: PdfBookmark[] = [];
  const walk = async (nodes: Node[], depth: number) => {
    for (const node of nodes) {
      let page: number | null = null;
      let top: number | null = null;
      try {
        const dest = typeof node.dest === 'string' ? await doc.getDestination(node.dest) : node.dest;
        if (Array.isArray(dest) && dest[0] && typeof dest[0] === 'object') {
          const index = await doc.getPageIndex(dest[0] as { num: number; gen: number });
          page = index + 1;
          const kind = (dest[1] as { name?: string } | undefined)?.name;
          const y = kind === 'XYZ' ? dest[3] : kind === 'FitH' || kind === 'FitBH' ? dest[2] : null;
          if (typeof y === 'number') {
            const view = (await doc.getPage(page)).view;
            top = view[3] - y;
          }
        } else if (Array.isArray(dest) && typeof dest[0] === 'number') page = dest[0] + 1;
      } catch {
        // A destination that points nowhere this file has: the bookmark is listed without a place.
      }
      out.push({ title: node.title, depth, page, top });
      if (node.items?.length) await walk(node.items, depth + 1);
    }
  };
  await walk(outline, 1);
  return out;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** A rule is at least 5 mm long and at most 3 mm thick, and lies flat. */
const MIN_RULE_LENGTH = mm(5);
const MAX_RULE_THICKNESS = mm(3);

async function pageGeometry(pdfjs: Awaited<ReturnType<typeof loadPdfJs>>, doc: PdfDocument, number: number): Promise<PdfPageGeometry> {
  const page = await doc.getPage(number);
  try {
    const [vx0, vy0, vx1, vy1] = page.view;
    const height = vy1 - vy0;
    const toTop = (y: number) => vy1 - y;

    // Rules: walk the operator list, tracking the transformation matrix.
    const OPS = pdfjs.OPS;
    const ops = await page.getOperatorList();
    const rules: PdfRule[] = [];
    const glyphs: PdfGlyph[] = [];
    const fontNames = new Map<string, { name: string; emPerUnit: number }>();
    const fontOf = (id: string) => {
      let known = fontNames.get(id);
      if (!known) {
        known = { name: id, emPerUnit: 0.001 };
        try {
          const obj = page.commonObjs.get(id) as { name?: string; isType3Font?: boolean; fontMatrix?: number[] } | undefined;
          if (obj?.name) known.name = obj.name.replace(/^[A-Z]{6}\+/, '');
          else if (obj?.isType3Font) known.name = `Type3:${id}`;
          if (obj?.fontMatrix?.[0]) known.emPerUnit = Math.abs(obj.fontMatrix[0]);
        } catch {
          // the font object is not resolved: keep pdfjs' id, which still tells fonts apart
        }
        fontNames.set(id, known);
      }
      return known;
    };
    let currentFont = { name: '', emPerUnit: 0.001 };
    let ctm: Matrix = [1, 0, 0, 1, 0, 0];
    const stack: { ctm: Matrix; fill: string; stroke: string; lineWidth: number }[] = [];
    let fill = '#000000';
    let stroke = '#000000';
    let lineWidth = 1;
    for (let i = 0; i < ops.fnArray.length; i++) {
      const fn = ops.fnArray[i];
      const args = ops.argsArray[i] as unknown[];
      if (fn === OPS.save) stack.push({ ctm, fill, stroke, lineWidth });
      else if (fn === OPS.restore) ({ ctm, fill, stroke, lineWidth } = stack.pop() ?? { ctm, fill, stroke, lineWidth });
      else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
      else if (fn === OPS.setFillRGBColor) fill = String(args[0]);
      else if (fn === OPS.setStrokeRGBColor) stroke = String(args[0]);
      else if (fn === OPS.setLineWidth) lineWidth = Number(args[0]);
      else if (fn === OPS.setFont) currentFont = fontOf(String(args[0]));
      else if (fn === OPS.showText) {
        for (const g of args[0] as ({ unicode?: string; width?: number } | number | null)[]) {
          if (g && typeof g === 'object' && g.unicode) glyphs.push({ char: g.unicode, font: currentFont.name, em: (g.width ?? 0) * currentFont.emPerUnit });
        }
      } else if (fn === OPS.constructPath) {
        const paint = args[0] as number;
        const box = args[2] as ArrayLike<number> | null;
        if (!box) continue;
        const filled = paint === OPS.fill || paint === OPS.eoFill || paint === OPS.fillStroke || paint === OPS.eoFillStroke;
        const stroked = paint === OPS.stroke || paint === OPS.closeStroke || paint === OPS.fillStroke || paint === OPS.eoFillStroke;
        if (!filled && !stroked) continue;
        const [ax, ay] = apply(ctm, box[0], box[1]);
        const [bx, by] = apply(ctm, box[2], box[3]);
        const x0 = Math.min(ax, bx) - vx0;
        const x1 = Math.max(ax, bx) - vx0;
        let y0 = Math.min(ay, by);
        let y1 = Math.max(ay, by);
        if (stroked && !filled) {
          // A stroked line is as thick as the pen: half of it on each side of the path.
          const half = (lineWidth * Math.hypot(ctm[2], ctm[3])) / 2;
          y0 -= half;
          y1 += half;
        }
        if (x1 - x0 >= MIN_RULE_LENGTH && y1 - y0 <= MAX_RULE_THICKNESS && y1 - y0 > 0) {
          rules.push({ x0, x1, top: toTop(y1), bottom: toTop(y0), color: filled ? fill : stroke });
        }
      }
    }
    rules.sort((a, b) => a.top - b.top);

    // Text: pdfjs splits runs where the font changes; each item knows its font.
    const content = await page.getTextContent();
    const styles = content.styles as Record<string, { ascent?: number; descent?: number }>;
    const runs: PdfTextRun[] = [];
    for (const item of content.items) {
      if (!('str' in item) || !item.str) continue;
      const [a, b, c, d, e, f] = item.transform as number[];
      if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3) continue; // rotated text is no part of the layout
      const size = Math.abs(d) || Math.abs(a);
      const style = styles[item.fontName] ?? {};
      // pdfjs gives some embedded faces no usable ascent (NaN: a CFF punctuation face): the usual em box then.
      const ascent = Number.isFinite(style.ascent) ? style.ascent! : 0.88;
      const descent = Number.isFinite(style.descent) ? style.descent! : -0.12;
      const font = fontOf(item.fontName).name;
      const baseline = toTop(f);
      runs.push({ text: item.str, x: e - vx0, width: item.width, baseline, top: baseline - ascent * size, bottom: baseline - descent * size, size, font });
    }
    return { number, width: vx1 - vx0, height, runs, rules, glyphs };
  } finally {
    page.cleanup();
  }
}

/**
 * Reads the text runs and rules of a PDF's pages (all, or the listed 1-based
 * page numbers; negative numbers count from the end, -1 being the last), and
 * with `outline` its bookmarks too.
 * Throws a BdError naming `fileName` when the bytes are not a readable PDF.
 */
export async function readPdfGeometry(bytes: Uint8Array, options: { pages?: number[]; fileName?: string; outline?: boolean } = {}): Promise<PdfGeometry> {
  const name = options.fileName ?? 'The PDF';
  if (!new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).includes('%PDF-')) {
    throw new BdError('invalid-params', `${name} is not a PDF document (it has no PDF header).`, {
      field: 'file',
      detail: { messageZh: `${name} 不是 PDF 文件（没有 PDF 文件头）。` },
    });
  }
  const pdfjs = await loadPdfJs();
  const task = await openPdf(bytes);
  let doc: PdfDocument;
  try {
    doc = await task.promise;
  } catch (err) {
    // Releasing a document that never opened: the refusal below is what the caller needs.
    await task.destroy().catch(() => undefined);
    throw new BdError('invalid-params', `${name} is not a readable PDF (${(err as Error).message}).`, {
      field: 'file',
      detail: { messageZh: `${name} 是无法读取的 PDF 文件（已损坏或不完整）。` },
    });
  }
  try {
    const count = doc.numPages;
    const wanted = (options.pages ?? Array.from({ length: count }, (_, i) => i + 1))
      .map((n) => (n < 0 ? count + 1 + n : n))
      .filter((n, i, all) => n >= 1 && n <= count && all.indexOf(n) === i);
    const pages: PdfPageGeometry[] = [];
    for (const n of wanted) pages.push(await pageGeometry(pdfjs, doc, n));
    return { pageCount: count, pages, bookmarks: options.outline ? await readBookmarks(doc) : [] };
  } finally {
    await doc.destroy().catch((err) => log.warn('Could not release a PDF document', { err }));
  }
}
