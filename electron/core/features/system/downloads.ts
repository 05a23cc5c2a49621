import crypto from 'node:crypto';
import fs from 'node:fs';

// Files the core prepared for browser mode to fetch once over HTTP (a backup of hundreds of MB does
// not fit in a JSON reply). The RPC call that made the file gets a random one-time token; only that
// page knows it, the loopback host hands the file out once, and the file is deleted afterwards.

export interface Download {
  file: string;
  fileName: string;
  mime: string;
  /** Deletes the file (and its folder); called once it is sent, or when the offer expires. */
  release(): void;
}

const offers = new Map<string, { download: Download; timer: NodeJS.Timeout }>();

/** An unclaimed offer is withdrawn (and its file deleted) after ten minutes. */
const OFFER_MS = 10 * 60_000;

export function offerDownload(download: Download): string {
  const token = crypto.randomBytes(24).toString('base64url');
  const timer = setTimeout(() => takeDownload(token)?.release(), OFFER_MS);
  timer.unref();
  offers.set(token, { download, timer });
  return token;
}

/** The download for this token, once: a second request with the same token gets nothing. */
export function takeDownload(token: string): Download | null {
  const offer = offers.get(token);
  if (!offer) return null;
  offers.delete(token);
  clearTimeout(offer.timer);
  return offer.download;
}

/** A folder-and-file remover for release(). */
export function removeAll(folder: string): () => void {
  return () => fs.rmSync(folder, { recursive: true, force: true });
}
