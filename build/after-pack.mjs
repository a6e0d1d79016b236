/**
 * electron-builder `afterPack` hook: flips the Electron fuses of the packaged
 * binary (security checklist item 19, src-main/electron/security.ts) before
 * electron-builder signs it. Fuses are switches compiled into Electron that
 * only a change to the binary can turn, so no environment variable or
 * command-line flag can turn them back at run time:
 *
 * - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node.
 * - EnableNodeOptionsEnvironmentVariable off: NODE_OPTIONS is ignored.
 * - EnableNodeCliInspectArguments off: --inspect and friends are ignored.
 * - EnableCookieEncryption on: the cookie store is encrypted with the OS key store.
 * - OnlyLoadAppFromAsar on: the app code is read from app.asar only.
 * - EnableEmbeddedAsarIntegrityValidation on: app.asar must match the hash
 *   electron-builder embeds (macOS and Windows; Electron ignores it on Linux).
 * - GrantFileProtocolExtraPrivileges off: file:// gets no extra powers (the
 *   app uses app://, src-main/electron/app-protocol.ts).
 */
import { join } from 'node:path';
import { flipFuses, FuseState, FuseVersion, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/** The fuse settings every package gets, by @electron/fuses option. */
export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** builder-util's Arch values for the architectures whose macOS builds need an ad-hoc signature after the change. */
const ARM64 = 3;
const UNIVERSAL = 4;

/**
 * The packaged Electron binary inside `appOutDir`, as electron-builder names
 * it: `<productFilename>.app` on macOS, `<productFilename>.exe` on Windows,
 * the Linux packager's `executableName` on Linux.
 */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName);
  }
}

/** Flips FUSES in the packaged binary and reads the wire back to make sure it took. */
export default async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const darwin = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Changing the binary breaks the ad-hoc signature arm64 Macs insist on; codesign exists only on macOS.
    resetAdHocDarwinSignature: darwin && process.platform === 'darwin' && (context.arch === ARM64 || context.arch === UNIVERSAL),
    ...FUSES,
  });
  const wire = await getCurrentFuseWire(binary);
  for (const [option, enabled] of Object.entries(FUSES)) {
    const state = wire[option];
    // A fuse a newer Electron removed is as good as off (its feature is gone).
    const ok = enabled ? state === FuseState.ENABLE : state === FuseState.DISABLE || state === FuseState.REMOVED;
    if (!ok) {
      throw new Error(`Fuse ${FuseV1Options[option]} of ${binary} is not ${enabled ? 'on' : 'off'} after flipping.`);
    }
  }
}
