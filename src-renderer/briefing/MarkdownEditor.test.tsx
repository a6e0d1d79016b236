/**
 * The live Markdown preview renders formatting; raw HTML shows as the text
 * typed and unsafe links as their text, so nothing can run script or fetch:
 * no <script>, on* handlers, javascript: links or remote images.
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

  it('shows <img onerror> and <script> as the text typed, never as elements', () => {
    const hostile = 'before <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> after';
    render(<Editor value={hostile} />);
    const preview = screen.getByTestId('md-preview');
    expect(preview.querySelector('script, img')).toBeNull();
    expect(preview.textContent).toContain(hostile);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it.each([
    ['javascript: link', '[click](javascript:alert(1))', 'a[href]', 'click'],
    ['inline style', '<p style="position:fixed">x</p>', '[style]', '<p style="position:fixed">x</p>'],
    ['iframe', '<iframe src="https://example.com"></iframe>', 'iframe', '<iframe src="https://example.com"></iframe>'],
    ['svg onload', '<svg onload="alert(1)"></svg>', 'svg, [onload]', '<svg onload="alert(1)"></svg>'],
  ])('renders no %s, only its text', (_name, source, forbidden, text) => {
    const host = document.createElement('div');
    host.innerHTML = renderMarkdown(source);
    expect(host.querySelector(forbidden)).toBeNull();
    expect(host.textContent!.trim()).toBe(text);
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
