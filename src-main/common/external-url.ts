/**
 * Which links may leave the app for the system browser: plain http(s) URLs
 * without credentials — never file:, javascript:, custom schemes or
 * `user:password@host` links. Shared by the desktop shell's window-open
 * handler and browser mode's app window.
 */

/** True for an absolute `http:` or `https:` URL with no user name or password. */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password;
  } catch {
    // Not a URL at all: certainly not one to open.
    return false;
  }
}
