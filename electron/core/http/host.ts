import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ERROR_MESSAGES } from '../../../shared/errors';
import type { Dispatch } from '../dispatch';
import { consoleLogger, type Logger } from '../app/context';
import { takeDownload } from '../features/system/downloads';

const MAX_BODY_BYTES = 256 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

type Send = (status: number, body: string | Buffer, type: string, headers?: Record<string, string>) => void;

/** The request body, or null once it has been refused (too large) or the client went away. */
function readBody(req: http.IncomingMessage, send: Send): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(413, 'too large', 'text/plain');
        req.destroy();
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(null));
  });
}

export const SESSION_COOKIE = 'carebeds_session';

/** The session token a request's Cookie header carries, or null. */
export function sessionOf(req: http.IncomingMessage): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || null;
  }
  return null;
}

/**
 * Logins per client address: at most `max` attempts in `windowMs`, so a PC on the network cannot try
 * passwords across many accounts faster than the lockout of each one would allow.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly max = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}
  allow(address: string, now = Date.now()): boolean {
    const recent = (this.attempts.get(address) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.max) {
      this.attempts.set(address, recent);
      return false;
    }
    recent.push(now);
    this.attempts.set(address, recent);
    return true;
  }
}

/** Every IPv4 address of this PC, which LAN clients may put in the Host header. */
function localAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4')
    .map((i) => i.address);
}

export interface HttpHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The file under `root` that a request path names, or null when it names none: a malformed % escape, a
 * NUL, a backslash (a separator on Windows), a `.` or `..` segment (encoded ones arrive decoded here) or
 * anything that resolves outside the root. Checked by path.relative, so a sibling folder whose name
 * merely starts with the root's (`www-private` next to `www`) is outside too.
 */
export function staticFileOf(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return null;
  const file = path.resolve(root, ...segments);
  const rel = path.relative(root, file);
  if (rel === '') return root;
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return file;
}

/** The channel named by `/rpc/<channel>`, or null when its escapes are malformed or it is not a plain name. */
function channelOf(pathname: string): string | null {
  try {
    const channel = decodeURIComponent(pathname.slice('/rpc/'.length));
    return /^[A-Za-z0-9_.]{1,100}$/.test(channel) ? channel : null;
  } catch {
    return null;
  }
}

/**
 * Browser mode: the renderer and the same dispatcher, on loopback only. Requests must name this host
 * (DNS-rebinding guard) and come from its own origin (no other site can drive the RPC from a browser).
 * Any page can make a browser send any path here (an <img src> is enough), so no request may end the
 * process: whatever a handler throws, synchronously or later, is logged and answered with 500.
 */
export async function startHttpHost(opts: {
  dispatch: Dispatch;
  staticDir: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** LAN serving: HTTPS with this key and certificate on every interface; cookies are then Secure. */
  tls?: { key: string; cert: string };
  loginLimiter?: LoginLimiter;
}): Promise<HttpHost> {
  const host = opts.host ?? (opts.tls ? '0.0.0.0' : '127.0.0.1');
  const staticRoot = path.resolve(opts.staticDir);
  const logger = opts.logger ?? consoleLogger;
  const scheme = opts.tls ? 'https' : 'http';
  const limiter = opts.loginLimiter ?? new LoginLimiter();
  let port = 0;

  const names = () => (opts.tls ? ['127.0.0.1', 'localhost', os.hostname(), ...localAddresses()] : [host, 'localhost']);
  const allowedHost = (value: string | undefined) => names().some((n) => value === `${n}:${port}`);
  const cookie = (token: string, maxAge?: number) =>
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${opts.tls ? '; Secure' : ''}${maxAge === undefined ? '' : `; Max-Age=${maxAge}`}`;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, send: Send) => {
    if (!allowedHost(req.headers.host)) return send(403, 'forbidden host', 'text/plain');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      return send(400, 'bad path', 'text/plain');
    }

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(405, 'method not allowed', 'text/plain');
      const origin = req.headers.origin;
      if (origin && origin !== `${scheme}://${req.headers.host}`) return send(403, 'forbidden origin', 'text/plain');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(415, 'json only', 'text/plain');
      const channel = channelOf(url.pathname);
      // A backup to a path of the caller's choosing is for the desktop's save dialog only: a page must not
      // name a path on this PC (browser mode downloads the backup instead).
      if (channel === 'backup.saveTo') return send(200, JSON.stringify({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `${ERROR_MESSAGES.UNKNOWN_CHANNEL}：backup.saveTo` } }), 'application/json; charset=utf-8');
      if (channel === null) return send(400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: '请求地址无效' } }), 'application/json; charset=utf-8');
      const body = await readBody(req, send);
      if (body === null) return;
      let input: unknown;
      try {
        const text = body.toString('utf8');
        input = text ? JSON.parse(text) : {};
      } catch {
        return send(400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: '请求不是有效的 JSON' } }), 'application/json; charset=utf-8');
      }
      const address = req.socket.remoteAddress ?? 'unknown';
      if ((channel === 'auth.login' || channel === 'auth.setup') && !limiter.allow(address)) {
        return send(200, JSON.stringify({ ok: false, error: { code: 'LOGIN_RATE_LIMITED', message: ERROR_MESSAGES.LOGIN_RATE_LIMITED } }), 'application/json; charset=utf-8');
      }
      const started = performance.now();
      let result = await opts.dispatch(channel, input, { session: sessionOf(req), address });
      // The session token becomes an HttpOnly cookie: no script on the page ever sees it.
      if (result.ok && (channel === 'auth.login' || channel === 'auth.setup')) {
        const { token, ...rest } = result.data as { token: string };
        res.setHeader('Set-Cookie', cookie(token));
        result = { ok: true, data: rest };
      }
      if (channel === 'auth.logout') res.setHeader('Set-Cookie', cookie('', 0));
      const json = JSON.stringify(result);
      // The core's own time for the request and for its JSON, which the browser's resource timing carries
      // (same origin), so a timed click splits into server, transfer and the page's own work.
      const serverTiming = `core;dur=${(performance.now() - started).toFixed(2)}, bytes;desc="${Buffer.byteLength(json)}"`;
      return send(200, json, 'application/json; charset=utf-8', { 'Server-Timing': serverTiming });
    }

    // A file the core prepared (a backup), streamed from disk once to whoever holds the one-time token
    // its RPC call returned; the token, not the origin, is the guard (a download is a navigation).
    if (url.pathname === '/download/backup') {
      if (req.method !== 'GET') return send(405, 'method not allowed', 'text/plain');
      const download = takeDownload(url.searchParams.get('token') ?? '');
      if (!download) return send(404, '下载链接已失效，请重新备份', 'text/plain; charset=utf-8');
      res.writeHead(200, {
        'Content-Type': download.mime,
        'Content-Length': fs.statSync(download.file).size,
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      const stream = fs.createReadStream(download.file);
      stream.on('error', () => res.destroy());
      res.on('close', () => {
        stream.destroy();
        download.release();
      });
      stream.pipe(res);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
    let file = staticFileOf(staticRoot, url.pathname);
    if (file === null) return send(400, 'bad path', 'text/plain');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) return send(500, '界面尚未构建：请先运行 npm run build', 'text/plain; charset=utf-8');
    send(200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream');
  };

  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send: Send = (status, body, type, headers) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(body);
    };
    const fail = (err: unknown) => {
      logger.error(`HTTP ${req.method} ${req.url} failed`, err);
      try {
        send(500, JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL } }), 'application/json; charset=utf-8');
      } catch {
        res.destroy();
      }
    };
    try {
      handle(req, res, send).catch(fail);
    } catch (err) {
      fail(err);
    }
  };
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  // A request Node cannot parse never reaches the handler; answer it and drop the connection.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code !== 'ECONNRESET' && socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://${opts.tls ? '127.0.0.1' : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
