import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropRunningLines, findGutter, isPageNumber, joinLines, linesFromRuns, parsePdf, readingOrder, type PdfLine, type PdfPage } from './pdf';
import { BdError } from '../../common/errors';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';
import { sampleArticle } from '../../../tests/fixtures/import/make-docx';

// The PDFs are made by tests/fixtures/import/generate-pdf-fixtures.mjs (Chromium); see there.
const FIXTURES = resolve(__dirname, '../../../tests/fixtures/import');
const pdf = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));

const sample = sampleArticle();
const SAMPLE_PARAGRAPHS = sample.body.filter((l) => !l.heading).map((l) => l.text);
const HEADINGS = sample.body.filter((l) => l.heading).map((l) => l.text);
/** tests/fixtures/import/english-waic.txt: title, subtitle, then paragraphs and short headings. */
const ENGLISH = readFileSync(resolve(FIXTURES, 'english-waic.txt'), 'utf8')
  .trim()
  .split('\n')
  .filter((l) => l.trim());
const ENGLISH_PARAGRAPHS = ENGLISH.slice(2).filter((l) => l.length >= 60);

async function refusal(bytes: Uint8Array, name: string): Promise<BdError> {
  try {
    await parsePdf(bytes, name);
  } catch (err) {
    expect(err).toBeInstanceOf(BdError);
    return err as BdError;
  }
  throw new Error(`${name} was not refused`);
}

describe("PDF importer: People's Daily sample on four A5 pages (rmrb-waic.pdf)", async () => {
  const article = await parsePdf(pdf('rmrb-waic.pdf'), 'rmrb-waic.pdf');

  it('is well formed with title, subtitle and lead', () => {
    expectWellFormed(article);
    expect(article.blocks.slice(0, 4).map((b) => [b.kind, article.text.slice(b.start, b.end)])).toEqual([
      ['title', sample.title], // set on two lines in the PDF
      ['subtitle', sample.subtitle],
      ['lead-label', '核心阅读'],
      ['lead', sample.lead],
    ]);
  });

  it('rebuilds every paragraph exactly: Chinese lines joined without spaces, across page breaks', () => {
    expect(textsOf(article, 'paragraph').slice(0, SAMPLE_PARAGRAPHS.length)).toEqual(SAMPLE_PARAGRAPHS);
  });

  it('finds the section heads by their type size', () => {
    expect(textsOf(article, 'heading')).toEqual([...HEADINGS, 'English summary']);
  });

  it('rejoins the hyphenated English passage', () => {
    const english = readFileSync(resolve(FIXTURES, 'english-waic.txt'), 'utf8')
      .split(/\n\s*\n/)[1]
      .trim();
    expect(textsOf(article, 'paragraph').at(-1)).toBe(english);
  });

  it('drops the running head and the page numbers, and reads the date from the head', () => {
    expect(article.text).not.toMatch(/星期一|要闻|— \d —/);
    expect(article.meta).toMatchObject({ source: '人民日报', published: '2023-07-10' });
  });
});

describe('PDF importer: English brief on Letter pages (english-waic.pdf)', async () => {
  const article = await parsePdf(pdf('english-waic.pdf'), 'english-waic.pdf');

  it('reads title, subtitle, headings and paragraphs', () => {
    expectWellFormed(article);
    expect(article.meta.title).toBe(ENGLISH[0]);
    expect(article.meta.subtitle).toBe(ENGLISH[1]);
    expect(textsOf(article, 'heading')).toEqual(['Application scenarios are expanding', 'Building the computing foundation']);
  });

  it('joins English lines with spaces and rejoins words broken with a hyphen', () => {
    expect(textsOf(article, 'paragraph')).toEqual(ENGLISH_PARAGRAPHS);
  });

  it('drops "Page N of M" footers and the running head', () => {
    expect(article.text).not.toMatch(/Page \d of \d|Briefing Desk test brief/);
  });
});

describe('PDF importer refuses what it cannot read, naming the file', () => {
  it('a scan without a text layer', async () => {
    const err = await refusal(pdf('scanned-page.pdf'), '扫描件.pdf');
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(/^扫描件\.pdf has no text layer \(it is a scanned image\); run OCR first/);
  });

  it('a truncated file', async () => {
    const whole = pdf('rmrb-waic.pdf');
    const err = await refusal(whole.slice(0, Math.floor(whole.length * 0.6)), 'report.pdf');
    expect(err.message).toMatch(/^report\.pdf is incomplete .*get a complete copy/);
  });

  it('a damaged file', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> garbage garbage\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const err = await refusal(junk, 'damaged.pdf');
    expect(err.message).toMatch(/^damaged\.pdf is not a readable PDF \(the file is damaged or incomplete\)/);
  });

  it('bytes without a PDF header', async () => {
    const err = await refusal(new TextEncoder().encode('人工智能产业规模达到5000亿元'), 'text.pdf');
    expect(err.message).toMatch(/^text\.pdf is not a PDF document/);
  });

  it('an empty file', async () => {
    const err = await refusal(new Uint8Array(0), 'zero.pdf');
    expect(err.message).toBe('zero.pdf is empty; there is nothing to import.');
  });
});

describe('PDF text reconstruction', () => {
  it.each([
    ['1', true],
    ['- 2 -', true],
    ['— 3 —', true],
    ['－ 12 －', true],
    ['第 4 页', true],
    ['第4页 共10页', true],
    ['Page 5', true],
    ['Page 5 of 9', true],
    ['5 / 9', true],
    ['iv', true],
    ['第一章 总则', false],
    ['人工智能应用场景加速拓展', false],
    ['4.4万亿元', false],
    ['Page five', false],
  ])('isPageNumber(%s) → %s', (text, expected) => {
    expect(isPageNumber(text)).toBe(expected);
  });

  it.each([
    [
      ['当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300', '家，智能芯片、开发框架等创新成果不断涌现。'],
      '当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家，智能芯片、开发框架等创新成果不断涌现。',
    ],
    [['The conference matched 210 upstream and', 'downstream companies.'], 'The conference matched 210 upstream and downstream companies.'],
    [['artificial intel-', 'ligence applications'], 'artificial intelligence applications'],
    [['artificial intel\u2010', 'ligence'], 'artificial intelligence'],
    [['the Sino-', 'American talks'], 'the Sino-American talks'],
    [['the 2023-', '2025 plan'], 'the 2023-2025 plan'],
    [['会上发布的数据显示，目前我国超算、智算、云算协同发力，使用', 'AI技术的企业'], '会上发布的数据显示，目前我国超算、智算、云算协同发力，使用AI技术的企业'],
    [['worth 4.4 trillion', '元'], 'worth 4.4 trillion元'],
  ])('joinLines %#', (lines, expected) => {
    expect(joinLines(lines)).toBe(expected);
  });

  it('groups runs into lines and skips rotated watermarks', () => {
    const run = (str: string, x: number, y: number, width: number, rotated = false) => ({
      str,
      transform: rotated ? [7, 7, -7, 7, x, y] : [10, 0, 0, 10, x, y],
      width,
    });
    const lines = linesFromRuns(
      [
        run('人工智能', 50, 700, 40),
        run('应用场景', 90, 700, 40),
        run('内部资料', 200, 400, 80, true),
        run('The', 50, 680, 18),
        run(' ', 68, 680, 3),
        run('conference', 71, 680, 50),
        run('matched', 124, 680, 40),
      ],
      1,
    );
    expect(lines.map((l) => l.text)).toEqual(['人工智能应用场景', 'The conference matched']);
  });

  it('drops running heads, footers and page numbers, keeps body lines that merely repeat', () => {
    const line = (text: string, page: number, y: number): PdfLine => ({ text, page, x: 50, y, right: 300, size: 10 });
    const pages: PdfPage[] = [1, 2, 3].map((n) => ({
      width: 420,
      height: 600,
      lines: [
        line(`人民日报 2023年7月10日 第0${n}版`, n, 580),
        line('核心阅读', n, 400),
        line(`正文第${n}页`, n, 300),
        line(n === 2 ? '第 2 页' : `— ${n} —`, n, 20),
      ],
    }));
    const { pages: kept, removed } = dropRunningLines(pages);
    expect(kept.map((p) => p.map((l) => l.text))).toEqual([
      ['核心阅读', '正文第1页'],
      ['核心阅读', '正文第2页'],
      ['核心阅读', '正文第3页'],
    ]);
    expect(removed).toEqual(['人民日报 2023年7月10日 第01版', '人民日报 2023年7月10日 第02版', '人民日报 2023年7月10日 第03版']);
  });
});

describe('columns: a gutter only where two columns stand side by side', () => {
  const at = (text: string, x: number, y: number, right: number, size = 10): PdfLine => ({ text, page: 1, x, y, right, size });
  /** A page 420 pt wide, body from x 40 to 380, leading 15 pt. */
  const page = (lines: PdfLine[]): PdfPage => ({ width: 420, height: 600, lines });

  it('single column: indented first lines, a centred title and short last lines make no gutter', () => {
    const lines: PdfLine[] = [at('标题', 150, 560, 270, 18)];
    for (let k = 0; k < 20; k++) {
      const y = 520 - k * 15;
      const first = k % 4 === 0;
      const last = k % 4 === 3;
      lines.push(at(`正文${k}`, first ? 60 : 40, y, last ? 150 : 380));
    }
    expect(findGutter(page(lines))).toBeUndefined();
    expect(readingOrder(page(lines))).toEqual(lines);
  });

  it('single column: a two-column table (label | value rows on one baseline, each a line) makes no gutter', () => {
    const lines: PdfLine[] = [];
    for (let k = 0; k < 12; k++) lines.push(at(`指标${k}　　${k * 100}亿元`, 40, 520 - k * 15, 300));
    expect(findGutter(page(lines))).toBeUndefined();
  });

  it('single column: a right-set 落款 under full-width paragraphs makes no gutter', () => {
    const lines: PdfLine[] = [];
    for (let k = 0; k < 10; k++) lines.push(at(`正文${k}`, 40, 520 - k * 15, 380));
    lines.push(at('国家能源局', 300, 350, 380), at('2024年5月28日', 290, 335, 380), at('国家能源局', 300, 300, 380), at('2024年5月29日印发', 280, 285, 380));
    expect(findGutter(page(lines))).toBeUndefined();
  });

  it('two columns under a full-width title are read column by column, the right column moved onto the left margin', () => {
    const lines: PdfLine[] = [at('标题', 100, 560, 320, 18)];
    for (let k = 0; k < 8; k++) lines.push(at(`左${k}`, 40, 520 - k * 15, 200));
    for (let k = 0; k < 8; k++) lines.push(at(`右${k}`, 220, 520 - k * 15, 380));
    lines.push(at('（此件公开发布）', 40, 380, 120));
    // Content order interleaved (each baseline left then right), as some producers write it.
    const interleaved = [lines[0], ...lines.slice(1, 17).sort((a, b) => b.y - a.y || a.x - b.x), lines[17]];
    expect(findGutter(page(interleaved))).toBe(219);
    const ordered = readingOrder(page(interleaved));
    expect(ordered.map((l) => l.text)).toEqual([
      '标题',
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => `左${k}`),
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((k) => `右${k}`),
      '（此件公开发布）',
    ]);
    expect(ordered.filter((l) => l.column === 1).every((l) => l.x === 40 && l.right === 200)).toBe(true);
  });
});

describe('bytes arriving as a Node Buffer (file read, base64 from the API)', () => {
  it('imports the same as a Uint8Array', async () => {
    const buffer = readFileSync(resolve(FIXTURES, 'english-waic.pdf'));
    const fromBase64 = Buffer.from(buffer.toString('base64'), 'base64');
    const parsed = await parsePdf(fromBase64, 'english-waic.pdf');
    expect(parsed.meta.title).toBe('Shanghai AI Conference Signs 32 Major Industrial Projects');
    expect(parsed.text).toBe((await parsePdf(new Uint8Array(buffer), 'english-waic.pdf')).text);
  });
});
