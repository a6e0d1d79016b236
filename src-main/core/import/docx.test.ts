import { describe, expect, it } from 'vitest';
import { parseDocx } from './docx';
import { splitTableText } from '../../common/table-text';
import { BdError } from '../../common/errors';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';
import { emptyDocx, plainDocx, sampleArticle, styledDocx } from '../../../tests/fixtures/import/make-docx';
import { storedZip } from '../../../tests/fixtures/import/zip';

const sample = sampleArticle();
const SAMPLE_PARAGRAPHS = sample.body.filter((l) => !l.heading).map((l) => l.text);
const HEADINGS = sample.body.filter((l) => l.heading).map((l) => l.text);

async function refusal(bytes: Uint8Array, name: string): Promise<BdError> {
  try {
    await parseDocx(bytes, name);
  } catch (err) {
    expect(err).toBeInstanceOf(BdError);
    return err as BdError;
  }
  throw new Error(`${name} was not refused`);
}

describe('DOCX importer, styled document (Title, Subtitle, Heading 1/2, lists, Quote, table)', async () => {
  const article = await parseDocx(await styledDocx(), 'rmrb-waic-styled.docx');

  it('is well formed, titled by the Title style', () => {
    expectWellFormed(article);
    expect(article.meta.title).toBe(sample.title);
    expect(article.blocks.slice(0, 4).map((b) => [b.kind, article.text.slice(b.start, b.end)])).toEqual([
      ['title', sample.title],
      ['subtitle', sample.subtitle],
      ['lead-label', '核心阅读'],
      ['lead', sample.lead],
    ]);
  });

  it('keeps heading levels from Heading 1 and Heading 2', () => {
    const headings = article.blocks.filter((b) => b.kind === 'heading').map((b) => [article.text.slice(b.start, b.end), b.level]);
    expect(headings).toEqual([
      [HEADINGS[0], 1],
      ['五个方面', 2],
      [HEADINGS[1], 1],
      [HEADINGS[2], 1],
    ]);
  });

  it('keeps every paragraph, the numbered and bulleted lists, the quotation and the table', () => {
    expect(textsOf(article, 'paragraph')).toEqual(SAMPLE_PARAGRAPHS);
    // Word's automatic numbers (%1.) are written into the text; bullets are not.
    expect(textsOf(article, 'list-item')).toEqual([
      '1. 加强政策引导',
      '2. 夯实产业底座',
      '3. 拓展应用场景',
      '4. 完善生态体系',
      '5. 深化国际合作',
      '智能芯片',
      '开发框架',
    ]);
    expect(textsOf(article, 'quote')).toEqual(['“下肢运动障碍的患者，可以在进行早期功能训练的时候使用我们的设备。”']);
    expect(splitTableText(textsOf(article, 'table')[0])).toEqual([
      ['指标', '数值'],
      ['参会嘉宾', '1400余名'],
      ['参展企业', '超400家'],
      ['签约重大产业项目', '32个'],
      ['项目投资总额', '288亿元'],
    ]);
  });
});

describe('DOCX importer, document typed in the Normal style', async () => {
  const article = await parseDocx(await plainDocx(), 'rmrb-waic-plain.docx');

  it('takes the bold first line as title and the next short line as subtitle', () => {
    expectWellFormed(article);
    expect(article.blocks.slice(0, 2).map((b) => b.kind)).toEqual(['title', 'subtitle']);
    expect(article.meta).toMatchObject({ title: sample.title, subtitle: sample.subtitle });
  });

  it('reads the edition and reporter lines into meta, not into the text', () => {
    expect(article.meta).toMatchObject({ source: '人民日报', published: '2023-07-10', author: '李四' });
    expect(article.text).not.toContain('《人民日报》');
    expect(article.text).not.toContain('本报记者');
  });

  it('reads bold section heads as headings', () => {
    expect(textsOf(article, 'heading')).toEqual(HEADINGS);
    expect(textsOf(article, 'paragraph')).toEqual(SAMPLE_PARAGRAPHS);
  });
});

describe('DOCX importer refuses what it cannot read, naming the file', () => {
  it('a truncated document', async () => {
    const whole = await styledDocx();
    const err = await refusal(whole.slice(0, Math.floor(whole.length / 2)), '简报素材.docx');
    expect(err.code).toBe('refused');
    expect(err.message).toMatch(/^简报素材\.docx is not a readable Word document \(the file is damaged or incomplete\)\. .*save it again as \.docx/);
  });

  it('bytes that are not a ZIP at all', async () => {
    const err = await refusal(new TextEncoder().encode('这不是一个Word文档，只是一段文字。'), 'notes.docx');
    expect(err.message).toMatch(/^notes\.docx is not a readable Word document \(/);
  });

  it('a ZIP without a Word document part', async () => {
    const err = await refusal(storedZip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), 'figures.docx');
    expect(err.message).toMatch(/^figures\.docx is not a readable Word document \(it has no Word document part\)/);
  });

  it('a document part that is not XML', async () => {
    const bytes = storedZip({
      '[Content_Types].xml':
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      '_rels/.rels':
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      'word/document.xml': '<w:document><w:body><w:p>unclosed',
    });
    const err = await refusal(bytes, 'broken.docx');
    expect(err.message).toMatch(/^broken\.docx is not a readable Word document \(/);
  });

  it('a document without text', async () => {
    const err = await refusal(await emptyDocx(), 'blank.docx');
    expect(err.message).toMatch(/^blank\.docx contains no text to import/);
  });

  it('an empty file', async () => {
    const err = await refusal(new Uint8Array(0), 'zero.docx');
    expect(err.message).toBe('zero.docx is empty; there is nothing to import.');
  });
});
