/**
 * The live Markdown preview renders formatting and drops anything that could
 * run script or fetch: <script>, on* handlers, javascript: links, remote images.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '../i18n/I18nProvider';
import { MarkdownEditor } from './MarkdownEditor';
import { renderMarkdown } from './render-markdown';

afterEach(cleanup);

function Editor({ value, onChange = () => {} }: { value: string; onChange?(v: string): void }) {
  return (
    <I18nProvider initial="en">
      <MarkdownEditor id="md" label="Summary" value={value} onChange={onChange} testId="md" />
    </I18nProvider>
  );
}

describe('MarkdownEditor preview', () => {
  it('renders Markdown as the exports do (GFM, line breaks kept)', () => {
    render(<Editor value={'**算力**底座\n第二行\n\n1. 跟踪签约项目'} />);
    const preview = screen.getByTestId('md-preview');
    expect(preview.querySelector('strong')?.textContent).toBe('算力');
    expect(preview.querySelector('br')).not.toBeNull();
    expect(preview.querySelector('ol li')?.textContent).toBe('跟踪签约项目');
  });

  it('strips <img onerror> and <script>', () => {
    const hostile = 'before <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> after';
    render(<Editor value={hostile} />);
    const preview = screen.getByTestId('md-preview');
    expect(preview.querySelector('script')).toBeNull();
    const img = preview.querySelector('img');
    expect(img?.getAttribute('onerror')).toBeNull();
    expect(img?.hasAttribute('src')).toBe(false);
    expect(preview.innerHTML).not.toMatch(/onerror|<script|__pwned/i);
    expect(preview.textContent).toContain('before');
    expect(preview.textContent).toContain('after');
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it.each([
    ['javascript: link', '[click](javascript:alert(1))', /javascript:/i],
    ['inline style', '<p style="position:fixed">x</p>', /style=/i],
    ['iframe', '<iframe src="https://example.com"></iframe>', /<iframe/i],
    ['svg onload', '<svg onload="alert(1)"></svg>', /onload|<svg/i],
  ])('drops a %s', (_name, source, forbidden) => {
    expect(renderMarkdown(source)).not.toMatch(forbidden);
  });

  it('keeps data: images', () => {
    expect(renderMarkdown('![chart](data:image/png;base64,iVBORw0KGgo=)')).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('reports every keystroke to its owner', () => {
    const onChange = vi.fn();
    render(<Editor value="" onChange={onChange} />);
    fireEvent.change(screen.getByTestId('md'), { target: { value: '要点' } });
    expect(onChange).toHaveBeenCalledWith('要点');
  });

  it('has no preview while empty', () => {
    render(<Editor value="   " />);
    expect(screen.queryByTestId('md-preview')).toBeNull();
  });
});
