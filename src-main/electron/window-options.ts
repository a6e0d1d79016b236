/**
 * The one function that builds every window's options, so no window can be
 * created with weaker settings by accident (DESIGN.md, "Security").
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { THEME_BACKGROUND } from '../common/renderer-assets';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, type WindowSize } from '../common/window-size';

export type WindowKind = 'main' | 'print';

/** In-memory session of the print window: nothing it loads touches the app's session. */
export const PRINT_PARTITION = 'bd-print';

/**
 * `dark`: the main window opens on the dark theme's background (the saved
 * theme, or the system's while it is "system"), so nothing light shows
 * before the page paints. `size`: the main window's content size in CSS px
 * (default DEFAULT_WINDOW_SIZE; main.ts fits it to the screen with
 * `fitWindowSize`); it can never be made smaller than MIN_WINDOW_SIZE, the
 * size the interface is laid out for.
 */
export function secureWindowOptions(
  kind: WindowKind,
  preloadPath?: string,
  options: { dark?: boolean; size?: WindowSize } = {},
): BrowserWindowConstructorOptions {
  const webPreferences: BrowserWindowConstructorOptions['webPreferences'] = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // The print window renders exported briefings: no script at all.
    javascript: kind !== 'print',
  };
  if (kind === 'main' && preloadPath) webPreferences.preload = preloadPath;
  if (kind === 'print') {
    webPreferences.partition = PRINT_PARTITION;
    return { show: false, width: 794, height: 1123, webPreferences };
  }
  return {
    ...(options.size ?? DEFAULT_WINDOW_SIZE),
    // Sizes are of the page's area (what the layout gets), not of the frame around it.
    useContentSize: true,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Briefing Desk',
    backgroundColor: options.dark ? THEME_BACKGROUND.dark : THEME_BACKGROUND.light,
    webPreferences,
  };
}

/** Links the user may open in the system browser (shared with browser mode's app window). */
export { isSafeExternalUrl } from '../common/external-url';
