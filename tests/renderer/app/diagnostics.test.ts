/**
 * "Copy diagnostics" in the window: the core's report (a real core on a temp
 * library, through the `diagnostics` contract method) followed by this
 * window's section; when the core cannot answer, the window's section is
 * still copied, saying why the rest is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Core } from '../../../src-main/core/core';
import { BdError } from '../../../src-main/common/errors';
import { fullDiagnostics } from '../../../src-renderer/app/diagnostics';

const env = { version: '9.9.9', host: 'browser', userAgent: 'TestBrowser/1.0', language: 'zh-CN', now: new Date(Date.UTC(2024, 0, 2)) };
const TEXT = '数字经济核心产业增加值占国内生产总值比重达到10%左右';
let lib: string;
let core: Core;

beforeAll(async () => {
  lib = mkdtempSync(join(tmpdir(), 'bd-rdiag-'));
  core = await Core.open({ dir: lib, host: 'browser', seedSample: false, searchIndex: 'lazy' });
  await core.api.importText({ text: `数字经济发展规划\n\n　　${TEXT}。`, title: '数字经济发展规划' });
});

afterAll(async () => {
  await core.close();
  rmSync(lib, { recursive: true, force: true });
});

describe('fullDiagnostics', () => {
  it('puts the core report first, then the window and its error', async () => {
    const text = await fullDiagnostics({ area: 'reader', error: new TypeError('blocks is undefined') }, () => core.api.diagnostics({}), env);
    expect(text).toMatch(/^Briefing Desk diagnostics \(/);
    expect(text).toContain('(browser)');
    expect(text).toMatch(/Articles: +1/);
    expect(text).toContain('Browser:      TestBrowser/1.0');
    expect(text).toContain('Language:     zh-CN');
    expect(text.indexOf('Articles:')).toBeLessThan(text.indexOf('error in: reader'));
    expect(text).toContain('TypeError: blocks is undefined');
    expect(text).not.toContain(TEXT.slice(0, 10));
    expect(text).not.toContain('数字经济发展规划');
  });

  it('still copies the window section when the core cannot answer', async () => {
    const text = await fullDiagnostics({ area: 'library' }, () => Promise.reject(new BdError('unavailable', 'The app is not responding.')), env);
    expect(text).toMatch(/^Library diagnostics unavailable: BdError: The app is not responding\./);
    expect(text).toContain('version: 9.9.9');
    expect(text).toContain('[diagnostics] (unavailable)');
  });
});
