import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The window's trust decisions, kept apart from electron/main (which cannot be loaded by the tests) so
// each one is tested as a plain function: which page may call the core, and what the page may load.

/**
 * The development server's URL, honoured only in an unpackaged build: in an installed copy an
 * ELECTRON_RENDERER_URL set by anyone on the PC would otherwise load a foreign page with the app's IPC.
 */
export function devServerUrlOf(envUrl: string | undefined, isPackaged: boolean): string | undefined {
  if (isPackaged || !envUrl) return undefined;
  const origin = originOf(envUrl);
  return origin && /^https?:$/.test(new URL(envUrl).protocol) ? envUrl : undefined;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Exact origin equality: `http://localhost:5173.evil.example/` shares a prefix with the dev server, not its origin. */
export function isSameOrigin(url: string, expected: string): boolean {
  const a = originOf(url);
  return a !== null && a === originOf(expected);
}

/** Whether a file:// URL names a file inside `dir` (after resolving `..`; an escaped separator or a host is refused). */
export function isFileUrlInside(url: string, dir: string): boolean {
  if (!url.startsWith('file://')) return false;
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    const file = path.resolve(fileURLToPath(u));
    const rel = path.relative(path.resolve(dir), file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  } catch {
    return false;
  }
}

export interface RendererTrust {
  /** The folder of the built renderer (out/renderer, inside app.asar when packaged). */
  rendererDir: string;
  /** From devServerUrlOf: undefined in a packaged build. */
  devServerUrl?: string;
}

/** Only the app's own renderer (its files, or the dev server in development) may call the core or be navigated to. */
export function isTrustedRendererUrl(url: string, opts: RendererTrust): boolean {
  if (opts.devServerUrl && isSameOrigin(url, opts.devServerUrl)) return true;
  return isFileUrlInside(url, opts.rendererDir);
}

/**
 * The session's request filter: the renderer's own files, inline data and blobs (the CSP narrows these
 * further), DevTools' own pages when DevTools are on, and in development the dev server and its
 * hot-reload socket. Nothing remote, and no other file on the disk.
 */
export function isAllowedRequest(url: string, opts: RendererTrust & { devTools: boolean }): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  if (url.startsWith('devtools://')) return opts.devTools;
  if (url.startsWith('file://')) return isFileUrlInside(url, opts.rendererDir);
  if (!opts.devServerUrl) return false;
  if (isSameOrigin(url, opts.devServerUrl)) return true;
  try {
    const u = new URL(url);
    const dev = new URL(opts.devServerUrl);
    return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.host === dev.host;
  } catch {
    return false;
  }
}
