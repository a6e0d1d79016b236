/**
 * Briefings nobody wrote by hand, for the export tests: a seeded generator
 * that varies the number of excerpts (1–12), their length (a line to a page),
 * sections, comments (none, one line, several paragraphs), summary, sources
 * list, 版记 and language (Chinese from the People's Daily sample, English
 * from the English import fixture). The same seed gives the same briefing.
 */
import { readFileSync } from 'node:fs';
import { BRIEFING_SCHEMA_VERSION, type Briefing, type Item } from '../../../common/briefing/model';
import { seededRandom as rng } from '../../../../bench/search/bench-corpus';

const zhText = readFileSync(new URL('../../../../resources/rmrb-2023-waic-ai-conference.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''))
  .filter((l) => l.length > 30)
  .join('');
const enText = readFileSync(new URL('../../../../tests/fixtures/import/english-waic.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.length > 80)
  .join(' ');

/** A briefing made from `seed`: its shape is described in `label`. */
export function generatedBriefing(seed: number, language: 'zh' | 'en'): { briefing: Briefing; label: string } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const text = language === 'zh' ? zhText : enText;
  // Lengths in characters: a line, a few lines, a paragraph, most of a page.
  const lengths = language === 'zh' ? [18, 40, 90, 160, 300, 520] : [40, 110, 260, 480, 900, 1500];
  const slice = (n: number) => {
    const start = Math.floor(r() * Math.max(1, text.length - n));
    let s = '';
    while (s.length < n) s += text.slice(start, start + n - s.length) || text;
    return s.trim();
  };
  const excerpts = 1 + Math.floor(r() * 12);
  const sections = Math.min(excerpts, 1 + Math.floor(r() * 4));
  const noteKinds = ['', 'short', 'long', 'list'] as const;
  const note = (kind: (typeof noteKinds)[number]) =>
    kind === ''
      ? ''
      : kind === 'short'
        ? slice(language === 'zh' ? 30 : 70)
        : kind === 'long'
          ? [slice(lengths[3]), slice(lengths[2])].join('\n\n')
          : `${slice(20)}\n\n- ${slice(30)}\n- ${slice(40)}\n- ${slice(25)}`;
  const items: Item[][] = Array.from({ length: sections }, () => []);
  const shape: string[] = [];
  for (let i = 0; i < excerpts; i++) {
    const len = pick(lengths);
    const nk = pick(noteKinds);
    shape.push(`${len}${nk ? nk[0] : ''}`);
    items[Math.floor((i * sections) / excerpts)].push({
      kind: 'highlight',
      id: `i-g-${i}`,
      annotationId: `a-g-${i}`,
      articleId: `art-${i % 3}`,
      quote: slice(len),
      note: note(nk),
      citation:
        language === 'zh'
          ? {
              source: pick(['人民日报', '新华社', '中国政府网']),
              title: pick(['世界人工智能大会磁场效应显现', '推动32个重大产业项目签约，项目投资总额288亿元']),
              published: '2023-07-10',
            }
          : {
              source: pick(['Reuters', 'Xinhua', 'Financial Times']),
              title: 'Shanghai AI Conference Signs 32 Major Industrial Projects',
              published: '2023-07-10',
            },
    });
  }
  const summary = r() < 0.5 ? slice(pick(lengths.slice(1, 4))) : '';
  const distributed = r() < 0.8;
  const sourcesList = r() < 0.5;
  const headingLong = r() < 0.3;
  const briefing: Briefing = {
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id: `b-gen-${seed}`,
    header: {
      title: language === 'zh' ? '人工智能产业发展动态' : 'Artificial intelligence industry update',
      organisation: language === 'zh' ? '市发展研究中心' : 'Policy Research Office',
      issueNumber: seed,
      date: '2023-07-12',
      publicationName: language === 'zh' ? '政策简报' : 'Policy Brief',
      language,
      sourcesList,
      ...(distributed
        ? {
            distribution:
              language === 'zh'
                ? { to: '市委、市政府领导同志', cc: '市发展改革委、市经济信息化委', issuedTo: '各区发展改革部门' }
                : { to: 'Office of the Mayor', cc: 'Development and Reform Commission' },
            copies: 30,
          }
        : {}),
    },
    summary,
    sections: items.map((its, s) => ({
      id: `s-g-${s}`,
      heading: headingLong ? slice(language === 'zh' ? 34 : 90) : language === 'zh' ? `第${s + 1}组动态` : `Developments, part ${s + 1}`,
      items: its,
    })),
    created: '2023-07-12T00:00:00.000Z',
    modified: '2023-07-12T00:00:00.000Z',
  };
  return {
    briefing,
    label: `seed ${seed} ${language}: ${sections} section(s), excerpts ${shape.join(' ')}${summary ? ', summary' : ''}${sourcesList ? ', sources' : ''}${distributed ? ', 版记' : ''}`,
  };
}
