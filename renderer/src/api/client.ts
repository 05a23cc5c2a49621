import type { Channel, Input, Output } from '../../../shared/contract';
import type { ErrorPayload, Result } from '../../../shared/errors';
import type { FilePayload } from '../../../shared/schemas/common';

/** What the Electron preload exposes; absent in browser mode. */
export interface DesktopBridge {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  saveFile(file: FilePayload): Promise<{ saved: boolean; path?: string }>;
  printReportToPdf(fileName: string): Promise<{ saved: boolean; path?: string }>;
  /** Save dialog, then the core writes the backup to the chosen file. */
  saveBackup(): Promise<{ saved: boolean; path?: string; error?: ErrorPayload }>;
}

declare global {
  interface Window {
    api?: DesktopBridge;
  }
}

export class ApiError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(error: ErrorPayload | { code: string; message: string; details?: unknown }) {
    super(error.message);
    this.code = error.code;
    this.details = error.details;
  }
  /** Field-level problems, keyed by input field, from zod issues or an AppError's `field`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const d = this.details as { issues?: { path: string; message: string }[]; field?: string } | undefined;
    for (const i of d?.issues ?? []) if (i.path && !out[i.path]) out[i.path] = i.message;
    if (d?.field) out[d.field] = this.message;
    return out;
  }
}

/** Fired on window when the core says the session is gone or must change its password. */
export const SESSION_ENDED = 'carebeds:session-ended';

type Transport = (channel: string, input: unknown) => Promise<Result<unknown>>;

const httpTransport: Transport = async (channel, input) => {
  const res = await fetch(`./rpc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? {}),
  });
  if (!res.ok) return { ok: false, error: { code: 'INTERNAL', message: `服务无响应（HTTP ${res.status}）` } };
  return (await res.json()) as Result<unknown>;
};

function transport(): Transport {
  return window.api ? (c, i) => window.api!.invoke(c, i) : httpTransport;
}

type CallListener = (channel: Channel) => void;
let afterCall: CallListener = () => {};

/** The request cache's hook: told of every request that succeeded outside the cache (writes, mostly). */
export function onCallDone(listener: CallListener): void {
  afterCall = listener;
}

/** The one typed client: IPC in Electron, HTTP in browser mode; the UI cannot tell which. */
export async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  const data = await request(channel, input);
  afterCall(channel);
  return data;
}

/** A request without telling the cache: the cache's own reads. */
export async function request<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
  let result: Result<unknown>;
  try {
    result = await transport()(channel, input);
  } catch {
    throw new ApiError({ code: 'INTERNAL', message: '无法连接到本机服务，请重新启动 CareBeds' });
  }
  if (!result.ok) {
    // The session ended (idle, logged out elsewhere, server restarted): the app shows the login again.
    if (result.error.code === 'UNAUTHENTICATED' || result.error.code === 'PASSWORD_EXPIRED') window.dispatchEvent(new CustomEvent(SESSION_ENDED));
    throw new ApiError(result.error);
  }
  return result.data as Output<C>;
}
