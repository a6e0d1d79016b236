/**
 * The library's problems and notices: each in the interface's language when
 * core words it in Chinese too (`messageZh`), else as core wrote it.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';
import { ProblemsNotice } from './ProblemsNotice';
import type { LibraryWarningInfo } from '../../src-main/common/contract/library';

afterEach(cleanup);

const warnings: LibraryWarningInfo[] = [
  {
    kind: 'index-rebuilt',
    file: 'index/',
    message: 'The search index was damaged (too short) and is being rebuilt from the library.',
    messageZh: '搜索索引已损坏（too short），正在根据文库重建。',
  },
  { id: 'p1', kind: 'quarantined', message: 'The highlights and notes of “…” could not be read.', file: 'quarantine/x.json' },
];

function shown(locale: Locale): string[] {
  render(
    <I18nProvider initial={locale}>
      <ProblemsNotice warnings={warnings} onAcknowledge={() => undefined} onHideNotice={() => undefined} />
    </I18nProvider>,
  );
  return screen.getAllByTestId('library-problem').map((li) => li.querySelector('.problem-message')!.textContent!);
}

describe('ProblemsNotice', () => {
  it('shows the Chinese wording in zh-CN and the English one in English', () => {
    expect(shown('zh-CN')).toEqual(['搜索索引已损坏（too short），正在根据文库重建。', warnings[1].message]);
    cleanup();
    expect(shown('en')).toEqual([warnings[0].message, warnings[1].message]);
  });
});
