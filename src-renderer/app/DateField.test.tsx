/**
 * Dates in the interface language's order, whatever the browser's locale:
 * shown as `2024/03/01` in zh-CN and `03/01/2024` in English, typed the same
 * way (or as ISO / `2024年3月1日`), invalid text kept and marked, nothing
 * changed.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';
import { DateField, formatDateField, parseDateField } from './DateField';

afterEach(cleanup);

function Harness({ initial, changes }: { initial: string; changes: string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <DateField
      value={value}
      data-testid="field"
      onChange={(v) => {
        changes.push(v);
        setValue(v);
      }}
    />
  );
}

function field(locale: Locale, initial: string, changes: string[] = []) {
  render(
    <I18nProvider initial={locale}>
      <Harness initial={initial} changes={changes} />
    </I18nProvider>,
  );
  return screen.getByTestId('field') as HTMLInputElement;
}

describe('DateField', () => {
  it('shows the date year first in zh-CN and month first in English', () => {
    expect(field('zh-CN', '2024-03-01').value).toBe('2024/03/01');
    cleanup();
    expect(field('en', '2024-03-01').value).toBe('03/01/2024');
  });

  it.each([
    ['zh-CN', '2023/12/31', '2023-12-31'],
    ['zh-CN', '2023年12月31日', '2023-12-31'],
    ['zh-CN', '２０２３－１２－３１', '2023-12-31'],
    ['en', '12/31/2023', '2023-12-31'],
    ['en', '2023-12-31', '2023-12-31'],
    ['en', '2/29/2024', '2024-02-29'],
  ] as const)('%s: “%s” is %s, shown again in the language’s order', (locale, typed, iso) => {
    const changes: string[] = [];
    const input = field(locale, '', changes);
    fireEvent.change(input, { target: { value: typed } });
    fireEvent.blur(input);
    expect(changes).toEqual([iso]);
    expect(input.value).toBe(formatDateField(iso, locale));
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it.each([
    ['zh-CN', '12/31/2023'],
    ['zh-CN', '2023/02/30'],
    ['en', '31/12/2023'],
    ['en', 'tomorrow'],
  ] as const)('%s: “%s” is no date: kept as typed, marked invalid, nothing changed', (locale, typed) => {
    const changes: string[] = [];
    const input = field(locale, '2024-03-01', changes);
    fireEvent.change(input, { target: { value: typed } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(changes).toEqual([]);
    expect(input.value).toBe(typed);
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('clears the date when the text is emptied', () => {
    const changes: string[] = [];
    const input = field('zh-CN', '2024-03-01', changes);
    fireEvent.change(input, { target: { value: '' } });
    fireEvent.blur(input);
    expect(changes).toEqual(['']);
  });

  it('parses and formats without a component', () => {
    expect(parseDateField(' 2024.3.1 ', 'zh-CN')).toBe('2024-03-01');
    expect(parseDateField('3/1/2024', 'zh-CN')).toBeUndefined();
    expect(formatDateField('', 'en')).toBe('');
  });
});
