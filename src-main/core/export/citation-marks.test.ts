/**
 * Citations of titles that hold their own book-title marks print with the
 * inner marks as 〈〉 (GB/T 15834-2011 §4.15) in every export format.
 */
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import mammoth from 'mammoth';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';
import { briefingToMarkdown } from '../../common/briefing/to-markdown';
import type { Briefing } from '../../common/briefing/model';
import { briefingToDocx } from './docx';
import { briefingToHtml } from './html';

const CASES = [
  ['工业和信息化部关于印发《算力基础设施高质量发展行动计划》的通知', '——《工业和信息化部关于印发〈算力基础设施高质量发展行动计划〉的通知》'],
  ['《数据安全法》与《个人信息保护法》的衔接', '——《〈数据安全法〉与〈个人信息保护法〉的衔接》'],
  ['学习〈论十大关系〉札记', '——《学习〈论十大关系〉札记》'],
] as const;

function briefingCiting(title: string): Briefing {
  const b = waicBriefing();
  for (const section of b.sections)
    for (const item of section.items) if (item.kind === 'highlight') item.citation = { title, source: '人民日报', published: '2024-05-06' };
  return b;
}

describe.each(CASES)('citation of %s', (title, expected) => {
  it('is nested correctly in Markdown', () => {
    const md = briefingToMarkdown(briefingCiting(title));
    expect(md).toContain(`${expected}，人民日报，2024年5月6日`);
    expect(md).not.toMatch(/《[^》〉]*《/);
  });

  it('is nested correctly in HTML (and so in the PDF printed from it)', () => {
    const doc = new JSDOM(briefingToHtml(briefingCiting(title), { template: 'gbt9704' })).window.document;
    const text = (doc.body.textContent ?? '').replace(/\s+/g, '');
    expect(text).toContain(`${expected}，人民日报，2024年5月6日`);
    if (title.includes('《')) expect(text).not.toContain(`《${title}》`);
  });

  it('is nested correctly in Word', async () => {
    const bytes = await briefingToDocx(briefingCiting(title), { template: 'modern' });
    const raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value.replace(/\s+/g, '');
    expect(raw).toContain(`${expected}，人民日报，2024年5月6日`);
  });
});
