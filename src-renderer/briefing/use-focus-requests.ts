/**
 * Focus asked for before the next render: the composer names an item, section handle or element (after
 * a keyboard move, a removal); a new briefing asks for its title field. After every render the target
 * is focused once it is on the page (and scrolled into view), then forgotten.
 */
import { useLayoutEffect, useRef } from 'react';
import type { FocusTarget } from './composer-context';
import type { SessionSnapshot } from './briefing-session';

/** `focusTarget` and `focusTitleOf` (a briefing id whose title field to focus) are set by the caller. */
export function useFocusRequests(snapshot: SessionSnapshot | null) {
  const focusTarget = useRef<FocusTarget | null>(null);
  const focusTitleOf = useRef<string | null>(null);
  useLayoutEffect(() => {
    const target = focusTarget.current;
    if (target) {
      const el = target.kind === 'element' ? document.getElementById(target.id) : document.querySelector<HTMLElement>(`[data-handle-for="${target.id}"]`);
      if (el) {
        focusTarget.current = null;
        el.focus();
        el.scrollIntoView?.({ block: 'nearest' });
      }
    }
    if (snapshot && focusTitleOf.current === snapshot.doc.id) {
      const input = document.querySelector<HTMLTextAreaElement>('[data-testid="brief-title"]');
      if (input) {
        focusTitleOf.current = null;
        input.focus();
        input.select();
      }
    }
  });
  return { focusTarget, focusTitleOf };
}
