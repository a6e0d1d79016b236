/**
 * English datelines as wires and institutions open a story — place, full
 * date, perhaps the wire, a dash — give the article its date and place;
 * an ordinary first sentence that merely holds a date gives neither.
 */
import { describe, expect, it } from 'vitest';
import { detectMeta, type DetectedMeta } from './metadata-detect';

const DATED: { line: string; expected: DetectedMeta }[] = [
  {
    line: 'Brussels, 4 March 2025 — The European Commission today proposed a package of measures to simplify sustainability reporting.',
    expected: { region: 'Brussels', published: '2025-03-04' },
  },
  {
    line: 'WASHINGTON, March 4, 2025 – The Commerce Department widened its export controls on advanced chipmaking tools on Tuesday.',
    expected: { region: 'Washington', published: '2025-03-04' },
  },
  {
    line: 'Geneva, Switzerland, 12 November 2024 - Member states agreed on a draft text after three days of talks.',
    expected: { region: 'Geneva', published: '2024-11-12' },
  },
  {
    line: 'NEW YORK, Jan. 7, 2025 (AP) — Stocks drifted lower in early trading as investors waited for the jobs report.',
    expected: { region: 'New York', published: '2025-01-07', source: 'AP' },
  },
  {
    line: 'Frankfurt am Main, 30 September 2024 -- The central bank left its key rates unchanged.',
    expected: { region: 'Frankfurt am Main', published: '2024-09-30' },
  },
  {
    line: 'Singapore, Tuesday, 18 June 2024 — The port authority reported record container volumes for May.',
    expected: { region: 'Singapore', published: '2024-06-18' },
  },
  {
    line: 'Brussels, 4 March 2025',
    expected: { region: 'Brussels', published: '2025-03-04' },
  },
];

const UNDATED_WIRE: { line: string; year?: number; expected: DetectedMeta }[] = [
  {
    line: 'LONDON, March 4 (Reuters) - British factory output fell for a third month, official data showed on Tuesday.',
    year: 2025,
    expected: { source: 'Reuters', region: 'London', published: '2025-03-04' },
  },
  {
    line: 'BEIJING (Reuters) - China will expand a trade-in programme for consumer goods, the planning agency said.',
    expected: { source: 'Reuters', region: 'Beijing' },
  },
  {
    line: 'TOKYO, Sept. 12 (Bloomberg) - The yen weakened past 145 per dollar.',
    expected: { source: 'Bloomberg', region: 'Tokyo' },
  },
];

/** First sentences that hold a date, a comma or a dash, but open no dateline. */
const ORDINARY = [
  'Yesterday, 4 March 2025 — a day the industry had waited for — the rules finally took effect.',
  'However, March 4, 2025 – the original deadline – passed without a decision.',
  'On 4 March 2025 the European Commission proposed a package of measures.',
  'The European Commission, on 4 March 2025, proposed a package of measures — its largest this year.',
  'In a statement on March 4, 2025, the ministry said exports had grown.',
  'Tuesday, 4 March 2025 — markets were calm.',
  'exporters, 4 March 2025 - a note on tariffs.',
  'Sales rose 4% in March 2025 — the fastest pace in a year.',
];

describe('English datelines', () => {
  it.each(DATED.map((c) => [c.line.slice(0, 40), c] as const))('reads place and date: %s…', (_name, c) => {
    expect(detectMeta(['Simplification package', c.line])).toEqual(c.expected);
  });

  it.each(UNDATED_WIRE.map((c) => [c.line.slice(0, 40), c] as const))('reads a wire dateline without a year: %s…', (_name, c) => {
    expect(detectMeta([c.line], c.year ? { year: c.year } : {})).toEqual(c.expected);
  });

  it.each(ORDINARY.map((line) => [line]))('takes no place and no date from an ordinary first sentence: %s', (line) => {
    const meta = detectMeta(['A title', line]);
    expect({ region: meta.region, published: meta.published }).toEqual({ region: undefined, published: undefined });
  });

  it('leaves a stronger date (a labelled one) in place', () => {
    expect(detectMeta(['Published: 2025-03-05', 'Brussels, 4 March 2025 — The Commission proposed new rules.'])).toEqual({
      region: 'Brussels',
      published: '2025-03-05',
    });
  });
});
