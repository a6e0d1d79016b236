/**
 * A quote written with compatibility forms (full-width digits and Latin,
 * half-width katakana, compatibility ideographs, the ideographic space) is
 * found in a text written with the ordinary forms, and the other way round;
 * offsets come back in the original text.
 */
import { describe, expect, it } from 'vitest';
import type { Selector } from '../annotation';
import { anchor } from './anchor';
import { normalizeWithMap } from './nfkc-map';

const quote = (exact: string, prefix = '', suffix = ''): Selector[] => [{ type: 'TextQuoteSelector', exact, prefix, suffix }];

describe('anchoring across compatibility forms (NFKC)', () => {
  it.each([
    [
      'full-width digits in the quote',
      '各地要加大力度，全年诊断企业不少于5000家，培育一批专精特新企业。',
      '全年诊断企业不少于５０００家',
      '全年诊断企业不少于5000家',
    ],
    ['full-width digits in the text', '全年诊断企业不少于５０００家，培育一批专精特新企业。', '全年诊断企业不少于5000家', '全年诊断企业不少于５０００家'],
    ['full-width Latin letters and digits', '发展ＡＩ产业，建设５Ｇ基站，推进数字化。', 'AI产业，建设5G基站', 'ＡＩ产业，建设５Ｇ基站'],
    ['half-width katakana', '会議ではｶﾞｽ料金の値上げについて議論した。', 'ガス料金の値上げ', 'ｶﾞｽ料金の値上げ'],
    ['a compatibility ideograph (U+F9D1 for 六)', '第\uF9D1條\u3000本法依據憲法制定。', '第六條', '第\uF9D1條'],
    ['ideographic space against a space', '中国人民银行　发布公告：下调存款准备金率0.25个百分点', '中国人民银行 发布公告', '中国人民银行　发布公告'],
    ['a short quote that is all full-width digits', '数据显示，同比增长12.5%，环比持平。', '１２．５％', '12.5%'],
  ])('%s', (_name, text, exact, passage) => {
    const r = anchor(text, quote(exact));
    expect(r.status).not.toBe('orphan');
    if (r.status !== 'orphan') expect(text.slice(r.start, r.end)).toBe(passage);
  });

  it('keeps the figures rule: full-width 5000 against 500 is another fact', () => {
    expect(anchor('全年诊断企业不少于500家，培育一批专精特新企业。', quote('全年诊断企业不少于５０００家'))).toEqual({ status: 'orphan', reason: 'not-found' });
  });

  it('uses the context written in either form to choose between repeated phrases', () => {
    const text = '第一季度，营收增长８％。第二季度，营收增长８％。';
    const r = anchor(text, quote('营收增长8%', '第二季度，', '。'));
    expect(r.status).not.toBe('orphan');
    if (r.status !== 'orphan') expect(r.start).toBe(text.lastIndexOf('营收增长'));
  });

  it('maps every normalised offset back to the original', () => {
    const text = 'Ａ１ｶﾞ\u3000𠮷\uF9D1x';
    const n = normalizeWithMap(text);
    expect(n.text).toBe('A1ガ 𠮷\u516Dx'.replace('\u516D', '\uF9D1'.normalize('NFKC')));
    for (let i = 0; i <= n.text.length; i++) {
      expect(n.toOriginalStart(i)).toBeGreaterThanOrEqual(0);
      expect(n.toOriginalStart(i)).toBeLessThanOrEqual(text.length);
    }
    const ga = n.text.indexOf('ガ');
    expect(text.slice(n.toOriginalStart(ga), n.toOriginalEnd(ga + 1))).toBe('ｶﾞ');
    expect(n.fromOriginal(text.indexOf('𠮷'))).toBe(n.text.indexOf('𠮷'));
  });
});
