import os from 'node:os';
import path from 'node:path';

export const DB_FILE_NAME = 'carebeds.sqlite';

/**
 * Where the app keeps its database: the same folder Electron calls userData for "CareBeds", so the
 * desktop app, browser mode and the CLI all open the same file. CAREBEDS_DATA_DIR overrides it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CAREBEDS_DATA_DIR) return path.resolve(env.CAREBEDS_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'CareBeds');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'CareBeds');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'CareBeds');
}

export function defaultDbPath(): string {
  return path.join(defaultDataDir(), DB_FILE_NAME);
}
