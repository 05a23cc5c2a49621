// electron-builder afterPack hook: flips the Electron fuses in the packaged binary, before any
// signing (a fuse flip changes the binary, so it must come first).
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuses this app ships with; tests/core/delivery.test.ts checks the flipped wire. */
const FUSES = {
  version: FuseVersion.V1,
  // No `ELECTRON_RUN_AS_NODE=1 CareBeds.exe script.js`: the signed binary cannot be used as a Node.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and other session data are encrypted with the OS's key store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // No NODE_OPTIONS / NODE_EXTRA_CA_CERTS injected from the environment.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // app.asar is checked against the hash embedded in the binary (Windows and macOS).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // The app is loaded only from app.asar, never from a loose `app` folder placed beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // --inspect stays available: Playwright's _electron.launch drives the packaged app through it in
  // the release workflow's smoke test.
  [FuseV1Options.EnableNodeCliInspectArguments]: true,
};

/** Where electron-builder put the app's binary (the same names as app-builder-lib's packagers use). */
function executableOf(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  if (electronPlatformName === 'darwin') return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  await flipFuses(executableOf(context), { ...FUSES, resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
