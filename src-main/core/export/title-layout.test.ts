/**
 * A long Chinese title breaks at the same places in the PDF and the Word file, and only between
 * words: never inside a word the segmenter split (新|能源), never inside a book title 《…》 that
 * fits a line; a book title inside another prints its inner marks as 〈…〉 (GB/T 15834 §4.15) in
 * every format. The PDF is the real exporter's through Chromium; the Word file is seen as a reader
 * of it would, converted to PDF by LibreOffice; both are read with poppler (`pdftotext -bbox`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing, TemplateName } from '../../common/briefing/model';
import { buildOutline } from '../../common/briefing/outline';
import { dataPolicyBriefing } from './testing/generated-briefings';
import { exportBriefing } from './export';
import { ChromiumPdfPrinter } from './pdf';
import { pdfBbox, pdfSkipReason, squash, type BboxWord } from '../../../tests/support/poppler';
import { officeToPdf, soffice } from '../../../tests/support/office';

/** Titles, each with the words no line may break inside (besides every book title that fits a line). */
const TITLES: { title: string; words: string[] }[] = [
  { title: '关于推动新能源汽车产业高质量发展的若干意见', words: ['新能源', '汽车', '高质量', '若干'] },
  { title: '学习贯彻《中华人民共和国数据安全法》推动数据要素市场化配置改革', words: ['数据要素', '市场化'] },
  { title: '关于印发《促进人工智能产业高质量发展行动计划（2025—2027年）》的通知', words: ['人工智能', '高质量', '2027年'] },
  { title: '关于转发《国务院关于印发《新一代人工智能发展规划》的通知》的通知', words: ['新一代', '人工智能'] },
  { title: '2025年全国新能源汽车下乡活动实施方案暨充换电基础设施建设三年行动计划', words: ['2025年', '新能源', '充换电', '基础设施', '三年'] },
];

function briefingWith(title: string, i: number): Briefing {
  const b = dataPolicyBriefing(1);
  return { ...b, id: `b-title-${i}`, header: { ...b.header, title } };
}

/** The lines the printed title is set in: the run of page 1's lines that make up the outline's title. */
function titleLinesOf(words: BboxWord[], title: string): string[] | null {
  const lines: { top: number; bottom: number; text: string }[] = [];
  for (const w of words.filter((x) => x.page === 1).sort((a, b) => (a.yMin + a.yMax) / 2 - (b.yMin + b.yMax) / 2 || a.xMin - b.xMin)) {
    const line = lines.at(-1);
    if (line && Math.min(line.bottom, w.yMax) - Math.max(line.top, w.yMin) > 0.5 * Math.min(line.bottom - line.top, w.yMax - w.yMin)) {
      line.text += w.text;
      line.top = Math.min(line.top, w.yMin);
      line.bottom = Math.max(line.bottom, w.yMax);
    } else lines.push({ top: w.yMin, bottom: w.yMax, text: w.text });
  }
  for (const l of lines) l.text = squash(l.text);
  const want = squash(title);
  for (let i = 0; i < lines.length; i++) {
    let acc = '';
    for (let n = i; n < lines.length && want.startsWith(acc + lines[n].text); n++) {
      acc += lines[n].text;
      if (acc === want) return lines.slice(i, n + 1).map((l) => l.text);
    }
  }
  return null;
}

/** Where `lines` break `title`, as `before|after` for every break that falls inside a word of `words` or inside a book title that fits a line. */
function badBreaks(lines: string[], title: string, words: string[], maxChars: number): string[] {
  const bad: string[] = [];
  let at = 0;
  const spans: [number, number][] = [];
  for (let i = title.indexOf('《'); i >= 0; i = title.indexOf('《', i + 1)) {
    let depth = 0;
    for (let k = i; k < title.length; k++) {
      if ('《〈'.includes(title[k])) depth++;
      else if ('》〉'.includes(title[k]) && --depth === 0) {
        if (k - i + 1 <= maxChars) spans.push([i, k]);
        break;
      }
    }
  }
  for (const line of lines.slice(0, -1)) {
    at += line.length;
    const split = (a: number, b: number) => at > a && at < b;
    for (const w of words)
      for (let i = title.indexOf(w); i >= 0; i = title.indexOf(w, i + 1)) if (split(i, i + w.length)) bad.push(`${title.slice(0, at)}|${title.slice(at)}`);
    for (const [a, b] of spans) if (split(a, b + 1)) bad.push(`${title.slice(0, at)}|${title.slice(at)} (in ${title.slice(a, b + 1)})`);
  }
  return bad;
}

const skip = pdfSkipReason() ?? (soffice() ? null : 'LibreOffice not installed (apt-get install -y libreoffice-writer-nogui)');
if (skip) console.log(`SKIPPED: title line tests (${skip})`);

describe.skipIf(skip !== null)('a long title breaks between words, the same in the PDF and the Word file', () => {
  const templates: TemplateName[] = ['gbt9704', 'modern'];
  let dir: string;
  const pdf = new Map<string, Uint8Array>();
  const word = new Map<string, Uint8Array>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-title-'));
    const printer = new ChromiumPdfPrinter();
    const files: string[] = [];
    try {
      for (const template of templates)
        for (const [i, { title }] of TITLES.entries()) {
          const b = briefingWith(title, i);
          pdf.set(`${template}-${i}`, (await exportBriefing(b, { format: 'pdf', template, printer })).bytes);
          const file = join(dir, `${template}-${i}.docx`);
          writeFileSync(file, (await exportBriefing(b, { format: 'docx', template })).bytes);
          files.push(file);
        }
    } finally {
      await printer.close();
    }
    officeToPdf(files, dir, join(dir, 'profile'));
    for (const template of templates)
      for (const i of TITLES.keys()) word.set(`${template}-${i}`, new Uint8Array(readFileSync(join(dir, `${template}-${i}.pdf`))));
  }, 400_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const template of templates)
    it.each(TITLES.map((t, i) => ({ ...t, i })))(`${template}: $title`, ({ title, words, i }) => {
      const printed = buildOutline(briefingWith(title, i), template).title;
      const inPdf = titleLinesOf(pdfBbox(pdf.get(`${template}-${i}`)!).words, printed);
      const inWord = titleLinesOf(pdfBbox(word.get(`${template}-${i}`)!).words, printed);
      console.log(`${template}: PDF ${inPdf?.join(' | ')}; Word ${inWord?.join(' | ')}`);
      expect(inPdf, `PDF title of ${printed}`).not.toBeNull();
      expect(inWord, `Word title of ${printed}`).not.toBeNull();
      // A line holds about 20 characters of the title's size.
      expect(badBreaks(inPdf!, printed, words, 20), 'PDF').toEqual([]);
      expect(badBreaks(inWord!, printed, words, 20), 'Word').toEqual([]);
      expect(inWord, 'Word lines = PDF lines').toEqual(inPdf);
    });

  it('a book title inside another prints its marks as 〈…〉 in every format', async () => {
    const b = briefingWith(TITLES[3].title, 3);
    const inner = '〈新一代人工智能发展规划〉';
    expect(buildOutline(b, 'gbt9704').title).toBe('关于转发《国务院关于印发〈新一代人工智能发展规划〉的通知》的通知');
    for (const format of ['md', 'html'] as const) {
      const text = new TextDecoder().decode((await exportBriefing(b, { format, template: 'gbt9704' })).bytes);
      expect(text.replace(/<wbr>/g, ''), format).toContain(inner);
      expect(text.replace(/<wbr>/g, ''), format).not.toContain('《新一代');
    }
    for (const [name, bytes] of [
      ['PDF', pdf.get('gbt9704-3')!],
      ['Word', word.get('gbt9704-3')!],
    ] as const) {
      const page1 = squash(
        pdfBbox(bytes)
          .words.filter((w) => w.page === 1)
          .map((w) => w.text)
          .join(''),
      );
      expect(page1, name).toContain(inner);
    }
  });
});
