import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../dispatch';
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

export interface HttpHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Browser mode: the renderer and the same dispatcher, on loopback only. Requests must name this host
 * (DNS-rebinding guard) and come from its own origin (no other site can drive the RPC from a browser).
 */
export async function startHttpHost(opts: { dispatch: Dispatch; staticDir: string; port?: number; host?: string }): Promise<HttpHost> {
  const host = opts.host ?? '127.0.0.1';
  const staticRoot = path.resolve(opts.staticDir);
  let port = 0;

  const allowedHost = (value: string | undefined) => value === `${host}:${port}` || value === `localhost:${port}`;

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type: string) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      res.end(body);
    };
    if (!allowedHost(req.headers.host)) return send(403, 'forbidden host', 'text/plain');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);

    if (url.pathname.startsWith('/rpc/')) {
      if (req.method !== 'POST') return send(405, 'method not allowed', 'text/plain');
      const origin = req.headers.origin;
      if (origin && origin !== `http://${req.headers.host}`) return send(403, 'forbidden origin', 'text/plain');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(415, 'json only', 'text/plain');
      const channel = decodeURIComponent(url.pathname.slice('/rpc/'.length));
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          send(413, 'too large', 'text/plain');
          req.destroy();
        } else chunks.push(chunk);
      });
      req.on('end', async () => {
        let input: unknown;
        try {
          const text = Buffer.concat(chunks).toString('utf8');
          input = text ? JSON.parse(text) : {};
        } catch {
          return send(400, JSON.stringify({ ok: false, error: { code: 'VALIDATION', message: '请求不是有效的 JSON' } }), 'application/json');
        }
        const result = await opts.dispatch(channel, input);
        send(200, JSON.stringify(result), 'application/json; charset=utf-8');
      });
      return;
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
    let file = path.resolve(staticRoot, '.' + decodeURIComponent(url.pathname));
    if (!file.startsWith(staticRoot)) return send(403, 'forbidden', 'text/plain');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(staticRoot, 'index.html');
    if (!fs.existsSync(file)) return send(500, '界面尚未构建：请先运行 npm run build', 'text/plain; charset=utf-8');
    send(200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
