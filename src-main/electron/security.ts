/**
 * The Electron security checklist (electronjs.org, "Security", 20 items) in
 * one place: what each item asks and where the desktop shell meets it. The
 * guards that are code live here; each is asserted in security.test.ts or
 * electron-shell.test.ts with the electron test double.
 *
 *  1. Only secure content: the interface is served from `app://` (a secure
 *     scheme, app-protocol.ts); no remote content is ever loaded.
 *  2. No Node integration for remote content: none anywhere
 *     (window-options.ts: nodeIntegration*, false).
 *  3. Context isolation: on (window-options.ts).
 *  4. Process sandboxing: `app.enableSandbox()` and `sandbox: true` per window.
 *  5. Session permission requests: every session denies every request and
 *     check, including sessions created later (permissions.ts).
 *  6. webSecurity stays on (window-options.ts).
 *  7. A Content-Security-Policy: the same as browser mode, sent by the
 *     `app://` handler and set in index.html (common/renderer-assets.ts).
 *  8. allowRunningInsecureContent: off (window-options.ts).
 *  9. No experimental features, 10. no enableBlinkFeatures: never set
 *     (window-options.ts; the test checks they are absent).
 * 11. <webview> allowpopups, 12. <webview> options: webviewTag is off and
 *     `will-attach-webview` is refused (hardenWebContents).
 * 13. Navigation: `will-navigate`, `will-frame-navigate` and `will-redirect`
 *     are refused for every web contents (hardenWebContents); only the
 *     briefing preview's sandboxed `srcdoc` frames may load.
 * 14. New windows: `setWindowOpenHandler` denies every one
 *     (hardenWebContents).
 * 15. shell.openExternal only for plain http(s) links without credentials
 *     (window-options.ts isSafeExternalUrl).
 * 16. A current Electron: package.json pins a supported major.
 * 17. IPC senders: every call must come from the main frame of one of our
 *     windows showing exactly the app origin (isTrustedSender; ipc.ts).
 * 18. No file://: the interface uses `app://`; the print window loads its
 *     document from memory and refuses every file: URL (print.ts).
 * 19. Fuses: flipped at packaging (build/after-pack.cjs): RunAsNode,
 *     NODE_OPTIONS and --inspect off; cookie encryption, asar-only loading
 *     and embedded asar integrity validation on.
 * 20. Electron APIs never reach web content: the preload exposes only
 *     `invoke` / `invokeHost` for the names of the generated channel list,
 *     `onEvent` and `pathForFile` (preload/index.ts); every library and host
 *     call passes isTrustedSender (ipc.ts).
 */
import type { WebContents } from 'electron';

/** URLs a sub-frame may load: the briefing preview's `srcdoc` documents and the initial blank one. */
const INERT_FRAME_URLS = new Set(['about:srcdoc', 'about:blank']);

/** The events of WebContents that hardenWebContents listens to (the part of WebContents it needs). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: { preventDefault(): void; url: string; isMainFrame: boolean }) => void): unknown;
  setWindowOpenHandler: WebContents['setWindowOpenHandler'];
}

/**
 * Locks down one web contents: no window.open (links that pass
 * `allowExternal` go to `openExternal` — the system browser — instead), no
 * top-level or frame navigation, no redirect, no <webview>. Applied to every
 * web contents the app creates (`web-contents-created`), so a window cannot
 * be made without it.
 */
export function hardenWebContents(
  contents: HardenableContents,
  options: { openExternal?: (url: string) => void; allowExternal?: (url: string) => boolean } = {},
): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (options.openExternal && options.allowExternal?.(url)) options.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && INERT_FRAME_URLS.has(event.url)) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The origin of a URL as RFC 6454 serialises it: `scheme://host[:port]` for
 * http(s) and for standard custom schemes such as `app:`, `null` for
 * anything without a host (file:, data:, about:) or that does not parse.
 */
export function urlOrigin(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
    if (!parsed.host || parsed.protocol === 'file:') return 'null';
    return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
  } catch {
    // Not a URL: an opaque origin, which is never trusted.
    return 'null';
  }
}

/** What isTrustedSender reads of a frame (Electron's WebFrameMain). */
export interface FrameLike {
  url: string;
  origin?: string;
  parent: unknown;
  processId?: number;
  routingId?: number;
}

/** What isTrustedSender reads of an IPC event (IpcMainInvokeEvent / IpcMainEvent). */
export interface SenderEvent {
  sender?: unknown;
  senderFrame?: FrameLike | null;
}

export interface SenderPolicy {
  /** The one origin the interface is served from, e.g. `app://briefing-desk`. */
  origin: string;
  /** The app's own interface windows (not the print window). */
  windows(): Iterable<{ webContents: { mainFrame: FrameLike } }>;
}

/**
 * True only when an IPC message comes from the main frame of one of our
 * windows and that frame shows exactly the app origin. A sub-frame, another
 * window's web contents, a look-alike origin (`app://briefing-desk.evil`,
 * `file:` pages whose path starts like ours) or a missing frame is refused.
 */
export function isTrustedSender(event: SenderEvent, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  const origin = frame.origin ?? urlOrigin(frame.url);
  if (origin !== policy.origin || urlOrigin(frame.url) !== policy.origin) return false;
  for (const win of policy.windows()) {
    if (win.webContents !== event.sender) continue;
    const main = win.webContents.mainFrame;
    if (main === frame) return true;
    if (main.processId !== undefined && main.processId === frame.processId && main.routingId === frame.routingId) return true;
  }
  return false;
}
