/**
 * The composer against a stubbed API (the e2e test drives the real one):
 * keyboard reordering with announcements, debounced and on-blur saving,
 * undo, confirm-before-delete, the highlight picker, export progress and the
 * way back to a highlight's article.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, createEvent, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Annotation } from '../../src-main/common/annotation';
import type { Briefing } from '../../src-main/common/briefing/model';
import { waicBriefing } from '../../src-main/common/briefing/fixtures/waic-briefing';
import { I18nProvider } from '../i18n/I18nProvider';

const mocks = vi.hoisted(() => ({
  api: {
    listBriefings: vi.fn(),
    getBriefing: vi.fn(),
    saveBriefing: vi.fn(),
    createBriefing: vi.fn(),
    duplicateBriefing: vi.fn(),
    deleteBriefing: vi.fn(),
    addHighlightsToBriefing: vi.fn(),
    refreshBriefingHighlights: vi.fn(),
    previewBriefing: vi.fn(),
    exportBriefing: vi.fn(),
    listArticles: vi.fn(),
    listAnnotations: vi.fn(),
    queryArticles: vi.fn(),
  },
  downloadBytes: vi.fn(),
  /** Listeners the workspace subscribed with onApiEvent, by event name. */
  events: new Map<string, Set<(payload: unknown) => void>>(),
}));
vi.mock('../api-client', () => ({
  api: mocks.api,
  downloadBytes: mocks.downloadBytes,
  desktopHost: () => null,
  newOperation: (kind: string) => `${kind}-test`,
  onApiEvent: (name: string, listener: (payload: unknown) => void) => {
    if (!mocks.events.has(name)) mocks.events.set(name, new Set());
    mocks.events.get(name)!.add(listener);
    return () => mocks.events.get(name)!.delete(listener);
  },
}));
/** An event as the host would deliver it. */
const emit = (name: string, payload: unknown) => mocks.events.get(name)?.forEach((listener) => listener(payload));

const { BriefingWorkspace, closingSaves } = await import('./BriefingWorkspace');
const { api } = mocks;

let briefing: Briefing;
const onOpenArticle = vi.fn();
/** Article ids treated as deleted from the library. */
const deleted = new Set<string>();

function annotation(id: string, start: number, exact: string, note = ''): Annotation {
  return {
    id,
    articleId: 'rmrb-waic-2023',
    target: {
      selector: [
        { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
        { type: 'TextPositionSelector', start, end: start + exact.length },
      ],
    },
    color: 'key',
    note,
    tags: [],
    created: '2023-07-12T08:00:00.000Z',
    modified: '2023-07-12T08:00:00.000Z',
  };
}

beforeEach(() => {
  deleted.clear();
  briefing = waicBriefing();
  api.listBriefings.mockResolvedValue([{ id: briefing.id, title: briefing.header.title, modified: briefing.modified }]);
  api.getBriefing.mockImplementation(async () => briefing);
  // Every cited article is in the library unless a test deletes one.
  api.queryArticles.mockImplementation(async ({ ids }: { ids: string[] }) => ({
    items: ids.filter((id) => !deleted.has(id)).map((id) => ({ id })),
    total: ids.filter((id) => !deleted.has(id)).length,
  }));
  api.saveBriefing.mockImplementation(async ({ briefing: b }: { briefing: Briefing }) => ({ ...b, modified: new Date().toISOString() }));
  api.previewBriefing.mockResolvedValue({
    html: '<!DOCTYPE html><html><head></head><body class="bd-template-modern bd-lang-zh bd-standalone"><h1>预览</h1></body></html>',
  });
  api.listArticles.mockResolvedValue([{ id: 'rmrb-waic-2023', title: '世界人工智能大会磁场效应显现', source: '人民日报', published: '2023-07-10', tags: [] }]);
  api.listAnnotations.mockResolvedValue([
    annotation('a-second', 300, '上海已有30个大模型通过备案'),
    annotation('a-first', 20, '推动32个重大产业项目签约，项目投资总额288亿元', '核实签约金额'),
  ]);
});

afterEach(async () => {
  cleanup();
  // Let the save started by closing the view land before the next test counts calls.
  await closingSaves();
  vi.clearAllMocks();
});

async function open() {
  const view = render(
    <I18nProvider initial="en">
      <BriefingWorkspace onOpenArticle={onOpenArticle} />
    </I18nProvider>,
  );
  await screen.findAllByTestId('brief-item');
  return view;
}

const itemIds = () => screen.getAllByTestId('brief-item').map((el) => el.getAttribute('data-item-id'));
const sectionIds = () => screen.getAllByTestId('brief-section').map((el) => el.getAttribute('data-section-id'));
const lastSaved = (): Briefing => api.saveBriefing.mock.calls.at(-1)![0].briefing;

describe('BriefingWorkspace', () => {
  it('opens the most recent briefing with its header and items', async () => {
    await open();
    expect((screen.getByTestId('brief-title') as HTMLInputElement).value).toBe(briefing.header.title);
    expect(screen.getAllByTestId('brief-section')).toHaveLength(briefing.sections.length);
    expect(screen.getAllByTestId('brief-item-quote')[0].textContent).toBe((briefing.sections[0].items[0] as { quote: string }).quote);
  });

  it('moves an item with Alt+ArrowDown, keeps focus on it, announces it and saves at once', async () => {
    await open();
    const [first, second] = itemIds();
    const handle = screen.getAllByTestId('brief-item-handle')[0];
    handle.focus();
    fireEvent.keyDown(handle, { key: 'ArrowDown', altKey: true });
    expect(itemIds().slice(0, 2)).toEqual([second, first]);
    const total = briefing.sections[0].items.length;
    expect(screen.getByTestId('brief-live').textContent).toBe(`Moved to section 1, position 2 of ${total}`);
    expect(document.activeElement?.getAttribute('data-handle-for')).toBe(first);
    expect(api.saveBriefing).toHaveBeenCalledTimes(1);
    expect(
      lastSaved()
        .sections[0].items.map((i) => i.id)
        .slice(0, 2),
    ).toEqual([second, first]);
  });

  it('moves an item across into the previous section at its end', async () => {
    await open();
    const firstOfSecond = briefing.sections[1].items[0].id;
    const handle = document.querySelector<HTMLElement>(`[data-handle-for="${firstOfSecond}"]`)!;
    fireEvent.keyDown(handle, { key: 'ArrowUp', altKey: true });
    const section0 = within(screen.getAllByTestId('brief-section')[0]).getAllByTestId('brief-item');
    expect(section0.at(-1)!.getAttribute('data-item-id')).toBe(firstOfSecond);
  });

  it('moves a section with Alt+ArrowUp and says when it cannot move further', async () => {
    await open();
    const [s0, s1] = sectionIds();
    fireEvent.keyDown(screen.getAllByTestId('brief-section-handle')[1], { key: 'ArrowUp', altKey: true });
    expect(sectionIds().slice(0, 2)).toEqual([s1, s0]);
    expect(screen.getByTestId('brief-live').textContent).toBe(`Section moved to position 1 of ${briefing.sections.length}`);
    fireEvent.keyDown(screen.getAllByTestId('brief-section-handle')[0], { key: 'ArrowUp', altKey: true });
    expect(screen.getByTestId('brief-live').textContent).toBe('Cannot move any further');
  });

  it('saves typing once after a pause, then at once on blur', async () => {
    await open();
    const summary = screen.getByTestId('brief-summary');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      fireEvent.change(summary, { target: { value: '本期' } });
      await act(() => vi.advanceTimersByTimeAsync(300));
      fireEvent.change(summary, { target: { value: '本期要点' } });
      fireEvent.change(summary, { target: { value: '本期要点：算力' } });
      expect(screen.getByTestId('brief-save-state').dataset.state).toBe('pending');
      await act(() => vi.advanceTimersByTimeAsync(599));
      expect(api.saveBriefing).not.toHaveBeenCalled();
      await act(() => vi.advanceTimersByTimeAsync(1));
    } finally {
      vi.useRealTimers();
    }
    expect(api.saveBriefing).toHaveBeenCalledTimes(1);
    expect(lastSaved().summary).toBe('本期要点：算力');
    await waitFor(() => expect(screen.getByTestId('brief-save-state').dataset.state).toBe('saved'));

    fireEvent.change(summary, { target: { value: '本期要点：算力底座' } });
    fireEvent.blur(summary);
    await waitFor(() => expect(api.saveBriefing).toHaveBeenCalledTimes(2));
    expect(lastSaved().summary).toBe('本期要点：算力底座');
  });

  it('shows the summary as sanitised Markdown while typing', async () => {
    await open();
    fireEvent.change(screen.getByTestId('brief-summary'), { target: { value: '**要点** <img src=x onerror=alert(1)><script>alert(2)</script>' } });
    const preview = await screen.findByTestId('brief-summary-preview');
    await waitFor(() => expect(preview.querySelector('strong')?.textContent).toBe('要点'));
    expect(preview.querySelector('img, script, [onerror]')).toBeNull();
    expect(preview.textContent).toContain('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });

  it('saves what was typed when the view closes during the pause', async () => {
    const view = await open();
    fireEvent.change(screen.getByTestId('brief-summary'), { target: { value: '切换视图前最后一句' } });
    expect(api.saveBriefing).not.toHaveBeenCalled();
    view.unmount();
    await waitFor(() => expect(api.saveBriefing).toHaveBeenCalledTimes(1));
    expect(lastSaved().summary).toBe('切换视图前最后一句');
  });

  it('undoes and redoes with Ctrl+Z / Ctrl+Shift+Z', async () => {
    await open();
    const before = itemIds();
    fireEvent.keyDown(screen.getAllByTestId('brief-item-handle')[0], { key: 'ArrowDown', altKey: true });
    expect(itemIds()).not.toEqual(before);
    fireEvent.keyDown(screen.getByTestId('brief-composer'), { key: 'z', ctrlKey: true });
    expect(itemIds()).toEqual(before);
    fireEvent.keyDown(screen.getByTestId('brief-composer'), { key: 'z', ctrlKey: true, shiftKey: true });
    expect(itemIds()).not.toEqual(before);
  });

  it('starts the next issue of the series from the toolbar, saving this one first, and opens it', async () => {
    const next: Briefing = {
      ...briefing,
      id: 'b-waic-2023-13',
      header: { ...briefing.header, title: '政策简报 第13期', issueNumber: 13, date: '2023-07-19' },
      summary: '',
      sections: [],
    };
    api.createBriefing.mockResolvedValue(next);
    api.getBriefing.mockImplementation(async ({ id }: { id: string }) => (id === next.id ? next : briefing));
    await open();
    fireEvent.change(screen.getByTestId('brief-title'), { target: { value: '改过的标题' } });
    fireEvent.click(screen.getByTestId('brief-next-issue'));
    await waitFor(() => expect(api.createBriefing).toHaveBeenCalledWith({ nextOf: briefing.id }));
    // The edit was saved before the next issue was made from it.
    expect(api.saveBriefing.mock.invocationCallOrder[0]).toBeLessThan(api.createBriefing.mock.invocationCallOrder[0]);
    await waitFor(() => expect((screen.getByTestId('brief-title') as HTMLInputElement).value).toBe('政策简报 第13期'));
    expect(screen.getAllByTestId('brief-row')[0].textContent).toContain('政策简报 第13期');
  });

  it('sets the comment label, copies, sources list and numbering of the briefing', async () => {
    briefing.header.series = { id: 'sr-waic-policy' };
    await open();
    const more = screen.getByTestId('brief-header-more');
    if (more.getAttribute('aria-expanded') !== 'true') fireEvent.click(more);
    fireEvent.change(screen.getByTestId('brief-note-label'), { target: { value: 'editor' } });
    await waitFor(() => expect(lastSaved().header.noteLabel).toBe('editor'));
    fireEvent.change(screen.getByTestId('brief-sources-list'), { target: { value: 'on' } });
    await waitFor(() => expect(lastSaved().header.sourcesList).toBe(true));
    fireEvent.change(screen.getByTestId('brief-numbering'), { target: { value: 'continuous' } });
    await waitFor(() => expect(lastSaved().header.series).toMatchObject({ numbering: 'continuous' }));
    const copies = screen.getByTestId('brief-copies');
    fireEvent.change(copies, { target: { value: '60' } });
    fireEvent.blur(copies);
    await waitFor(() => expect(lastSaved().header.copies).toBe(60));
    fireEvent.change(copies, { target: { value: '' } });
    fireEvent.blur(copies);
    await waitFor(() => expect(lastSaved().header).not.toHaveProperty('copies'));
    fireEvent.change(screen.getByTestId('brief-note-label'), { target: { value: 'note' } });
    await waitFor(() => expect(lastSaved().header).not.toHaveProperty('noteLabel'));
  });

  it('asks before deleting the briefing', async () => {
    api.deleteBriefing.mockResolvedValue({ id: briefing.id, title: briefing.header.title });
    await open();
    fireEvent.click(screen.getByTestId('brief-delete'));
    const dialog = await screen.findByTestId('confirm-dialog');
    expect(dialog.textContent).toContain(briefing.header.title);
    expect(document.activeElement).toBe(screen.getByTestId('confirm-cancel'));
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(api.deleteBriefing).not.toHaveBeenCalled();
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();

    fireEvent.click(screen.getByTestId('brief-delete'));
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(api.deleteBriefing).toHaveBeenCalledWith({ id: briefing.id }));
    await screen.findByTestId('brief-placeholder');
  });

  it('asks before deleting a section that has items', async () => {
    await open();
    const count = sectionIds().length;
    fireEvent.click(screen.getAllByTestId('brief-section-delete')[0]);
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(sectionIds()).toHaveLength(count - 1));
  });

  it('adds ticked highlights from the picker in text order', async () => {
    const withNew = (b: Briefing): Briefing => ({
      ...b,
      sections: [
        ...b.sections,
        {
          id: 's-added-001',
          heading: '世界人工智能大会磁场效应显现',
          items: [
            {
              kind: 'highlight',
              id: 'i-added-001',
              annotationId: 'a-first',
              articleId: 'rmrb-waic-2023',
              quote: '推动32个重大产业项目签约，项目投资总额288亿元',
              note: '核实签约金额',
              citation: { title: '世界人工智能大会磁场效应显现', source: '人民日报', published: '2023-07-10' },
            },
          ],
        },
      ],
    });
    api.addHighlightsToBriefing.mockImplementation(async () => withNew(briefing));
    await open();
    fireEvent.click(screen.getByTestId('brief-add-highlights'));
    const picks = await screen.findAllByTestId('brief-pick', {}, { timeout: 5000 });
    expect(picks.map((p) => p.textContent)).toEqual([expect.stringContaining('推动32个重大产业项目签约'), expect.stringContaining('上海已有30个大模型')]);
    expect((screen.getByTestId('brief-picker-add') as HTMLButtonElement).disabled).toBe(true);
    const checks = screen.getAllByTestId('brief-pick-check');
    fireEvent.click(checks[1]);
    fireEvent.click(checks[0]);
    expect(screen.getByTestId('brief-picker-add').textContent).toBe('Add 2');
    fireEvent.click(screen.getByTestId('brief-picker-add'));
    await waitFor(() =>
      expect(api.addHighlightsToBriefing).toHaveBeenCalledWith({
        briefingId: briefing.id,
        highlights: [
          { articleId: 'rmrb-waic-2023', annotationId: 'a-first' },
          { articleId: 'rmrb-waic-2023', annotationId: 'a-second' },
        ],
        duplicates: 'skip',
      }),
    );
    await waitFor(() => expect(itemIds()).toContain('i-added-001'));
    // The stand-in core added one item of the two asked for (as if the other were there already): the toast says what happened.
    expect(screen.getByTestId('toast-info').textContent).toContain('Added 1 highlight, skipped 1 already there');
  });

  it('disables Export and follows the core’s progress while the file is made, then saves it', async () => {
    let finish!: (v: unknown) => void;
    api.exportBriefing.mockReturnValue(new Promise((r) => (finish = r)));
    mocks.downloadBytes.mockReturnValue(true);
    await open();
    fireEvent.click(screen.getByTestId('brief-export-button'));
    await waitFor(() => expect((screen.getByTestId('brief-export-button') as HTMLButtonElement).disabled).toBe(true));
    const bar = screen.getByTestId('brief-export-progress');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBeNull(); // nothing heard yet: indeterminate
    expect(api.exportBriefing).toHaveBeenCalledWith({ id: briefing.id, format: 'pdf', template: 'gbt9704', operation: 'export-test' });
    // Another export's progress is not this one's.
    act(() => emit('exportProgress', { operation: 'export-other', format: 'pdf', phase: 'building', stage: 'print', fraction: 0.9 }));
    expect(screen.getByTestId('brief-export-progress').getAttribute('aria-valuenow')).toBeNull();
    act(() => emit('exportProgress', { operation: 'export-test', format: 'pdf', phase: 'building', stage: 'print', fraction: 0.6 }));
    expect(screen.getByTestId('brief-export-progress').getAttribute('aria-valuenow')).toBe('60');
    expect(screen.getByTestId('brief-export-progress').getAttribute('data-stage')).toBe('print');
    await act(async () => finish({ fileName: 'waic.pdf', mime: 'application/pdf', dataBase64: btoa('%PDF-1.7') }));
    await waitFor(() => expect((screen.getByTestId('brief-export-button') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('brief-export-progress')).toBeNull();
    const [name, bytes, mime] = mocks.downloadBytes.mock.calls[0];
    expect([name, new TextDecoder().decode(bytes), mime]).toEqual(['waic.pdf', '%PDF-1.7', 'application/pdf']);
    // The subscription ends with the export.
    expect(mocks.events.get('exportProgress')?.size ?? 0).toBe(0);
  });

  it('shows the print preview in a script-free sandboxed frame', async () => {
    await open();
    const frame = await screen.findByTestId('brief-preview-frame');
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>预览</h1>');
    // Pages on a desk: the template's screen layout, asked of the core rather than patched here.
    expect(api.previewBriefing).toHaveBeenCalledWith(expect.objectContaining({ purpose: 'pages' }));
  });

  it('opens the source article at the highlight', async () => {
    await open();
    fireEvent.click(screen.getAllByTestId('brief-open-source')[0]);
    const item = briefing.sections[0].items[0] as { articleId: string; annotationId: string };
    await waitFor(() => expect(onOpenArticle).toHaveBeenCalledWith(item.articleId, item.annotationId));
  });

  it('says the source was deleted instead of opening anything when the article is gone', async () => {
    const item = briefing.sections[0].items[0] as { articleId: string; annotationId: string };
    deleted.add(item.articleId);
    await open();
    expect((await screen.findAllByTestId('brief-source-deleted')).length).toBeGreaterThan(0);
    onOpenArticle.mockClear();
    fireEvent.click(screen.getAllByTestId('brief-open-source')[0]);
    await waitFor(() => expect(screen.getByTestId('toast-info').textContent).toContain('The source article of this excerpt has been deleted'));
    expect(onOpenArticle).not.toHaveBeenCalled();
  });
});

/** A stand-in for the browser's DataTransfer (jsdom has none). */
function dataTransfer() {
  const data = new Map<string, string>();
  return {
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    setDragImage: () => undefined,
    effectAllowed: 'all',
    dropEffect: 'none',
  };
}

/**
 * Fires a drag event at a pointer height. jsdom has no DragEvent (so no
 * clientY) and lays nothing out (every rect is 0×0): -1 is the upper half of
 * any element, 1 the lower.
 */
function drag(type: 'dragOver' | 'drop', el: Element, dt: ReturnType<typeof dataTransfer>, clientY: number) {
  const event = createEvent[type](el, { dataTransfer: dt });
  Object.defineProperty(event, 'clientY', { value: clientY });
  fireEvent(el, event);
}

describe('BriefingWorkspace drag and drop', () => {
  it('drops an item above the first one of its section', async () => {
    await open();
    const before = itemIds();
    const dt = dataTransfer();
    fireEvent.dragStart(screen.getAllByTestId('brief-item-handle')[2], { dataTransfer: dt });
    const target = screen.getAllByTestId('brief-item')[0];
    drag('dragOver', target, dt, -1);
    expect(target.className).toContain('drop-before');
    drag('drop', target, dt, -1);
    expect(itemIds().slice(0, 3)).toEqual([before[2], before[0], before[1]]);
    expect(api.saveBriefing).toHaveBeenCalledTimes(1);
    expect(document.querySelector('.drop-before')).toBeNull();
  });

  it('drops a section below the next one', async () => {
    await open();
    const [s0, s1] = sectionIds();
    const dt = dataTransfer();
    fireEvent.dragStart(screen.getAllByTestId('brief-section-handle')[0], { dataTransfer: dt });
    const target = screen.getAllByTestId('brief-section')[1];
    drag('dragOver', target, dt, 1);
    drag('drop', target, dt, 1);
    expect(sectionIds().slice(0, 2)).toEqual([s1, s0]);
  });

  it('adds a highlight dragged from the picker at the place it is dropped', async () => {
    const sectionId = briefing.sections[0].id;
    api.addHighlightsToBriefing.mockImplementation(async ({ highlights }: { highlights: { annotationId: string }[] }) => ({
      ...briefing,
      sections: briefing.sections.map((s, i) =>
        i === 0
          ? {
              ...s,
              items: [
                ...s.items,
                {
                  kind: 'highlight' as const,
                  id: 'i-dropped-01',
                  annotationId: highlights[0].annotationId,
                  articleId: 'rmrb-waic-2023',
                  quote: '上海已有30个大模型通过备案',
                  note: '',
                  citation: { title: '世界人工智能大会磁场效应显现' },
                },
              ],
            }
          : s,
      ),
    }));
    await open();
    fireEvent.click(screen.getByTestId('brief-add-highlights'));
    const [, secondPick] = await screen.findAllByTestId('brief-pick', {}, { timeout: 5000 });
    const dt = dataTransfer();
    fireEvent.dragStart(secondPick, { dataTransfer: dt });
    const target = screen.getAllByTestId('brief-item')[0];
    drag('dragOver', target, dt, -1);
    drag('drop', target, dt, -1);
    await waitFor(() =>
      expect(api.addHighlightsToBriefing).toHaveBeenCalledWith({
        briefingId: briefing.id,
        sectionId,
        highlights: [{ articleId: 'rmrb-waic-2023', annotationId: 'a-second' }],
        duplicates: 'skip',
      }),
    );
    // Placed where it was dropped (first), not at the end where the core appended it.
    await waitFor(() => expect(itemIds()[0]).toBe('i-dropped-01'));
    // One undo removes it again.
    fireEvent.keyDown(screen.getByTestId('brief-composer'), { key: 'z', ctrlKey: true });
    expect(itemIds()).not.toContain('i-dropped-01');
  });
});
