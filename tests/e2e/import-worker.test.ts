/**
 * Browser mode keeps answering while a heavy document is being read: files
 * are parsed in the import worker (core/import/parse-off-thread.ts), not on
 * the thread that serves the API. A large saved page takes jsdom and
 * Readability seconds; a call made meanwhile answers before the import does.
 * In-process parsing would hold that call until the import finished.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness';

let app: App;
let origin: string;
let token: string;

async function call(method: string, params: unknown): Promise<{ status: number; body: { ok?: boolean; result?: unknown; error?: { message: string } } }> {
  const response = await fetch(`${origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-briefing-token': token },
    body: JSON.stringify(params),
  });
  return { status: response.status, body: await response.json() };
}

/** A long saved report page: thousands of paragraphs of policy prose. */
function heavyPage(): string {
  const paragraphs: string[] = [];
  for (let k = 1; k <= 8000; k++) {
    paragraphs.push(
      `<p>　　第${k}段：各地区各部门深入推进新型工业化，加快制造业数字化转型，持续扩大有效投资，前${(k % 12) + 1}个月规模以上工业增加值同比增长${(k % 9) + 1}.${k % 10}%，高技术制造业投资保持较快增长。</p>`,
    );
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>制造业数字化转型年度报告_测试网</title></head><body><article><h1>制造业数字化转型年度报告</h1>${paragraphs.join('\n')}</article></body></html>`;
}

beforeAll(async () => {
  app = await startApp();
  const url = new URL(app.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
});

afterAll(async () => {
  await app?.stop();
});

describe('browser mode while a heavy document is imported', () => {
  it('answers other calls all the while the import runs', async () => {
    const html = heavyPage();
    const started = Date.now();
    let done = false;
    const importing = call('importFile', { name: 'annual-report.html', dataBase64: Buffer.from(html).toString('base64') }).finally(() => {
      done = true;
    });
    // Ask for the article list again and again until the import is done; note when each answer came.
    const answered: number[] = [started];
    while (!done) {
      const listed = await call('listArticles', {});
      expect(listed.status).toBe(200);
      answered.push(Date.now());
    }
    const imported = await importing;
    const duration = Date.now() - started;
    expect(imported.status, JSON.stringify(imported.body).slice(0, 300)).toBe(200);
    // Parsing on the serving thread would leave one long silence covering most of the import.
    const longestSilence = Math.max(...answered.slice(1).map((t, k) => t - answered[k]));
    expect(answered.length).toBeGreaterThan(5);
    expect(longestSilence).toBeLessThan(duration / 2);
    const article = (await call('getArticle', { id: (imported.body.result as { id: string }).id })).body.result as { meta: { title: string }; text: string };
    expect(article.meta.title).toBe('制造业数字化转型年度报告');
    expect(article.text).toContain('第8000段');
  }, 120_000);
});
