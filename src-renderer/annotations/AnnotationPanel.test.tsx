/**
 * The annotation panel: text order, colour and tag filters, orphans apart,
 * check boxes feeding "Add to briefing…".
 */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider';
import { AnnotationPanel, type AnnotationPanelProps } from './AnnotationPanel';
import { DEFAULT_LABELS_ZH } from './colors';
import { annotationOn, sampleArticle } from './test-fixtures';

afterEach(cleanup);

const article = sampleArticle();
const list = [
  annotationOn(article, '核心产业规模', { color: 'figure', tags: ['数据'], id: 'hpanel00001' }),
  annotationOn(article, '智能芯片', { color: 'risk', tags: ['芯片', '数据'], id: 'hpanel00002' }),
  annotationOn(article, '开放共建', { color: 'figure', note: '见*政策*原文', id: 'hpanel00003' }),
  { ...annotationOn(article, '合作共赢', { id: 'hpanel00004' }), orphan: true },
];

function setup(overrides: Partial<AnnotationPanelProps> = {}) {
  const props: AnnotationPanelProps = {
    annotations: list,
    loaded: true,
    labels: DEFAULT_LABELS_ZH,
    tagSuggestions: [],
    selectedId: null,
    editing: null,
    hasSelection: false,
    armedId: null,
    onShow: vi.fn(),
    onEdit: vi.fn(),
    onSaveNote: vi.fn(),
    onSaveTags: vi.fn(),
    onDelete: vi.fn(),
    onReattach: vi.fn(),
    onDisarm: vi.fn(),
    onSaveLabels: vi.fn(),
    onAddToBriefing: vi.fn(),
    onExport: vi.fn(),
    ...overrides,
  };
  render(
    <I18nProvider initial="zh-CN">
      <AnnotationPanel {...props} />
    </I18nProvider>,
  );
  return props;
}

const ids = () => screen.queryAllByTestId('annotation-card').map((c) => c.getAttribute('data-annotation-id'));

describe('AnnotationPanel', () => {
  it('is a labelled complementary region listing placed annotations in text order and orphans apart', () => {
    setup();
    expect(screen.getByRole('complementary', { name: /批注/ })).toBeTruthy();
    expect(ids()).toEqual(['hpanel00001', 'hpanel00002', 'hpanel00003']);
    expect(within(screen.getByTestId('orphans')).getAllByTestId('orphan-card')).toHaveLength(1);
    expect(screen.getByTestId('annotation-count').textContent).toBe('4');
  });

  it('filters by colour (several at once) and by tag', () => {
    setup();
    fireEvent.click(screen.getByTestId('filter-figure'));
    expect(ids()).toEqual(['hpanel00001', 'hpanel00003']);
    expect(screen.getByTestId('filter-figure').getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByTestId('filter-risk'));
    expect(ids()).toEqual(['hpanel00001', 'hpanel00002', 'hpanel00003']);
    fireEvent.change(screen.getByTestId('filter-tag'), { target: { value: '数据' } });
    expect(ids()).toEqual(['hpanel00001', 'hpanel00002']);
    fireEvent.click(screen.getByText('清除筛选'));
    expect(ids()).toHaveLength(3);
  });

  it('shows the passage when a quote is clicked', () => {
    const props = setup();
    fireEvent.click(screen.getAllByTestId('card-quote')[1]);
    expect(props.onShow).toHaveBeenCalledWith('hpanel00002');
  });

  it('adds the checked annotations (or all with "select all") to a briefing', () => {
    const props = setup();
    const checks = screen.getAllByTestId('annotation-check');
    fireEvent.click(checks[1]);
    fireEvent.click(checks[2]);
    expect(screen.getByText('已选 2 条')).toBeTruthy();
    fireEvent.click(screen.getByTestId('add-to-briefing'));
    expect(props.onAddToBriefing).toHaveBeenLastCalledWith(['hpanel00002', 'hpanel00003']);
    fireEvent.click(screen.getByTestId('check-all'));
    fireEvent.click(screen.getByTestId('add-to-briefing'));
    expect(props.onAddToBriefing).toHaveBeenLastCalledWith(['hpanel00001', 'hpanel00002', 'hpanel00003', 'hpanel00004']);
  });

  it('offers re-attaching an orphan and deleting it', () => {
    const props = setup({ hasSelection: true });
    const orphan = screen.getByTestId('orphan-card');
    fireEvent.click(within(orphan).getByTestId('orphan-reattach'));
    expect(props.onReattach).toHaveBeenCalledWith('hpanel00004');
    fireEvent.click(within(orphan).getByTestId('card-delete'));
    expect(props.onDelete).toHaveBeenCalledWith('hpanel00004');
  });

  it('renders notes as sanitised Markdown', () => {
    setup();
    expect(screen.getByTestId('card-note-text').innerHTML).toBe('<p>见<em>政策</em>原文</p>\n');
  });

  it.each([
    ['not-found', 'zh-CN', '原文中已找不到这段文字'],
    ['ambiguous', 'zh-CN', '出现多次'],
    ['context-contradicts', 'en', 'words around it no longer match'],
    ['out-of-range', 'en', 'beyond the end of the text'],
    [undefined, 'en', 'could not be placed'],
  ] as const)('says why an orphan could not be placed (%s, %s)', (reason, locale, text) => {
    const orphan = { ...annotationOn(article, '合作共赢', { id: 'hpanel00009' }), orphan: true, ...(reason ? { orphanReason: reason } : {}) };
    render(
      <I18nProvider initial={locale}>
        <AnnotationPanel
          annotations={[orphan]}
          loaded
          labels={DEFAULT_LABELS_ZH}
          tagSuggestions={[]}
          selectedId={null}
          editing={null}
          hasSelection={false}
          armedId={null}
          onShow={vi.fn()}
          onEdit={vi.fn()}
          onSaveNote={vi.fn()}
          onSaveTags={vi.fn()}
          onDelete={vi.fn()}
          onReattach={vi.fn()}
          onDisarm={vi.fn()}
          onSaveLabels={vi.fn()}
          onAddToBriefing={vi.fn()}
          onExport={vi.fn()}
        />
      </I18nProvider>,
    );
    const shown = within(screen.getByTestId('orphan-card')).getByTestId('orphan-reason');
    expect(shown.textContent).toContain(text);
    expect(shown.getAttribute('data-reason')).toBe(reason ?? 'unknown');
  });
});
