/**
 * Briefings for the page-breaking tests, made rather than written: `generatedBriefing` varies, from
 * a seed, the number of excerpts (1–12), their length (a line to a page), sections, comments,
 * summary, sources list, 版记 and language; `dataPolicyBriefing` is the briefing a fresh-user test
 * printed. Used by `pagination.test.ts` (PDF pages) and `preview-pages.test.ts` (the preview's pages).
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

/**
 * The briefing a fresh-user test printed in three pages (the last section carried whole to page 3
 * by its 版记): three sections of one short excerpt each, one in English, a summary, 报/送/发.
 * `excerpts` keeps the first n.
 */
export function dataPolicyBriefing(excerpts = 3): Briefing {
  const gov = { source: '国务院办公厅', title: '国务院办公厅关于加快推进算力基础设施高质量发展的通知', published: '2025-06-04' };
  const xh = { source: '新华网 记者 李明 王芳', title: '我国数字经济规模突破55万亿元 数字产业化稳步推进', published: '2025-05-20' };
  const eu = { source: '', title: 'EU Adopts AI Act Implementation Guidelines for General-Purpose Models', published: '2025-05-14' };
  const hl = (id: string, quote: string, note: string, citation: typeof gov): Item => ({
    kind: 'highlight',
    id,
    annotationId: `a-${id}`,
    articleId: `art-${citation.title.length}`,
    quote,
    note,
    citation,
  });
  const sections = [
    {
      id: 's-dp-1',
      heading: gov.title,
      items: [
        hl('i-dp-1', '引导东部地区数据向西部枢纽有序迁移', '', gov),
        hl('i-dp-2', '鼓励默认采用液冷等先进节能技术', '需核实液冷技术的推广比例，见附表；默认 ≠ 强制。', gov),
      ],
    },
    {
      id: 's-dp-2',
      heading: xh.title,
      items: [hl('i-dp-3', '2024年我国数字经济规模突破55万亿元', '核心数据，建议写入摘要。', xh), hl('i-dp-4', '全国在用算力中心标准机架超过880万架', '', xh)],
    },
    {
      id: 's-dp-3',
      heading: eu.title,
      items: [hl('i-dp-5', 'compliance costs could reach EUR 400 million annually', 'Verify the EUR 400m figure — source?', eu)],
    },
  ];
  let left = excerpts;
  return {
    schemaVersion: BRIEFING_SCHEMA_VERSION,
    id: `b-dp-${excerpts}`,
    header: {
      title: '算力与数据要素动态',
      organisation: '国家数据战略研究室',
      issueNumber: 12,
      date: '2026-12-01',
      classification: '内部资料　注意保存',
      publicationName: '算力动态',
      distribution: { to: '委领导', cc: '各司局，各直属单位', issuedTo: '本室各处' },
      copies: 40,
    },
    summary: '本期聚焦算力基础设施与数字经济：\n\n1. 国办部署算力布局；\n2. 数字经济规模突破55万亿元；\n3. 欧盟AI法案实施指南。',
    sections: sections.map((sec) => ({ ...sec, items: sec.items.filter((it) => it.kind === 'highlight' && left-- > 0) })).filter((sec) => sec.items.length > 0),
    created: '2026-12-01T00:00:00.000Z',
    modified: '2026-12-01T00:00:00.000Z',
  };
}

/**
 * `dataPolicyBriefing(3)` with two more points in its summary and a three-line excerpt in section 二:
 * in the GB/T template the keep rules carry section 一 (a two-line heading, a one-line excerpt and its
 * two-line citation) whole to page 2, and page 1 ends at 78 % — by the rules, not for nothing.
 */
export function headingCarriesSection(): Briefing {
  const b = dataPolicyBriefing(3);
  b.summary += '\n\n' + [1, 2].map((i) => `${i + 3}. 补充要点第${i}条，有关数据以统计部门正式发布为准。`).join('\n');
  const item = b.sections[1].items[0];
  if (item.kind === 'highlight')
    b.sections[1].items[0] = {
      ...item,
      quote:
        '2024年我国数字经济规模突破55万亿元，数字产业化和产业数字化稳步推进，数字经济核心产业增加值占国内生产总值比重达到百分之十左右，算力总规模位居世界前列，数据要素市场建设加快推进。',
    };
  return b;
}
