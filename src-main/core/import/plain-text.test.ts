import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHeadingLine, parsePlainText } from './plain-text';
import { expectWellFormed, textsOf } from '../../../tests/fixtures/import/article-invariants';

const SAMPLE = readFileSync(resolve(__dirname, '../../../resources/rmrb-2023-waic-ai-conference.txt'), 'utf8');

describe("plain-text importer on the People's Daily sample", () => {
  const article = parsePlainText(SAMPLE, 'rmrb-2023-waic-ai-conference.txt');

  it('keeps the newspaper layout', () => {
    expectWellFormed(article);
    expect(article.meta.title).toBe('推动32个重大产业项目签约，项目投资总额288亿元');
    expect(article.meta.subtitle).toBe('世界人工智能大会磁场效应显现');
    expect(textsOf(article, 'lead-label')).toEqual(['核心阅读']);
    expect(textsOf(article, 'lead')).toHaveLength(1);
    expect(textsOf(article, 'heading')).toEqual(['人工智能应用场景加速拓展', '构建人工智能时代算力底座', '深度交流为行业高质量发展集聚众智']);
    expect(textsOf(article, 'paragraph')).toHaveLength(18);
  });

  it('finds no byline metadata in a text that has none', () => {
    expect(article.meta).toEqual({ title: '推动32个重大产业项目签约，项目投资总额288亿元', subtitle: '世界人工智能大会磁场效应显现' });
  });
});

describe('plain-text importer with bylines', () => {
  it('reads the edition line and the reporter line, and never makes them title or heading', () => {
    const text = [
      '推动32个重大产业项目签约，项目投资总额288亿元',
      '世界人工智能大会磁场效应显现',
      '本报记者 李四',
      '',
      '　　7月6日至8日，2023世界人工智能大会在上海举办。1400余名嘉宾参会，参展企业超400家。',
      '　　人工智能应用场景加速拓展',
      '　　当前，我国人工智能核心产业规模达到5000亿元，企业数量超过4300家。',
      '《人民日报》（2023年07月10日 第01版）',
    ].join('\n');
    const article = parsePlainText(text, 'waic.txt');
    expectWellFormed(article);
    expect(article.meta).toMatchObject({ title: '推动32个重大产业项目签约，项目投资总额288亿元', author: '李四' });
    expect(textsOf(article, 'heading')).toEqual(['人工智能应用场景加速拓展']);
    expect(article.meta).toMatchObject({ source: '人民日报', published: '2023-07-10' });
    expect(article.text).not.toContain('《人民日报》');
    expect(article.text).not.toContain('本报记者');
  });

  it('reads a leading edition line into metadata and takes the title from the next line', () => {
    const text = [
      '《人民日报》（2023年07月10日 第01版）',
      '推动32个重大产业项目签约，项目投资总额288亿元',
      '世界人工智能大会磁场效应显现',
      '',
      '　　7月6日至8日，2023世界人工智能大会在上海举办。',
    ].join('\n');
    const article = parsePlainText(text, 'waic.txt');
    expectWellFormed(article);
    expect(article.blocks.map((b) => b.kind)).toEqual(['title', 'subtitle', 'paragraph']);
    expect(article.meta).toMatchObject({
      title: '推动32个重大产业项目签约，项目投资总额288亿元',
      subtitle: '世界人工智能大会磁场效应显现',
      source: '人民日报',
      published: '2023-07-10',
    });
  });

  it('reads a Xinhua dateline at the start of the first paragraph', () => {
    const text = '人工智能大会闭幕\n\n　　新华社上海7月8日电（记者 张三）2023世界人工智能大会8日在上海闭幕。';
    expect(parsePlainText(text, 'xinhua.txt').meta).toMatchObject({ source: '新华社', region: '上海', author: '张三' });
  });

  it.each([
    ['本报北京7月6日电 记者 李四', false],
    ['2023年7月6日', false],
    ['By Jane Doe', false],
    ['人工智能应用场景加速拓展', true],
  ])('isHeadingLine(%s) → %s', (line, expected) => {
    expect(isHeadingLine(line)).toBe(expected);
  });
});
