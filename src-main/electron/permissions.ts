/**
 * Permissions: Briefing Desk needs none (no camera, microphone, location,
 * notifications, clipboard reads, HID/USB/serial devices, ...), so every
 * session answers every permission request and every permission check with
 * "no" — the default session, the print window's partition, and any session
 * created later (`app` `session-created`).
 */
import type { App, Session } from 'electron';

/** The part of a Session this module sets. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> &
  Partial<Pick<Session, 'setDevicePermissionHandler'>>;

/** Denies every permission request and check (and device access, where Electron has it) on one session. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

/**
 * Applies denyAllPermissions to the given sessions now and to every session
 * the app creates from here on. Call before the first window is created.
 */
export function denyPermissionsEverywhere(app: Pick<App, 'on'>, sessions: PermissionSession[]): void {
  for (const session of sessions) denyAllPermissions(session);
  app.on('session-created', (session: Session) => denyAllPermissions(session));
}
