/**
 * The keep rules' one definition (`keep-rules.ts`) on lines laid out by hand on a 10 pt grid:
 * what opens a page whole, and whether it explains a page that ended early.
 */
import { describe, expect, it } from 'vitest';
import { earlyEndByRule, keptOpening, type KeepLine } from './keep-rules';

const FOOT = 600;
/** Lines on a 10 pt pitch from the top of the page, by role letter: h heading, c citation, t text, v 版记. */
function page(roles: string): KeepLine[] {
  const role = { h: 'heading', c: 'citation', t: 'text', v: 'colophon' } as const;
  return [...roles].map((r, i) => ({ top: 100 + 10 * i, bottom: 110 + 10 * i, role: role[r as keyof typeof role] }));
}

describe('keep rules', () => {
  it('a heading keeps two lines, and a citation they reach or that follows them comes whole', () => {
    expect(keptOpening(page('htttt'), FOOT)).toMatchObject({ what: 'heading', lines: 3, height: 30 });
    // A one-line excerpt: heading, excerpt, and its two-line citation.
    expect(keptOpening(page('htcct'), FOOT)).toMatchObject({ what: 'heading', lines: 4, height: 40 });
    // A two-line excerpt: the citation after the two lines comes along.
    expect(keptOpening(page('httcct'), FOOT)).toMatchObject({ what: 'heading', lines: 5 });
    // A two-line heading.
    expect(keptOpening(page('hhttt'), FOOT)).toMatchObject({ what: 'heading', lines: 4 });
  });

  it('an excerpt of up to three lines opens a page with its citation; a longer one keeps two lines', () => {
    expect(keptOpening(page('tttcct'), FOOT)).toMatchObject({ what: 'citation', lines: 5 });
    expect(keptOpening(page('tcttt'), FOOT)).toMatchObject({ what: 'citation', lines: 2 });
    expect(keptOpening(page('ttttc'), FOOT)).toMatchObject({ what: 'text', lines: 2 });
  });

  it('the 版记 on a page of its own is as tall as from its first rule to the foot', () => {
    expect(keptOpening(page('vvv'), FOOT)).toMatchObject({ what: 'colophon', lines: 3, height: FOOT - 100 });
  });

  it('a page may end early by less than the block that opens the next, not by more', () => {
    // Room 35 pt: a heading block of 40 pt could not stand there; one of 30 pt could.
    expect(earlyEndByRule(35, page('htcct'), FOOT)).toMatchObject({ what: 'heading' });
    expect(earlyEndByRule(35, page('htttt'), FOOT)).toBeNull();
    // Exactly the room (within rounding): it would have fitted.
    expect(earlyEndByRule(40, page('htcct'), FOOT)).toBeNull();
    expect(earlyEndByRule(490, page('vv'), FOOT)).toMatchObject({ what: 'colophon' });
    expect(earlyEndByRule(510, page('vv'), FOOT)).toBeNull();
    expect(earlyEndByRule(5, [], FOOT)).toBeNull();
  });
});
