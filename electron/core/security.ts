import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Only the app's own renderer (its files, or the dev server in development) may call the core. */
export function isTrustedRendererUrl(url: string, opts: { rendererDir: string; devServerUrl?: string }): boolean {
  if (opts.devServerUrl && url.startsWith(opts.devServerUrl)) return true;
  if (!url.startsWith('file://')) return false;
  try {
    const file = path.resolve(fileURLToPath(url.split('#')[0]!.split('?')[0]!));
    const root = path.resolve(opts.rendererDir) + path.sep;
    return file.startsWith(root);
  } catch {
    return false;
  }
}
