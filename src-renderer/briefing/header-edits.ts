/**
 * Edits of a briefing's header through the composer: text fields (line breaks become spaces; an
 * emptied optional field is removed), distribution lines (报/送/发, the object removed when empty), the
 * issue number ("12" stored as a number, anything else as written) and settings applied at once.
 * Typing coalesces into one undo step per field (`header.<field>`).
 */
import type { Briefing, BriefingHeader, Distribution } from '../../src-main/common/briefing/model';
import { useComposer } from './composer-context';

/** The header's free-text fields. */
export type TextField = 'title' | 'organisation' | 'publicationName' | 'classification';
const OPTIONAL: ReadonlySet<string> = new Set(['publicationName', 'classification']);

/** `b` with `patch` merged into its header and the keys in `remove` deleted from it. */
export function setHeader(b: Briefing, patch: Partial<BriefingHeader>, remove: (keyof BriefingHeader)[] = []): Briefing {
  const header = { ...b.header, ...patch } as Record<string, unknown>;
  for (const key of remove) delete header[key];
  return { ...b, header: header as BriefingHeader };
}

/** "12" is stored as a number (printed 第12期), anything else as written ("2023年第3期"); blank: none. */
export function issueValue(text: string): number | string | undefined {
  const s = text.replace(/[\r\n]+/g, ' ');
  if (!s.trim()) return undefined;
  return /^\d{1,5}$/.test(s.trim()) ? Number(s.trim()) : s;
}

/** The header's edit functions, bound to the open composer (see the module comment). */
export function useHeaderEdits() {
  const composer = useComposer();

  /** A setting, applied at once (its own undo step). */
  function setting(patch: Partial<BriefingHeader>, remove: (keyof BriefingHeader)[] = []) {
    composer.edit((b) => setHeader(b, patch, remove), { immediate: true });
  }

  function text(field: TextField, value: string) {
    const v = value.replace(/[\r\n]+/g, ' ');
    composer.edit((b) => (OPTIONAL.has(field) && !v ? setHeader(b, {}, [field]) : setHeader(b, { [field]: v })), { coalesce: `header.${field}` });
  }

  function distribution(field: keyof Distribution, value: string) {
    composer.edit(
      (b) => {
        const next: Distribution = { ...b.header.distribution, [field]: value };
        if (!value) delete next[field];
        return Object.keys(next).length ? setHeader(b, { distribution: next }) : setHeader(b, {}, ['distribution']);
      },
      { coalesce: `header.distribution.${field}` },
    );
  }

  return { setting, text, distribution, edit: composer.edit, commit: composer.commit };
}
