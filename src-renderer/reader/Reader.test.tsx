/**
 * The reader with its annotation layer, in jsdom against an in-memory API:
 * painting stored highlights, highlighting a selection from the keyboard,
 * undo/redo, Delete, notes, correcting the text, orphans and re-attaching,
 * briefings, export, copy with citation, focus from the app.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Annotation } from '../../src-main/common/annotation';
import type { Article } from '../../src-main/common/model';
import { I18nProvider } from '../i18n/I18nProvider';
import type { Locale } from '../i18n/strings';
import { createTestApi, type TestApi } from '../annotations/test-api';
import { annotationOn, sampleArticle } from '../annotations/test-fixtures';
import type { ReaderFocus } from '../app/App';
import { Reader } from './Reader';

const holder = vi.hoisted(() => ({ current: null as null | { api: Record<string, (p: unknown) => Promise<unknown>> }, saveText: vi.fn(async () => true) }));

vi.mock('../api-client', () => ({
  api: new Proxy({}, { get: (_target, name: string) => (params: unknown) => holder.current!.api[name](params) }),
  saveText: (...args: unknown[]) => (holder.saveText as (...a: unknown[]) => Promise<boolean>)(...args),
  // No host to hear from in a component test (events are tested end to end in tests/e2e/events.test.ts).
  onApiEvent: () => () => undefined,
}));

let test: TestApi;

function renderReader(options: { annotations?: (a: Article) => Annotation[]; focus?: ReaderFocus | null; locale?: Locale } = {}) {
  const article = sampleArticle();
  test = createTestApi({ article, annotations: options.annotations?.(article) ?? [] });
  holder.current = test as never;
  const onArticleChanged = vi.fn();
  const ui = (focus: ReaderFocus | null | undefined, a: Article) => (
    <I18nProvider initial={options.locale ?? 'zh-CN'}>
      <Reader article={a} loading={false} focus={focus} onArticleChanged={onArticleChanged} />
    </I18nProvider>
  );
  const utils = render(ui(options.focus, article));
  return { ...utils, onArticleChanged, rerenderWith: (focus: ReaderFocus | null, a: Article = article) => utils.rerender(ui(focus, a)) };
}

function body(): HTMLElement {
  return document.querySelector('article.article-body')!;
}

/** A DOM point for a canonical offset (walking the block's text nodes, as the reader does). */
function domPoint(offset: number, preferEnd: boolean): { node: Text; offset: number } {
  for (const block of body().querySelectorAll<HTMLElement>('[data-start]')) {
    const start = Number(block.dataset.start);
    const end = Number(block.dataset.end);
    if (offset < start || offset > end) continue;
    let local = offset - start;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (local < node.length || (preferEnd && local === node.length)) return { node, offset: local };
      local -= node.length;
    }
  }
  throw new Error(`no DOM point for ${offset}`);
}

/** Selects `phrase` (to the end of `endPhrase`) as a mouse drag would. */
function select(phrase: string, endPhrase?: string) {
  const text = test.article.text;
  const start = text.indexOf(phrase);
  const end = endPhrase ? text.indexOf(endPhrase, start) + endPhrase.length : start + phrase.length;
  const a = domPoint(start, false);
  const b = domPoint(end, true);
  act(() => {
    a.node.parentElement!.dispatchEvent(new MouseEvent('pointerdown', { bubbles: true, button: 0 }));
    const range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
    document.dispatchEvent(new MouseEvent('pointerup', { bubbles: true }));
  });
  return { start, end };
}

function marksOf(id: string): HTMLElement[] {
  return [...body().querySelectorAll<HTMLElement>(`mark[data-ids~="${id}"]`)];
}

const textOf = (id: string) =>
  marksOf(id)
    .map((m) => m.textContent)
    .join('');

afterEach(() => {
  cleanup();
  window.getSelection()?.removeAllRanges();
  vi.restoreAllMocks();
});

describe('Reader with annotations', () => {
  it('paints stored highlights, lists them in the panel and marks the first paint', async () => {
    const mark = vi.spyOn(performance, 'mark');
    renderReader({
      annotations: (a) => [
        annotationOn(a, '我国人工智能核心产业规模', { color: 'policy', note: '**口径**待核', id: 'houter00001' }),
        annotationOn(a, '核心产业', { color: 'risk', id: 'hinner00001' }),
        annotationOn(a, '合作共赢', { orphan: true, id: 'horphan0001' }),
      ],
    });
    await waitFor(() => expect(marksOf('houter00001').length).toBe(3));
    expect(textOf('houter00001')).toBe('我国人工智能核心产业规模');
    const inner = marksOf('hinner00001');
    expect(inner).toHaveLength(1);
    expect(inner[0].dataset.annotationId).toBe('hinner00001');
    expect(inner[0].dataset.ids).toBe('hinner00001 houter00001');
    expect(inner[0].className).toContain('hl-risk');
    expect(inner[0].className).toContain('hl-overlap');
    const panel = screen.getByTestId('annotation-panel');
    expect(within(panel).getAllByTestId('annotation-card')).toHaveLength(2);
    expect(within(panel).getByTestId('orphans').textContent).toContain('合作共赢');
    expect(marksOf('horphan0001')).toHaveLength(0);
    expect(within(panel).getAllByTestId('card-note-text')[0].innerHTML).toContain('<strong>口径</strong>');
    await waitFor(() =>
      expect(mark).toHaveBeenCalledWith('bd:article-painted', expect.objectContaining({ detail: expect.objectContaining({ highlights: 2 }) })),
    );
  });

  it('highlights a selection with a number key, then undoes and redoes it through the API', async () => {
    renderReader();
    await waitFor(() => expect(test.api.listAnnotations).toHaveBeenCalled());
    const { start, end } = select('我国人工智能核心产业规模', '5000亿元');
    expect(screen.getByRole('toolbar', { name: '标注工具' })).toBeTruthy();
    fireEvent.keyDown(document.body, { key: '2' });
    await waitFor(() => expect(test.api.createAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, start, end, color: 'figure' }));
    const id = test.annotations[0].id;
    await waitFor(() => expect(textOf(id)).toBe('我国人工智能核心产业规模达到5000亿元'));

    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(marksOf(id)).toHaveLength(0));
    expect(test.api.deleteAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id });

    fireEvent.keyDown(document.body, { key: 'Z', ctrlKey: true, shiftKey: true });
    await waitFor(() => expect(textOf(id)).toBe('我国人工智能核心产业规模达到5000亿元'));
    expect(test.api.restoreAnnotation).toHaveBeenCalled();
    expect(test.annotations.map((a) => a.id)).toEqual([id]);

    fireEvent.keyDown(document.body, { key: 'z', metaKey: true });
    await waitFor(() => expect(marksOf(id)).toHaveLength(0));
    fireEvent.keyDown(document.body, { key: 'y', ctrlKey: true });
    await waitFor(() => expect(marksOf(id).length).toBeGreaterThan(0));
  });

  it('selects a clicked highlight, recolours it with a key and deletes it with Delete (undoable)', async () => {
    renderReader({ annotations: (a) => [annotationOn(a, '开放共建', { id: 'hdelete0001' })] });
    await waitFor(() => expect(marksOf('hdelete0001')).toHaveLength(1));
    fireEvent.click(marksOf('hdelete0001')[0]);
    expect(screen.getByTestId('selection-toolbar').dataset.mode).toBe('highlight');
    expect(document.querySelector('.annot-card.selected')?.getAttribute('data-annotation-id')).toBe('hdelete0001');
    fireEvent.keyDown(document.body, { key: '5' });
    await waitFor(() => expect(marksOf('hdelete0001')[0].className).toContain('hl-verify'));
    expect(test.api.updateAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id: 'hdelete0001', color: 'verify' });

    fireEvent.keyDown(document.body, { key: 'Delete' });
    await waitFor(() => expect(marksOf('hdelete0001')).toHaveLength(0));
    const notice = screen.getByTestId('reader-notice');
    expect(notice.textContent).toContain('已删除');
    fireEvent.click(within(notice).getByText('撤销'));
    await waitFor(() => expect(marksOf('hdelete0001')).toHaveLength(1));
    // Undo of the colour change restores the old colour.
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(marksOf('hdelete0001')[0].className).toContain('hl-key'));
  });

  it('recolours at once and puts the old colour back, with the core’s message, when the change is refused', async () => {
    renderReader({ annotations: (a) => [annotationOn(a, '开放共建', { id: 'hrefuse0001', color: 'key' })] });
    await waitFor(() => expect(marksOf('hrefuse0001')).toHaveLength(1));
    let refuse!: (err: Error) => void;
    test.api.updateAnnotation.mockImplementationOnce(() => new Promise((_, reject) => (refuse = reject)));
    fireEvent.click(marksOf('hrefuse0001')[0]);
    fireEvent.keyDown(document.body, { key: '4' });
    // Shown before the core answers.
    await waitFor(() => expect(marksOf('hrefuse0001')[0].className).toContain('hl-risk'));
    await act(async () => refuse(new Error('The library is read-only: it was written by a newer version.')));
    await waitFor(() => expect(marksOf('hrefuse0001')[0].className).toContain('hl-key'));
    const notice = screen.getByTestId('reader-notice');
    expect(notice.getAttribute('role')).toBe('alert');
    expect(notice.textContent).toContain('read-only');
    expect((screen.getByTestId('undo') as HTMLButtonElement).disabled).toBe(true);
  });

  it('moves between highlights with the arrow keys (one Tab stop)', async () => {
    renderReader({
      annotations: (a) => [annotationOn(a, '核心产业规模', { id: 'hfirst00001' }), annotationOn(a, '开放共建', { id: 'hsecond0001' })],
    });
    await waitFor(() => expect(marksOf('hsecond0001')).toHaveLength(1));
    const tabbable = body().querySelectorAll('mark[tabindex="0"]');
    expect(tabbable).toHaveLength(1);
    expect((tabbable[0] as HTMLElement).dataset.annotationId).toBe('hfirst00001');
    act(() => (tabbable[0] as HTMLElement).focus());
    fireEvent.keyDown(tabbable[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(marksOf('hsecond0001')[0]);
    await waitFor(() => expect(document.querySelector('.annot-card.selected')?.getAttribute('data-annotation-id')).toBe('hsecond0001'));
    expect(marksOf('hsecond0001')[0].tabIndex).toBe(0);
  });

  it('adds a note with N on a selection: highlight in the last colour, editor in the panel', async () => {
    renderReader();
    await waitFor(() => expect(test.api.listAnnotations).toHaveBeenCalled());
    select('智能芯片、开发框架');
    fireEvent.keyDown(document.body, { key: 'n' });
    const input = await screen.findByTestId('note-input');
    fireEvent.change(input, { target: { value: '- 关注**国产芯片**' } });
    fireEvent.keyDown(input, { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId('card-note-text').innerHTML).toContain('<strong>国产芯片</strong>'));
    const id = test.annotations[0].id;
    expect(test.api.updateAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id, note: '- 关注**国产芯片**' });
    expect(marksOf(id).at(-1)!.className).toContain('hl-note-end');
  });

  it('edits tags with suggestions from the library', async () => {
    renderReader({ annotations: (a) => [annotationOn(a, '开放共建', { id: 'htags000001' })] });
    await waitFor(() => expect(marksOf('htags000001')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('card-tags'));
    const input = await screen.findByTestId('tag-input');
    fireEvent.change(input, { target: { value: '产业' } });
    const option = await screen.findByRole('option', { name: '产业政策' });
    fireEvent.click(option);
    fireEvent.change(input, { target: { value: '合作' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    fireEvent.click(screen.getByTestId('tag-save'));
    await waitFor(() => expect(test.api.updateAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id: 'htags000001', tags: ['产业政策', '合作'] }));
    expect(screen.getByTestId('filter-tag').textContent).toContain('产业政策');
  });

  it('corrects a word inside a highlight in place and reports what moved', async () => {
    const { onArticleChanged } = renderReader({ annotations: (a) => [annotationOn(a, '我国人工智能核心产业规模达到5000亿元', { id: 'hedit000001' })] });
    await waitFor(() => expect(marksOf('hedit000001')).toHaveLength(1));
    fireEvent.click(screen.getByTestId('edit-text-toggle'));
    const para = [...body().querySelectorAll('p.blk-paragraph')].find((p) => p.textContent!.includes('5000亿元'))!;
    fireEvent.click(para);
    const editor = (await screen.findByTestId('block-editor-input')) as HTMLTextAreaElement;
    const start = Number(para.getAttribute('data-start'));
    fireEvent.change(editor, { target: { value: editor.value.replace('核心产业规模', '核心产业总规模') } });
    fireEvent.keyDown(editor, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('reader-notice').textContent).toContain('0 条无法定位'));
    const at = test.article.text.indexOf('总规模');
    expect(test.api.editArticleText).toHaveBeenCalledWith({ id: test.article.id, start: at, end: at, text: '总' });
    expect(at).toBeGreaterThan(start);
    expect(onArticleChanged).toHaveBeenCalledWith(expect.objectContaining({ revision: 2 }));
    fireEvent.click(screen.getByTestId('edit-text-toggle'));
    await waitFor(() => expect(textOf('hedit000001')).toBe('我国人工智能核心产业总规模达到5000亿元'));
    // Undo puts the old text back.
    fireEvent.keyDown(document.body, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(textOf('hedit000001')).toBe('我国人工智能核心产业规模达到5000亿元'));
    expect(test.article.text).not.toContain('总规模');
  });

  it.each([
    ['zh-CN', '放弃输入的内容？', '对这一段文字的更正还没有保存', '智能芯片', '智能处理器'],
    ['en', 'Discard what you typed?', 'Your correction to this paragraph is not saved yet', '开放共建', '开放共享'],
  ] as const)(
    'asks (%s) before Escape or Cancel throws a typed correction away; an untouched editor closes at once',
    async (locale, title, question, from, to) => {
      renderReader({ locale });
      fireEvent.click(screen.getByTestId('edit-text-toggle'));
      const para = () => [...body().querySelectorAll('p.blk-paragraph')].find((p) => p.textContent!.includes(from))!;
      fireEvent.click(para());
      let editor = (await screen.findByTestId('block-editor-input')) as HTMLTextAreaElement;
      // Nothing changed: Escape closes without a question.
      fireEvent.keyDown(editor, { key: 'Escape' });
      await waitFor(() => expect(screen.queryByTestId('block-editor')).toBeNull());
      expect(screen.queryByTestId('confirm-dialog')).toBeNull();

      fireEvent.click(para());
      editor = (await screen.findByTestId('block-editor-input')) as HTMLTextAreaElement;
      const typed = editor.value.replace(from, to);
      fireEvent.change(editor, { target: { value: typed } });
      fireEvent.keyDown(editor, { key: 'Escape' });
      const dialog = await screen.findByTestId('confirm-dialog');
      expect(dialog.textContent).toContain(title);
      expect(dialog.textContent).toContain(question);
      // Keep editing: the editor and what was typed stay.
      fireEvent.click(within(dialog).getByTestId('confirm-cancel'));
      await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
      expect((screen.getByTestId('block-editor-input') as HTMLTextAreaElement).value).toBe(typed);
      // Cancel asks too; discarding closes and changes nothing.
      fireEvent.click(screen.getByTestId('block-editor-cancel'));
      fireEvent.click(within(await screen.findByTestId('confirm-dialog')).getByTestId('confirm-ok'));
      await waitFor(() => expect(screen.queryByTestId('block-editor')).toBeNull());
      expect(test.api.editArticleText).not.toHaveBeenCalled();
      expect(body().textContent).toContain(from);
    },
  );

  it('saves a typed correction when the editor goes away unanswered (edit mode turned off)', async () => {
    renderReader();
    fireEvent.click(screen.getByTestId('edit-text-toggle'));
    const para = [...body().querySelectorAll('p.blk-paragraph')].find((p) => p.textContent!.includes('开放共建'))!;
    fireEvent.click(para);
    const editor = (await screen.findByTestId('block-editor-input')) as HTMLTextAreaElement;
    fireEvent.change(editor, { target: { value: editor.value.replace('开放共建', '开放共享') } });
    fireEvent.click(screen.getByTestId('edit-text-toggle'));
    await waitFor(() => expect(test.api.editArticleText).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(body().textContent).toContain('开放共享'));
  });

  it('lists an orphan and re-attaches it to a new selection', async () => {
    renderReader({ annotations: (a) => [{ ...annotationOn(a, '合作共赢', { id: 'horphan0002' }), orphan: true }] });
    const orphans = await screen.findByTestId('orphans');
    expect(within(orphans).getByTestId('orphan-card').textContent).toContain('合作共赢');
    const { start, end } = select('开放共建、合作共赢');
    fireEvent.click(within(orphans).getByTestId('orphan-reattach'));
    await waitFor(() => expect(test.api.reattachAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id: 'horphan0002', start, end }));
    await waitFor(() => expect(textOf('horphan0002')).toBe('开放共建、合作共赢'));
    expect(screen.queryByTestId('orphans')).toBeNull();
  });

  it('arms re-attaching without a selection and offers "re-attach here" on the next one', async () => {
    renderReader({ annotations: (a) => [{ ...annotationOn(a, '合作共赢', { id: 'horphan0003' }), orphan: true }] });
    const orphans = await screen.findByTestId('orphans');
    fireEvent.click(within(orphans).getByTestId('orphan-reattach'));
    expect(screen.getByTestId('reader-notice').textContent).toContain('附着到此处');
    const { start, end } = select('人工智能产业落地');
    fireEvent.click(screen.getByTestId('tb-reattach'));
    await waitFor(() => expect(test.api.reattachAnnotation).toHaveBeenCalledWith({ articleId: test.article.id, id: 'horphan0003', start, end }));
  });

  it('adds checked annotations to a new briefing', async () => {
    renderReader({
      annotations: (a) => [
        annotationOn(a, '核心产业规模', { id: 'hbrief00001' }),
        annotationOn(a, '开放共建', { id: 'hbrief00002' }),
        annotationOn(a, '合作共赢', { id: 'hbrief00003' }),
      ],
    });
    const checks = await screen.findAllByTestId('annotation-check');
    expect((screen.getByTestId('add-to-briefing') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(checks[0]);
    fireEvent.click(checks[2]);
    fireEvent.click(screen.getByTestId('add-to-briefing'));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('第12期 人工智能动态');
    fireEvent.click(within(dialog).getByTestId('briefing-new'));
    fireEvent.change(within(dialog).getByTestId('briefing-new-title'), { target: { value: '人工智能产业简报' } });
    fireEvent.click(within(dialog).getByTestId('briefing-add'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(test.api.createBriefing).toHaveBeenCalledWith({ title: '人工智能产业简报' });
    const created = test.briefings.at(-1)!;
    expect(created.items).toEqual(['hbrief00001', 'hbrief00003']);
    expect(screen.getByTestId('reader-notice').textContent).toContain('已将 2 条标注加入《人工智能产业简报》');
  });

  it('exports the annotations in the chosen format', async () => {
    renderReader({ annotations: (a) => [annotationOn(a, '开放共建')] });
    await screen.findAllByTestId('annotation-card');
    fireEvent.click(screen.getByTestId('export-annotations'));
    fireEvent.click(screen.getByTestId('export-w3c'));
    await waitFor(() => expect(holder.saveText).toHaveBeenCalledWith('annotations.w3c', '[]', 'application/json'));
    expect(test.api.exportAnnotations).toHaveBeenCalledWith({ articleId: test.article.id, format: 'w3c' });
  });

  it('copies a selection with its citation (C)', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderReader();
    await waitFor(() => expect(test.api.listAnnotations).toHaveBeenCalled());
    select('开放共建、合作共赢');
    fireEvent.keyDown(document.body, { key: 'c' });
    await waitFor(() =>
      expect(writeText).toHaveBeenCalledWith('开放共建、合作共赢\n——《推动32个重大产业项目签约，项目投资总额288亿元》，人民日报，2023-07-10'),
    );
  });

  it('shows the annotation the app asks to focus', async () => {
    renderReader({ annotations: (a) => [annotationOn(a, '开放共建', { id: 'hfocus00001' })], focus: { start: 0, end: 0, annotationId: 'hfocus00001' } });
    await waitFor(() => expect(document.querySelector('.annot-card.selected')?.getAttribute('data-annotation-id')).toBe('hfocus00001'));
    await waitFor(() => expect(marksOf('hfocus00001')[0].className).toContain('hl-selected'));
  });

  it('marks a plain range the app asks to focus', async () => {
    const article = sampleArticle();
    const start = article.text.indexOf('5000亿元');
    renderReader({ focus: { start, end: start + 6 } });
    await waitFor(() => expect(body().querySelector('mark.hl-focus')?.textContent).toBe('5000亿元'));
  });

  it('speaks English when the interface does, with renamed colour labels kept as typed', async () => {
    renderReader({ locale: 'en', annotations: (a) => [annotationOn(a, '开放共建', { color: 'risk' })] });
    await screen.findAllByTestId('annotation-card');
    expect(screen.getByTestId('filter-risk').textContent).toContain('Risk');
    fireEvent.click(screen.getByTestId('rename-colors'));
    fireEvent.change(screen.getByTestId('label-risk'), { target: { value: '舆情风险' } });
    fireEvent.submit(screen.getByTestId('labels-editor'));
    await waitFor(() => expect(screen.getByTestId('filter-risk').textContent).toContain('舆情风险'));
    // Only the renamed colour is stored; the others keep their (Chinese) defaults.
    expect(test.api.setColorLabels).toHaveBeenCalledWith({ labels: { risk: '舆情风险' } });
    expect(screen.getByTestId('filter-key').textContent).toContain('Key point');
  });
});
