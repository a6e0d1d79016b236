/**
 * The tag editor: suggestions from the shared tag list, keyboard choice,
 * chips that can be removed, save and cancel; leaving the editor saves (the
 * half-typed tag too), Escape with changes asks first, and what is typed is
 * kept as a draft that a new editor for the same highlight starts from.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { TagEditor } from './TagEditor';
import { DraftBook, DraftsProvider } from '../app/drafts';

afterEach(cleanup);

function setup(initial: string[] = ['人工智能'], book = new DraftBook(null)) {
  const onSave = vi.fn();
  const onCancel = vi.fn();
  const view = render(
    <I18nProvider initial="zh-CN">
      <DraftsProvider book={book}>
        <button data-testid="elsewhere">elsewhere</button>
        <TagEditor
          initial={initial}
          articleId="a000000000001"
          annotationId="h000000000001"
          suggestions={['人工智能', '产业政策', '数字经济', '算力']}
          onSave={onSave}
          onCancel={onCancel}
        />
      </DraftsProvider>
    </I18nProvider>,
  );
  return { onSave, onCancel, view, book, input: screen.getByTestId('tag-input') };
}

describe('TagEditor', () => {
  it('suggests existing tags that match, not ones already set', () => {
    const { input } = setup();
    expect(input.getAttribute('role')).toBe('combobox');
    fireEvent.change(input, { target: { value: '经' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['数字经济']);
    fireEvent.change(input, { target: { value: '' } });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).not.toContain('人工智能');
  });

  it('chooses a suggestion with the arrow keys and Enter, adds free text with a comma, saves with Ctrl+Enter', () => {
    const { input, onSave } = setup();
    fireEvent.change(input, { target: { value: '算' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.change(input, { target: { value: '上海' } });
    fireEvent.keyDown(input, { key: '，' });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    expect(onSave).toHaveBeenCalledWith(['人工智能', '算力', '上海']);
  });

  it('removes a tag by its chip button or Backspace', () => {
    const { input, onSave } = setup(['人工智能', '算力']);
    fireEvent.click(screen.getByRole('button', { name: '移除标签“人工智能”' }));
    fireEvent.keyDown(input, { key: 'Backspace' });
    fireEvent.click(screen.getByTestId('tag-save'));
    expect(onSave).toHaveBeenCalledWith([]);
  });

  it('closes at once on Escape when nothing changed', () => {
    const { input, onCancel, onSave } = setup();
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('asks on Escape before throwing away a half-typed tag: keep editing, or discard', () => {
    const { input, onCancel, onSave, book } = setup();
    fireEvent.change(input, { target: { value: '算力调度' } });
    expect(book.get('tags:a000000000001:h000000000001')).toMatchObject({ tags: ['人工智能'], input: '算力调度' });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.getByTestId('confirm-dialog').textContent).toContain('放弃输入的内容');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
    expect(onCancel).not.toHaveBeenCalled();
    expect((screen.getByTestId('tag-input') as HTMLInputElement).value).toBe('算力调度');
    fireEvent.keyDown(screen.getByTestId('tag-input'), { key: 'Escape' });
    fireEvent.click(screen.getByTestId('confirm-ok'));
    expect(onCancel).toHaveBeenCalled();
    expect(onSave).not.toHaveBeenCalled();
    expect(book.get('tags:a000000000001:h000000000001')).toBeUndefined();
  });

  it('saves the chips and the half-typed tag when focus moves elsewhere', () => {
    const { input, onSave } = setup();
    fireEvent.change(input, { target: { value: '数据中心' } });
    fireEvent.blur(input, { relatedTarget: screen.getByTestId('elsewhere') });
    expect(onSave).toHaveBeenCalledWith(['人工智能', '数据中心']);
  });

  it('saves what was typed when it goes away unanswered (another article opened)', () => {
    const { input, onSave, view } = setup();
    fireEvent.change(input, { target: { value: '数字经济，' } });
    view.unmount();
    expect(onSave).toHaveBeenCalledWith(['人工智能', '数字经济']);
  });

  it('starts from the draft of the same highlight, and says so', () => {
    const book = new DraftBook(null);
    book.put({ kind: 'tags', articleId: 'a000000000001', annotationId: 'h000000000001', tags: ['人工智能', '算力'], input: '上' });
    setup(['人工智能'], book);
    expect(screen.getByTestId('draft-restored')).toBeTruthy();
    expect(screen.getAllByText('算力').length).toBeGreaterThan(0);
    expect((screen.getByTestId('tag-input') as HTMLInputElement).value).toBe('上');
  });
});
