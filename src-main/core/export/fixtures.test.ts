import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waicBriefing } from '../../common/briefing/fixtures/waic-briefing';

const article = readFileSync(new URL('../../../resources/rmrb-2023-waic-ai-conference.txt', import.meta.url), 'utf8');

describe('fixtures use real prose', () => {
  it('every quote of the 简报 fixture is verbatim in the People’s Daily sample', () => {
    const quotes = waicBriefing().sections.flatMap((s) => s.items.flatMap((i) => (i.kind === 'highlight' ? [i.quote] : [])));
    expect(quotes.length).toBeGreaterThan(5);
    for (const q of quotes) expect(article, q).toContain(q);
  });
});
