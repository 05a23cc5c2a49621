import type { Result } from '../../../shared/errors';

// The desktop app runs the core in a separate process (Electron's utilityProcess), so a long import,
// export or recount never blocks the window's main process. The two sides talk through a message port;
// this is that protocol, with no Electron in it so the tests can run it.

interface Request {
  id: number;
  channel: string;
  input: unknown;
}
interface Reply {
  id: number;
  result: Result<unknown>;
}

/** What the window's side sends when the app quits; the core answers CLOSED once its database is closed. */
export const CLOSE = { type: 'close' } as const;
export const CLOSED = { type: 'closed' } as const;

/**
 * The core's side: answers every request with the dispatcher's Result (which never throws). On CLOSE
 * it refuses new requests, waits for the ones running, runs `close` (the database's last checkpoint),
 * and answers CLOSED, with the error's message if closing failed.
 */
export function servePort(
  port: { on(event: 'message', listener: (event: { data: unknown }) => void): void; postMessage(message: unknown): void },
  dispatch: (channel: string, input: unknown) => Promise<Result<unknown>>,
  close?: () => Promise<void>,
): void {
  const running = new Set<Promise<unknown>>();
  let closing: Promise<void> | null = null;
  port.on('message', (event) => {
    const message = event.data as Request | typeof CLOSE;
    if (message && 'type' in message && message.type === CLOSE.type) {
      closing ??= (async () => {
        await Promise.allSettled([...running]);
        let error: string | undefined;
        try {
          await close?.();
        } catch (err) {
          error = (err as Error).message;
        }
        port.postMessage({ ...CLOSED, ...(error ? { error } : {}) });
      })();
      return;
    }
    const request = message as Request;
    if (!request || typeof request.id !== 'number') return;
    if (closing) {
      port.postMessage({ id: request.id, result: { ok: false, error: { code: 'INTERNAL', message: '数据服务正在关闭，操作未执行' } } } satisfies Reply);
      return;
    }
    const done = dispatch(String(request.channel), request.input).then((result) => port.postMessage({ id: request.id, result } satisfies Reply));
    running.add(done);
    void done.finally(() => running.delete(done));
  });
}

/**
 * The window's side: sends requests and matches replies by id. If the core process dies, every pending
 * and later request gets a Chinese error instead of hanging.
 */
export function createPortClient(send: (message: Request) => void) {
  let next = 1;
  let dead: string | null = null;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  return {
    call(channel: string, input: unknown): Promise<Result<unknown>> {
      if (dead) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: dead } });
      const id = next++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ id, channel, input });
      });
    },
    receive(message: unknown): void {
      const reply = message as Reply;
      const resolve = pending.get(reply?.id);
      if (!resolve) return;
      pending.delete(reply.id);
      resolve(reply.result);
    },
    fail(reason: string): void {
      dead = reason;
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message: reason } });
      pending.clear();
    },
    get pendingCount() {
      return pending.size;
    },
  };
}

/**
 * The desktop window's session, kept in the core's process: the login's token never reaches the page
 * (the same as the HTTP host's HttpOnly cookie), and every later request of the window carries it.
 */
export function windowSession(dispatch: (channel: string, input: unknown, caller?: { session?: string | null }) => Promise<Result<unknown>>) {
  let session: string | null = null;
  return async (channel: string, input: unknown): Promise<Result<unknown>> => {
    const result = await dispatch(channel, input, { session });
    if (result.ok && (channel === 'auth.login' || channel === 'auth.setup')) {
      const { token, ...rest } = result.data as { token: string };
      session = token;
      return { ok: true, data: rest };
    }
    if (channel === 'auth.logout') session = null;
    return result;
  };
}
