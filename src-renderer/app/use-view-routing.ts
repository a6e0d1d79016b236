/**
 * The window's routing: which view shows (library, notebook, briefings), the search panel in the
 * library, the library sidebar (a preference), the command palette, and the window's shortcuts —
 * Alt+1/2/3 for the views, Ctrl/Cmd+K anywhere and Ctrl/Cmd+F in the library for search,
 * Ctrl/Cmd+Shift+L for the sidebar, Ctrl/Cmd+Shift+P for the palette.
 */
import { useEffect, useState } from 'react';
import { useStableCallback } from '../reader/use-stable-callback';
import { usePreference } from './preferences';
import type { View } from './AppToolbar';

/**
 * `searchSignal` grows by one each time search is asked for (the panel focuses its field on a change);
 * `sidebarClosed` mirrors the `librarySidebar` preference.
 */
export function useViewRouting() {
  const [view, setView] = useState<View>('library');
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchSignal, setSearchSignal] = useState(0);
  const [palette, setPalette] = useState(false);
  const [sidebar, setSidebar] = usePreference('librarySidebar');

  const openSearch = useStableCallback(() => {
    setView('library');
    setSearchOpen(true);
    setSearchSignal((n) => n + 1);
  });
  const toggleSidebar = useStableCallback(() => setSidebar(sidebar === 'closed' ? 'open' : 'closed'));
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      const mod = event.ctrlKey || event.metaKey;
      // Alt+1/2/3: the views (by physical key, so any layout and Alt-symbol keyboards work).
      if (event.altKey && !mod && !event.shiftKey && /^Digit[123]$/.test(event.code)) {
        event.preventDefault();
        setView((['library', 'notebook', 'briefings'] as const)[Number(event.code.slice(5)) - 1]);
        return;
      }
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey && key === 'p') {
        event.preventDefault();
        setPalette(true);
      } else if (event.shiftKey && key === 'l') {
        event.preventDefault();
        toggleSidebar();
      } else if (!event.shiftKey && (key === 'k' || (key === 'f' && view === 'library'))) {
        event.preventDefault();
        openSearch();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, openSearch, toggleSidebar]);

  return {
    view,
    setView,
    searchOpen,
    closeSearch: () => setSearchOpen(false),
    searchSignal,
    openSearch,
    sidebarClosed: sidebar === 'closed',
    toggleSidebar,
    palette,
    setPalette,
  };
}
