import { describe, expect, it } from 'vitest';
import { officeBriefing } from './fixtures/office-briefing';
import { waicBriefing } from './fixtures/waic-briefing';
import { parseBriefing } from './model';
import { issueNumberValue, latestIssue, nextIssue, nextIssueNumber, type IssueRef } from './series';

function ids() {
  let n = 0;
  return (p: string) => `${p}t${String(++n).padStart(3, '0')}`;
}

describe('issue numbers as people write them', () => {
  it.each([
    [12, 12],
    ['12', 12],
    ['第12期', 12],
    ['2023年第3期', 3],
    ['２０２４年第７期', 7],
    ['No. 7', 7],
    ['#4', 4],
    ['总第128期（内部）', undefined],
    ['特刊', undefined],
    [undefined, undefined],
    [-1, undefined],
    [2.5, undefined],
  ] as const)('%j → %j', (input, out) => expect(issueNumberValue(input as number | string | undefined)).toBe(out));
});

describe('next issue number', () => {
  const issues: IssueRef[] = [
    { id: 'b1', date: '2023-11-20', issueNumber: 14 },
    { id: 'b2', date: '2023-12-18', issueNumber: '第15期' },
    { id: 'b3', date: '2023-12-28', issueNumber: 16 },
  ];

  it('counts on within the year', () => {
    expect(nextIssueNumber(issues, '2023-12-30')).toBe(17);
  });

  it('starts again at 第1期 with the first issue of a new year (yearly numbering)', () => {
    expect(nextIssueNumber(issues, '2024-01-08')).toBe(1);
    expect(nextIssueNumber([...issues, { id: 'b4', date: '2024-01-08', issueNumber: 1 }], '2024-01-22')).toBe(2);
  });

  it('counts on across years when the series numbers continuously', () => {
    expect(nextIssueNumber(issues, '2024-01-08', 'continuous')).toBe(17);
  });

  it('starts at 1 in an empty series and ignores numbers it cannot read', () => {
    expect(nextIssueNumber([], '2024-05-01')).toBe(1);
    expect(nextIssueNumber([{ id: 'x', date: '2024-05-01', issueNumber: '特刊' }], '2024-05-02')).toBe(1);
  });

  it('takes the latest issue by date, then by number', () => {
    expect(latestIssue(issues)?.id).toBe('b3');
    expect(
      latestIssue([
        { id: 'a', date: '2024-01-01', issueNumber: 2 },
        { id: 'b', date: '2024-01-01', issueNumber: 3 },
      ])?.id,
    ).toBe('b');
    expect(latestIssue([])).toBeUndefined();
  });
});

describe('nextIssue', () => {
  it('carries the series, masthead, organisation, distribution and print settings over, with a new number, date and no content', () => {
    const prev = officeBriefing();
    prev.header.series = { id: 'sr-industry', numbering: 'yearly' };
    prev.header.noteLabel = 'comment';
    prev.header.sourcesList = true;
    const next = nextIssue(prev, { now: '2023-07-21T09:00:00.000Z', date: '2023-07-21', issueNumber: 16, newId: ids() });
    expect(parseBriefing(next)).toEqual(next);
    expect(next.id).toBe('bt001');
    expect(next.header).toEqual({
      title: '产业动态 第16期',
      organisation: '市发展研究中心产业研究所',
      issueNumber: 16,
      date: '2023-07-21',
      classification: '内部资料　注意保存',
      publicationName: '产业动态',
      distribution: prev.header.distribution,
      copies: 60,
      series: { id: 'sr-industry', numbering: 'yearly' },
      noteLabel: 'comment',
      sourcesList: true,
    });
    expect(next.summary).toBe('');
    expect(next.sections).toEqual([]);
    expect(next.template).toBe('gbt9704');
    // The previous issue is not touched, and the copy does not share the distribution object.
    expect(prev.header.issueNumber).toBe(15);
    expect(next.header.distribution).not.toBe(prev.header.distribution);
  });

  it('takes the title given, and names an English series in English', () => {
    const prev = waicBriefing();
    expect(nextIssue(prev, { now: 'T', date: '2023-07-19', issueNumber: 13, title: '  算力专题  ', newId: ids() }).header.title).toBe('算力专题');
    const en = { ...prev, header: { ...prev.header, title: 'AI watch', publicationName: 'Policy Brief', language: 'en' as const } };
    expect(nextIssue(en, { now: 'T', date: '2023-07-19', issueNumber: 13, newId: ids() }).header.title).toBe('Policy Brief No. 13');
  });

  it('starts a series for a briefing that had none (the service records it on the previous issue too)', () => {
    const prev = waicBriefing();
    delete prev.header.series;
    const next = nextIssue(prev, { now: 'T', date: '2023-07-19', issueNumber: 13, newId: ids() });
    expect(next.header.series).toEqual({ id: 'srt001' });
  });
});
