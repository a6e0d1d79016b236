/**
 * Writes a library of many articles straight to disk (the catalog and one
 * folder per article, in the format the store reads and migrates), for the
 * end-to-end tests of the library at scale: importing 10,000 articles
 * through the store would take minutes, writing them takes a second or two.
 * Titles, sources, dates and tags vary deterministically with the index.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const GENERATED_SOURCES = ['人民日报', '新华社', '经济日报', '光明日报', 'Reuters'];
const TOPICS = ['算力网络', '数据中心', '粮食安全', '新能源汽车', '县域医共体', '交通投资', '人工智能', '种业振兴'];
/** Words of the extra paragraphs: none is a topic, so a topic still finds only its own articles. */
const FIELDS = ['产业链', '基础设施', '公共服务', '营商环境', '科技创新'];

export interface GeneratedArticle {
  id: string;
  title: string;
  source: string;
  published: string;
  tags: string[];
}

/** The n-th article's metadata (n from 0). */
export function generatedArticle(n: number): GeneratedArticle {
  const topic = TOPICS[n % TOPICS.length];
  const month = String((n % 12) + 1).padStart(2, '0');
  const day = String((n % 28) + 1).padStart(2, '0');
  return {
    id: `g${String(n).padStart(7, '0')}x`,
    title: `第${n}号 ${topic}建设情况通报`,
    source: GENERATED_SOURCES[n % GENERATED_SOURCES.length],
    published: `${2015 + (n % 10)}-${month}-${day}`,
    tags: n % 50 === 0 ? ['重点'] : [],
  };
}

/**
 * Writes `count` articles into `dir` (a new library folder). Returns their metadata, newest added last.
 * `paragraphs` (default 1) gives each article that many paragraphs of about 90 characters after the
 * first (the work an index build does per article grows with it; the number of files does not).
 * `title`: the n-th article's title instead of the generated one (given as `generated`).
 */
export function writeGeneratedLibrary(
  dir: string,
  count: number,
  { paragraphs = 1, title }: { paragraphs?: number; title?: (n: number, generated: string) => string } = {},
): GeneratedArticle[] {
  mkdirSync(join(dir, 'articles'), { recursive: true });
  const out: GeneratedArticle[] = [];
  const entries: Record<string, unknown> = {};
  const base = Date.UTC(2024, 0, 1);
  for (let n = 0; n < count; n++) {
    const a = generatedArticle(n);
    if (title) a.title = title(n, a.title);
    const added = new Date(base + n * 60_000).toISOString();
    const lead = `${a.title}`;
    const paras = [`　　${a.source}消息，关于${TOPICS[n % TOPICS.length]}的第${n}号通报指出，相关工作稳步推进，编号${(n * 7919) % 100003}。`];
    for (let k = 1; k < paragraphs; k++) {
      const field = FIELDS[(n + k) % FIELDS.length];
      paras.push(
        `　　第${k + 1}段：${field}领域第${(n * 31 + k * 17) % 9973}项任务按计划实施，记者在第${k}次调研中了解到，各地持续完善配套政策，推动项目早落地、早见效。`,
      );
    }
    let text = lead;
    const blocks = [{ kind: 'title', start: 0, end: lead.length }];
    for (const para of paras) {
      text += '\n\n';
      blocks.push({ kind: 'paragraph', start: text.length, end: text.length + para.length });
      text += para;
    }
    const meta = { title: a.title, source: a.source, published: a.published, tags: a.tags };
    const article = {
      schemaVersion: 1,
      id: a.id,
      text,
      blocks,
      meta,
      provenance: { format: 'text', fileName: `${a.id}.txt`, importedAt: added },
      revision: 1,
      modified: added,
    };
    mkdirSync(join(dir, 'articles', a.id));
    writeFileSync(join(dir, 'articles', a.id, 'article.json'), JSON.stringify(article));
    const contentHash = createHash('sha256')
      .update(text.normalize('NFC').replace(/[\s\u00a0\u3000]+/g, ''))
      .digest('hex');
    entries[a.id] = { ...meta, id: a.id, added, modified: added, contentHash, chars: text.length, format: 'text' };
    out.push(a);
  }
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ schemaVersion: 2, articles: entries, tags: ['重点'], briefings: {}, settings: {} }));
  return out;
}
