/**
 * Refusals arrive in both languages (the core's `detail.messageZh`); the
 * summary shows the one the interface speaks, naming the file.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { ImportSummary } from './ImportSummary';
import type { ImportOutcome } from './import-files';

const outcomes: ImportOutcome[] = [
  {
    file: '季度报告.docx',
    status: 'refused',
    message: '季度报告.docx would expand to more than 100 MB of text when unpacked.',
    messageZh: '季度报告.docx 解压后的文字内容将超过 100 MB。',
  },
  { file: 'notes.md', status: 'imported', id: 'a1', title: '5月宏观数据速览' },
];

afterEach(cleanup);

describe('ImportSummary', () => {
  it('shows a refusal in Chinese when the interface speaks Chinese', () => {
    render(
      <I18nProvider initial="zh-CN">
        <ImportSummary outcomes={outcomes} onClose={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByText('季度报告.docx 解压后的文字内容将超过 100 MB。')).toBeTruthy();
  });

  it('and in English when it speaks English', () => {
    render(
      <I18nProvider initial="en">
        <ImportSummary outcomes={outcomes} onClose={() => undefined} />
      </I18nProvider>,
    );
    expect(screen.getByText(/would expand to more than 100 MB/)).toBeTruthy();
  });
});
