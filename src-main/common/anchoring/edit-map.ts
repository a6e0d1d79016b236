/**
 * What an edit did to a text, as anchoring needs to know it: where an offset
 * of the old text lies in the new one, whether a passage of the old text was
 * touched at all, and whether a stretch of the new text is old text the edit
 * left alone.
 *
 * The last question is what keeps a highlight off look-alike passages: when
 * the paragraph holding a highlight is deleted, a similar paragraph that was
 * already in the text and was not edited is, by construction, a different
 * passage (`第一小组…` is gone; `第二小组…` was there all along). Only text
 * the edit inserted or changed can hold the highlighted passage's new form.
 *
 * The edit is found by a line diff (the `diff` library's Myers diff over
 * lines, i.e. paragraphs of the canonical text) inside the region where the
 * two texts differ. Offsets inside a changed stretch are scaled, which is only
 * a hint: `anchor()` checks every position against the quote. Offsets are
 * UTF-16 code units (JavaScript string indices).
 */
import { diffLines } from 'diff';

/** A stretch present unchanged in both texts. */
interface Same {
  oldStart: number;
  newStart: number;
  length: number;
}

export interface EditMap {
  /** Where `offset` of the old text lies in the new one (scaled inside changed stretches). */
  map(offset: number): number;
  /**
   * Where the old passage `[start, end)` lies in the new text, and whether the
   * edit left it alone. Where the edit could be placed in several ways (a
   * repeated character or phrase deleted or inserted next to identical text),
   * the placement that leaves the passage alone is chosen.
   */
  passage(start: number, end: number): { start: number; end: number; untouched: boolean };
  /** True when `[start, end)` of the new text lies inside one stretch the edit left unchanged. */
  unchangedInNew(start: number, end: number): boolean;
  /**
   * Where the old passage `[start, end)` is in the new text when everything
   * the edit changed lies inside it (a correction within the passage: the
   * texts differ only between its ends), else null. Exact to the character.
   */
  rewrittenInside(start: number, end: number): { start: number; end: number } | null;
}

/** Past this many changed lines the diff gives up and one changed region is assumed. */
const MAX_EDIT_LINES = 2000;

/** Common prefix and suffix lengths of two strings (the suffix never overlaps the prefix). */
function commonEnds(a: string, b: string): { head: number; tail: number } {
  const shorter = Math.min(a.length, b.length);
  let head = 0;
  while (head < shorter && a.charCodeAt(head) === b.charCodeAt(head)) head += 1;
  let tail = 0;
  while (tail < shorter - head && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail += 1;
  return { head, tail };
}

/** Unchanged stretches of `oldText` and `newText`, in order, never overlapping. */
function sameStretches(oldText: string, newText: string): Same[] {
  const { head, tail } = commonEnds(oldText, newText);
  const out: Same[] = [];
  // The common prefix and suffix are exact to the character.
  if (head > 0) out.push({ oldStart: 0, newStart: 0, length: head });
  if (tail > 0) out.push({ oldStart: oldText.length - tail, newStart: newText.length - tail, length: tail });
  // Between them, whole lines: widen the differing middle to line boundaries
  // (inside the common ends, so the widening is the same in both texts) and
  // diff it line by line.
  const from = oldText.lastIndexOf('\n', head - 1) + 1;
  const oldEnd = oldText.length - tail;
  const nl = oldText.indexOf('\n', oldEnd);
  const widenedTail = nl === -1 ? 0 : oldText.length - (nl + 1);
  const to = Math.min(tail, widenedTail);
  if (from <= oldEnd && from <= newText.length - tail) {
    const oldMid = oldText.slice(from, oldText.length - to);
    const newMid = newText.slice(from, newText.length - to);
    const parts = oldMid && newMid ? diffLines(oldMid, newMid, { maxEditLength: MAX_EDIT_LINES }) : undefined;
    if (parts) {
      let o = from;
      let n = from;
      for (const part of parts) {
        const len = part.value.length;
        if (part.added) n += len;
        else if (part.removed) o += len;
        else {
          out.push({ oldStart: o, newStart: n, length: len });
          o += len;
          n += len;
        }
      }
    }
  }
  // Union of overlapping or touching stretches that shift by the same amount.
  out.sort((a, b) => a.oldStart - b.oldStart);
  const merged: Same[] = [];
  for (const s of out) {
    if (s.length <= 0) continue;
    const last = merged.at(-1);
    if (last && last.newStart - last.oldStart === s.newStart - s.oldStart && s.oldStart <= last.oldStart + last.length) {
      last.length = Math.max(last.length, s.oldStart + s.length - last.oldStart);
    } else if (!last || s.oldStart >= last.oldStart + last.length) {
      merged.push({ ...s });
    }
  }
  return merged;
}

/** The edit that turned `oldText` into `newText`. */
export function editMap(oldText: string, newText: string): EditMap {
  const same = sameStretches(oldText, newText);

  /** Old offset → new; an offset on the edge of a stretch takes the stretch on the side `bias` names. */
  const map = (offset: number, bias: 'start' | 'end' = 'start'): number => {
    let before: Same | undefined;
    for (const s of same) {
      const inside = bias === 'start' ? offset >= s.oldStart && offset < s.oldStart + s.length : offset > s.oldStart && offset <= s.oldStart + s.length;
      if (inside) return s.newStart + (offset - s.oldStart);
      if (s.oldStart + s.length <= offset) before = s;
      else break;
    }
    const after = same.find((s) => s.oldStart >= offset && s !== before);
    const oldFrom = before ? before.oldStart + before.length : 0;
    const newFrom = before ? before.newStart + before.length : 0;
    const oldTo = after ? after.oldStart : oldText.length;
    const newTo = after ? after.newStart : newText.length;
    return newFrom + Math.round(((offset - oldFrom) * (newTo - newFrom)) / Math.max(1, oldTo - oldFrom));
  };
  const untouched = (start: number, end: number) => same.some((s) => start >= s.oldStart && end <= s.oldStart + s.length);

  // A pure deletion or insertion next to identical text can be placed anywhere
  // in a run: "算力算力" → "算力" deleted the first or the second "算力".
  // `commonEnds` places it as far right as it goes; `leftmost` is the other end.
  const { head, tail } = commonEnds(oldText, newText);
  const d = Math.abs(oldText.length - newText.length);
  const pure = d > 0 && head + tail >= Math.min(oldText.length, newText.length);
  const longer = oldText.length > newText.length ? oldText : newText;
  let leftmost = Math.min(head, Math.min(oldText.length, newText.length) - tail);
  if (pure) while (leftmost > 0 && longer[leftmost - 1] === longer[leftmost - 1 + d]) leftmost -= 1;

  return {
    map,
    passage(start, end) {
      if (untouched(start, end)) return { start: map(start, 'start'), end: map(end, 'end'), untouched: true };
      if (pure && oldText.length > newText.length && start >= leftmost + d) {
        // Deleted text placed at `leftmost` instead: the passage after it shifts left, untouched.
        return { start: start - d, end: end - d, untouched: true };
      }
      if (pure && oldText.length < newText.length && start >= leftmost) {
        // Inserted text placed right at the passage's start instead: it shifts right, untouched.
        return { start: start + d, end: end + d, untouched: true };
      }
      return { start: map(start, 'start'), end: map(end, 'end'), untouched: false };
    },
    unchangedInNew: (start, end) => same.some((s) => start >= s.newStart && end <= s.newStart + s.length),
    rewrittenInside(start, end) {
      // The one region where the texts differ, exactly: [head, old length − tail) of the old text.
      const changedFrom = Math.min(head, oldText.length - tail);
      const changedTo = oldText.length - tail;
      if (changedFrom < start || changedTo > end || end <= start) return null;
      return { start, end: end + newText.length - oldText.length };
    },
  };
}
