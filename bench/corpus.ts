/**
 * Deterministic synthetic articles for the benchmark, built from the sample
 * texts: sentences of the People's Daily sample and an English report,
 * recombined, with numbers, places, sectors and policy terms substituted so
 * that articles differ the way a real library's do (more distinct words per
 * article than shuffling one text would give). Lengths are spread 1–20k
 * characters; about one article in five is English.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(text: string, pattern: RegExp): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^[\s\u3000]+/, ''))
    .filter((l) => l.length > 20)
    .flatMap((l) => l.match(pattern) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 8);
}

const zhSource = readFileSync(join(root, 'resources', 'rmrb-2023-waic-ai-conference.txt'), 'utf8');
const enSource = readFileSync(join(root, 'src-main', 'common', 'anchoring', '__fixtures__', 'en-ai-conference.txt'), 'utf8');
const ZH = sentences(zhSource, /[^。！？]+[。！？]/g);
const EN = sentences(enSource, /[^.!?]+[.!?]/g);

const PLACES = ['上海', '北京', '深圳', '杭州', '成都', '武汉', '苏州', '合肥', '西安', '重庆', '广州', '天津', '南京', '长沙', '青岛', '厦门', '郑州', '济南', '沈阳', '昆明'];
const SECTORS = ['人工智能', '新能源汽车', '集成电路', '生物医药', '储能', '光伏', '氢能', '工业互联网', '低空经济', '数据要素', '智能制造', '海洋经济', '现代农业', '跨境电商', '算力网络', '新型储能', '卫星互联网', '商业航天', '绿色金融', '文旅消费'];
const AGENCIES = ['国家发展改革委', '工业和信息化部', '科技部', '财政部', '商务部', '国家能源局', '国家数据局', '生态环境部', '交通运输部', '中国人民银行'];
const POLICY = ['高质量发展', '新质生产力', '营商环境', '产业链供应链', '科技创新', '数字化转型', '绿色低碳', '扩大内需', '对外开放', '区域协调', '共同富裕', '安全发展', '标准体系', '要素市场化', '专精特新'];
const SOURCES = ['人民日报', '新华社', '经济日报', '光明日报', '中国政府网', '第一财经', 'Reuters', 'Caixin Global', 'South China Morning Post', '21世纪经济报道'];
const EN_WORDS = ['semiconductor', 'battery', 'grid', 'tariff', 'subsidy', 'provincial', 'regulator', 'export', 'inventory', 'robotics', 'datacenter', 'hydrogen', 'satellite', 'logistics', 'procurement', 'biotech', 'shipping', 'copper', 'lithium', 'bond'];

export interface SyntheticArticle {
  title: string;
  text: string;
  lang: 'zh' | 'en';
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function vary(sentence: string, random: () => number, lang: 'zh' | 'en'): string {
  let s = sentence.replace(/\d+(\.\d+)?/g, (m) => {
    const n = Number(m);
    const f = 0.5 + random() * 1.5;
    return m.includes('.') ? (n * f).toFixed(1) : String(Math.max(1, Math.round(n * f)));
  });
  if (lang === 'zh') {
    s = s.replace(/上海/g, () => pick(random, PLACES)).replace(/人工智能/g, () => pick(random, SECTORS));
    if (random() < 0.35) s = `${pick(random, AGENCIES)}表示，${s}`;
    if (random() < 0.3) s = s.replace(/。$/, `，着力推动${pick(random, POLICY)}。`);
  } else {
    s = s.replace(/\bAI\b/g, () => pick(random, EN_WORDS));
    if (random() < 0.3) s = s.replace(/\.$/, `, analysts covering ${pick(random, EN_WORDS)} markets said.`);
  }
  return s;
}

function buildArticle(index: number, random: () => number, targetChars: number, lang: 'zh' | 'en'): SyntheticArticle {
  const pool = lang === 'zh' ? ZH : EN;
  const sep = lang === 'zh' ? '' : ' ';
  const title =
    lang === 'zh'
      ? `${pick(random, PLACES)}${pick(random, SECTORS)}产业${pick(random, POLICY)}观察（第${index + 1}篇）`
      : `${pick(random, EN_WORDS)} outlook: ${pick(random, EN_WORDS)} and ${pick(random, EN_WORDS)} (No. ${index + 1})`;
  const lines: string[] = [title];
  if (lang === 'zh') {
    const d = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 1400) * 86400000).toISOString().slice(0, 10);
    const [y, m, dd] = d.split('-').map(Number);
    lines.push(`${pick(random, SECTORS)}发展态势持续向好`, '', `　　《${pick(random, SOURCES.slice(0, 4))}》（${y}年${String(m).padStart(2, '0')}月${String(dd).padStart(2, '0')}日 第0${1 + Math.floor(random() * 9)}版）`);
  } else lines.push('');
  let length = title.length;
  let paragraph = 0;
  while (length < targetChars) {
    if (paragraph > 0 && paragraph % 5 === 0) {
      const heading = lang === 'zh' ? `${pick(random, POLICY)}持续推进` : `${pick(random, EN_WORDS)} market update`;
      lines.push(lang === 'zh' ? `　　${heading}` : heading);
      length += heading.length;
    }
    const count = 2 + Math.floor(random() * 4);
    const body: string[] = [];
    for (let k = 0; k < count; k++) body.push(vary(pick(random, pool), random, lang));
    const text = body.join(sep);
    lines.push(lang === 'zh' ? `　　${text}` : text);
    length += text.length;
    paragraph++;
  }
  return { title, text: lines.join('\n') + '\n', lang };
}

export function* generateCorpus(options: { count: number; seed: number; minChars?: number; maxChars?: number }): Generator<SyntheticArticle> {
  const random = mulberry32(options.seed);
  const min = options.minChars ?? 1000;
  const max = options.maxChars ?? 20000;
  for (let i = 0; i < options.count; i++) {
    // Log-uniform lengths: many short news items, some long reports.
    const target = Math.round(min * Math.pow(max / min, random()));
    yield buildArticle(i, random, target, random() < 0.2 ? 'en' : 'zh');
  }
}

/** One long Chinese article of about `chars` characters. */
export function makeLongArticle(chars: number, seed: number): SyntheticArticle {
  return buildArticle(900000, mulberry32(seed), chars, 'zh');
}

/** The fixed query set: Chinese words and phrases, English terms, numbers, mixed. */
export const BENCH_QUERIES = [
  '算力', '人工智能', '徐晓兰', '智能网联汽车', '数据中心', '新质生产力', '营商环境', '产业链供应链', '高质量发展', '储能',
  '光伏', '氢能', '集成电路', '生物医药', '低空经济', '数据要素', '卫星互联网', '商业航天', '绿色金融', '跨境电商',
  '国家发展改革委', '工业和信息化部', '国家能源局', '上海', '成都', '重庆', '合肥', '苏州 储能', '北京 算力', '默想',
  '288亿元', '2023世界人工智能大会', '5000亿元', '核心产业规模', '意向采购金额', '磁场效应', '应用场景', '算力底座', '双碳', '大模型',
  'WAIC', 'semiconductor', 'battery', 'grid', 'subsidy', 'robotics', 'lithium', 'shipping', 'AI 算力', '数字化转型 2024',
];
