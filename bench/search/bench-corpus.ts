/**
 * A deterministic synthetic library for the search benchmark: articles in the
 * People's Daily plain-text layout (title, blank line, indented paragraphs)
 * whose vocabulary varies the way a real library's does.
 *
 * Shuffling one article's sentences gives every article the same ~1,100
 * bigrams, which flatters an index (few terms, every query in every
 * article). Here each article draws sentences from several real-style texts
 * (the sample plus the passages below, on other beats), replaces every number,
 * and swaps words for ones drawn from a Zipf-distributed lexicon of pseudo-words
 * built from the 3,755 common characters of GB 2312 level 1, part of them from a
 * per-article topic list. That yields about 1,500–4,500 distinct bigrams per
 * article of 1,000–20,000 characters, and hundreds of thousands across the
 * library, while the sample's phrases (算力, 徐晓兰, 智能网联汽车, 288亿元 …)
 * stay frequent enough to be found.
 *
 * Same seed, same options → the same articles, byte for byte.
 */

/** Passages in the style of the library's sources, on beats the sample does not cover. */
export const CORPUS_PASSAGES: readonly string[] = [
  `今年以来，各地认真落实粮食安全党政同责，全国夏粮再获丰收，总产量达到2923亿斤。农业农村部有关负责人介绍，冬小麦播种面积稳中有增，高标准农田建设加快推进，新建和改造提升高标准农田8000万亩。种业振兴行动深入实施，一批节水抗旱、耐盐碱的新品种在黄淮海地区推广应用。
　　下一步，将加强农业防灾减灾体系建设，健全种粮农民收益保障机制，完善农资保供稳价措施，推动农业社会化服务向全产业链延伸，让农民种粮有钱赚、多得利。`,
  `生态环境部日前发布数据显示，上半年全国地级及以上城市细颗粒物平均浓度为32微克每立方米，空气质量优良天数比例为84.7%。长江干流连续多年全线保持二类水质，黄河干流水质首次全线达到二类。
　　生态环境部新闻发言人表示，将深入打好蓝天、碧水、净土保卫战，推进重点行业超低排放改造，强化挥发性有机物综合治理，持续开展入河排污口排查整治，推动减污降碳协同增效，以高水平保护支撑高质量发展。`,
  `中国人民银行决定下调金融机构存款准备金率0.25个百分点，释放长期资金约5000亿元。央行有关负责人表示，此次降准是为了巩固经济回升向好基础，保持流动性合理充裕，降低实体经济综合融资成本。
　　与此同时，金融管理部门将继续加大对科技创新、先进制造、绿色发展和中小微企业的支持力度，引导信贷资金更多流向普惠金融和乡村振兴领域，防范化解重点领域风险，守住不发生系统性金融风险的底线。`,
  `国家卫生健康委近日印发通知，部署推进紧密型县域医共体建设，力争到2025年底基本实现全覆盖。通知要求，以县级医院为龙头，整合县乡两级医疗卫生资源，推动人员、技术、服务、管理下沉，提升基层首诊和慢病管理能力。
　　各地要完善医保支付方式改革，探索对医共体实行总额付费，加强监督考核，结余留用、合理超支分担，引导医疗机构主动控制成本，让群众在家门口看得上病、看得好病。`,
  `交通运输部数据显示，前三季度全国完成交通固定资产投资2.8万亿元，同比增长3.1%。国家综合立体交通网主骨架加快建设，川藏铁路、平陆运河等重大工程稳步推进，农村公路新改建里程超过12万公里。
　　交通运输部有关负责人表示，将加快建设交通强国，推进多式联运发展，降低全社会物流成本，推动新能源汽车在城市公交、出租汽车和城市物流配送领域的应用，加快构建安全、便捷、高效、绿色、经济的现代化综合交通体系。`,
  `教育部召开新闻发布会介绍，全国已有超过1.3万所中小学开设人工智能相关课程。教育部基础教育司负责人表示，将推动人工智能教育纳入课后服务，加强教师数字素养培训，建设一批中小学人工智能教育基地，推进教育数字化战略行动走深走实。`,
];

/** English passages: Latin tokens, capitalised acronyms and numbers with separators. */
export const CORPUS_PASSAGES_EN: readonly string[] = [
  'The World Artificial Intelligence Conference (WAIC) closed in Shanghai after three days in which organisers said 1,400 guests attended and more than 400 companies exhibited.',
  'The central bank cut the reserve requirement ratio by 0.25 percentage points, releasing about 500 billion yuan of long-term liquidity to support the real economy.',
  'Officials said intelligent connected vehicles without safety drivers were tested on public roads in Pudong, and data centres would be built to stricter energy-efficiency standards.',
];

export interface SyntheticArticle {
  /** A file name for provenance (`bench-<n>.txt`). */
  fileName: string;
  /** Plain text in the newspaper layout the plain-text importer understands. */
  text: string;
}

export interface CorpusOptions {
  articles: number;
  /** Article length range in characters (default 1,000–20,000). */
  minChars?: number;
  maxChars?: number;
  seed?: number;
  /** Real texts whose sentences are mixed in (the benchmark passes the sample article). */
  sources?: readonly string[];
  /** Share of CJK positions at which a word is swapped for a lexicon word (default 0.12). */
  substitution?: number;
}

/** mulberry32: a small seeded PRNG with a full 2^32 period. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The 3,755 level-1 characters of GB 2312 (the common characters), in its pinyin order. */
function commonHanCharacters(): string[] {
  const decoder = new TextDecoder('gb18030');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(Uint8Array.of(hi, lo));
      if (/^\p{Script=Han}$/u.test(ch)) out.push(ch);
    }
  }
  return out;
}

/** Index in 0..n-1 with probability ∝ 1/(i + offset): a Zipf-like rank. */
function zipfPicker(n: number, offset: number, rand: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cumulative[i] = sum += 1 / (i + offset);
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[。！？])|\n/)
    .map((s) => s.replace(/^[\s\u3000]+|\s+$/g, ''))
    .filter((s) => s.length > 4);
}

const CJK_RUN = /\p{Script=Han}{2,}/gu;
const DIGITS = /\d+/g;

/**
 * Generates the articles one at a time (a 10,000-article library is ~200 MB of
 * text: never hold it all).
 */
export function* syntheticCorpus(options: CorpusOptions): Generator<SyntheticArticle> {
  const rand = seededRandom(options.seed ?? 42);
  const minChars = options.minChars ?? 1000;
  const maxChars = options.maxChars ?? 20000;
  const substitution = options.substitution ?? 0.12;
  const sourceSentences = [...(options.sources ?? []), ...CORPUS_PASSAGES].map(sentencesOf);
  const english = CORPUS_PASSAGES_EN;

  // Characters in a seeded frequency order, and a lexicon of 2–4 character pseudo-words over them.
  const chars = shuffled(commonHanCharacters(), rand);
  const pickChar = zipfPicker(chars.length, 20, rand);
  const lexicon: string[] = [];
  for (let i = 0; i < 60_000; i++) {
    const len = rand() < 0.7 ? 2 : rand() < 0.7 ? 3 : 4;
    let word = '';
    for (let k = 0; k < len; k++) word += chars[pickChar()];
    lexicon.push(word);
  }
  const pickWord = zipfPicker(lexicon.length, 50, rand);

  for (let n = 0; n < options.articles; n++) {
    const target = minChars + Math.floor(rand() * (maxChars - minChars));
    // Each article leans on one or two sources and has its own topic words.
    const primary = Math.floor(rand() * sourceSentences.length);
    const secondary = Math.floor(rand() * sourceSentences.length);
    const topic = Array.from({ length: 12 + Math.floor(rand() * 30) }, () => lexicon[Math.floor(rand() * lexicon.length)]);
    const vary = (sentence: string): string =>
      sentence
        .replace(DIGITS, (d) => String(Math.floor(rand() * 10 ** d.length)))
        .replace(CJK_RUN, (run) => {
          let out = '';
          let i = 0;
          while (i < run.length) {
            if (i + 2 <= run.length && rand() < substitution) {
              out += rand() < 0.4 ? topic[Math.floor(rand() * topic.length)] : lexicon[pickWord()];
              i += 2;
            } else {
              out += run[i++];
            }
          }
          return out;
        });
    const pickSentence = (): string => {
      const r = rand();
      const pool = sourceSentences[r < 0.6 ? primary : r < 0.85 ? secondary : Math.floor(rand() * sourceSentences.length)];
      return vary(pool[Math.floor(rand() * pool.length)]);
    };

    const title = `${pickSentence()
      .replace(/[，。！？、；：“”《》（）]/g, '')
      .slice(0, 24)}（${n + 1}）`;
    const paragraphs: string[] = [];
    let length = 0;
    while (length < target) {
      let paragraph = '';
      const sentences = 2 + Math.floor(rand() * 5);
      for (let k = 0; k < sentences && length + paragraph.length < target; k++) paragraph += pickSentence();
      paragraphs.push('\u3000\u3000' + paragraph);
      length += paragraph.length + 3;
    }
    // Some English so Latin queries have something to find.
    if (n % 10 === 0) paragraphs.push(`${english[n % english.length]} Report no. ${n}.`);
    yield { fileName: `bench-${n}.txt`, text: `${title}\n\n${paragraphs.join('\n')}\n` };
  }
}

/** The seed of `npm run bench`'s corpus (bench/run.ts and the engine comparison use the same articles). */
export const BENCH_CORPUS_SEED = 20231127;

/**
 * The corpus options of `npm run bench` for a library of `articles`: the
 * bench's seed with the sample article's sentences mixed in (`sample`: the
 * text of resources/rmrb-2023-waic-ai-conference.txt).
 */
export function benchCorpusOptions(articles: number, sample: string): CorpusOptions {
  return { articles, seed: BENCH_CORPUS_SEED, sources: [sample] };
}

/** Queries analysts type, each present in the sample or the passages (默想 never is: a query with no match). */
export const CORE_BENCH_QUERIES: readonly string[] = ['算力', '徐晓兰', '智能网联汽车', 'WAIC', '288亿元', '默想', '人工智能 上海', '数据中心', '算'];

/**
 * `count` queries for a corpus: the core queries, then words and phrases cut
 * from the corpus's own first articles (2–4 characters, one in five with a
 * second part), some English words — a mix of frequent, rare and absent terms.
 * Deterministic for the same options.
 */
export function benchQueries(options: CorpusOptions, count = 50): string[] {
  const rand = seededRandom((options.seed ?? 42) ^ 0x5eed);
  const out = [...CORE_BENCH_QUERIES].slice(0, count);
  const articles = [...syntheticCorpus({ ...options, articles: Math.min(options.articles, 200) })];
  const englishWords = CORPUS_PASSAGES_EN.join(' ').match(/[A-Za-z]{5,}/g) ?? [];
  const runsOf = (text: string): string[] => text.match(/\p{Script=Han}{4,}/gu) ?? [];
  const cut = (run: string, len: number): string => {
    const start = Math.floor(rand() * (run.length - len + 1));
    return run.slice(start, start + len);
  };
  for (let guard = 0; out.length < count && guard < count * 20; guard++) {
    if (rand() < 0.1) {
      out.push(englishWords[Math.floor(rand() * englishWords.length)]);
      continue;
    }
    const runs = runsOf(articles[Math.floor(rand() * articles.length)].text);
    if (!runs.length) continue;
    let query = cut(runs[Math.floor(rand() * runs.length)], 2 + Math.floor(rand() * 3));
    if (rand() < 0.2) query += ' ' + cut(runs[Math.floor(rand() * runs.length)], 2);
    if (!out.includes(query)) out.push(query);
  }
  return out;
}
