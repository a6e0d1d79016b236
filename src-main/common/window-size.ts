/**
 * The app window's sizes, shared by the desktop app (Electron's
 * BrowserWindow) and browser mode's app window (Chromium `--window-size`):
 * the size it opens at, the smallest size the interface is laid out for
 * (README, "Window size"; the e2e test `tests/e2e/window-fit.test.ts` checks
 * every view fits from there up), and the fitting of the first onto a screen.
 * All sizes are CSS pixels (device-independent pixels) of the window's
 * content area, without the system's title bar and borders.
 */

/** A width and height in CSS pixels. */
export interface WindowSize {
  width: number;
  height: number;
}

/** The size a new window asks for on a screen with room for it. */
export const DEFAULT_WINDOW_SIZE: Readonly<WindowSize> = { width: 1280, height: 840 };

/**
 * The smallest content size the interface is laid out for: every pane,
 * toolbar and dialog lies inside the window and scrolls within itself, in
 * Chinese and in English. The desktop window cannot be made smaller.
 */
export const MIN_WINDOW_SIZE: Readonly<WindowSize> = { width: 960, height: 600 };

/**
 * The size to open a window at on a screen whose usable area (work area:
 * without task bar or dock) is `workArea`, keeping `frame` CSS px for the
 * system's title bar and borders: `preferred`, made smaller to fit the work
 * area, but never below MIN_WINDOW_SIZE (a screen smaller than that gets the
 * minimum, and the system lets the user move the window). Whole pixels.
 */
export function fitWindowSize(workArea: WindowSize, preferred: WindowSize = DEFAULT_WINDOW_SIZE, frame: WindowSize = { width: 0, height: 40 }): WindowSize {
  const fit = (want: number, room: number, min: number) => Math.round(Math.max(min, Math.min(want, room)));
  return {
    width: fit(preferred.width, workArea.width - frame.width, MIN_WINDOW_SIZE.width),
    height: fit(preferred.height, workArea.height - frame.height, MIN_WINDOW_SIZE.height),
  };
}
