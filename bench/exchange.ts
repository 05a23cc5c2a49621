// Cost of an exchange package of the 200 largest homes of the beijing bench file: building, signing and
// encrypting it, opening it, and merging it into an empty file, with and without the ownership checks.
//
//   npm run bench:gen -- --scale beijing && npm run bench:exchange

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { openCore, type Core } from '../electron/core/core';
import { silentLogger } from '../electron/core/app/context';
import { buildPackage, openPackage, sealPackage } from '../electron/core/features/exchange/package';
import { ownKeys } from '../electron/core/features/exchange/keys';
import { Ownership } from '../electron/core/features/exchange/ownership';
import { SIGNATURE_BYTES, verify } from '../electron/core/features/exchange/crypto';

const source = path.resolve(process.argv[2] ?? 'bench/data/beijing.sqlite');
const PASSPHRASE = 'bench-passphrase';

const time = async <T>(label: string, work: () => T | Promise<T>): Promise<T> => {
  const start = performance.now();
  const out = await work();
  console.log(`${label.padEnd(44)} ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return out;
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-exchange-bench-'));
  const copy = path.join(dir, 'source.sqlite');
  fs.copyFileSync(source, copy);
  const from = await openCore({ dbPath: copy, logger: silentLogger });
  const empty = async (name: string) => openCore({ dbPath: path.join(dir, `${name}.sqlite`), logger: silentLogger });
  const to = await empty('receiver');
  const ids = from.ctx.sqlite
    .prepare('SELECT facility_id FROM beds GROUP BY facility_id ORDER BY count(*) DESC LIMIT 200')
    .pluck()
    .all() as string[];
  const now = new Date().toISOString();
  const own = ownKeys(from.ctx.sqlite, now);
  const receiver = ownKeys(to.ctx.sqlite, now);

  const { plain, pkg } = await time('build (collect rows, JSON, gzip)', () => from.ctx.sqlite.transaction(() => buildPackage(from.ctx.sqlite, ids, now))());
  const records = Object.values(pkg.tables).reduce((n, rows) => n + (rows?.length ?? 0), 0);
  console.log(`  ${records.toLocaleString()} records, ${(plain.length / 1e6).toFixed(1)} MB gzip`);
  const toReceiver = await time('seal to receiver key (X25519, AES-GCM, Ed25519)', () => sealPackage(plain, own, { receiver }));
  await time('seal under passphrase (scrypt, AES-GCM, Ed25519)', () => sealPackage(plain, own, { passphrase: PASSPHRASE }));
  // The same content as an unsigned version-1 file: what reading costs without the crypto.
  const v1 = gzipSync(Buffer.from(JSON.stringify({ ...pkg, version: 1 })));
  // Alternately, three times each: the machine's load varies more than the difference.
  for (let i = 0; i < 3; i++) {
    await time('read unsigned v1 (gunzip, JSON, schema)', () => openPackage(v1, receiver, { allowUnsigned: true }));
    await time('open v2 (verify, decrypt, gunzip, JSON, schema)', () => openPackage(toReceiver, receiver, {}));
  }
  await time('verify signature only', () => verify(toReceiver.subarray(0, -SIGNATURE_BYTES), toReceiver.subarray(-SIGNATURE_BYTES), own.signPublic));

  const file = (bytes: Buffer) => ({ fileName: 'bench.cbx', dataBase64: bytes.toString('base64') });
  const dispatch = async (core: Core, channel: string, input: unknown) => {
    const r = await core.dispatch(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  await time('export through the dispatcher (passphrase)', () => dispatch(from, 'exchange.export', { facilityIds: ids, passphrase: PASSPHRASE }));
  const toSelf = file(sealPackage(plain, own, { receiver: own }));
  for (let i = 0; i < 2; i++) {
    await time('preview against the same file (unchanged)', () => dispatch(from, 'exchange.preview', { file: toSelf }));
    const refusal = Ownership.prototype.refusal;
    Ownership.prototype.refusal = () => null;
    await time('  the same without ownership checks', () => dispatch(from, 'exchange.preview', { file: toSelf }));
    Ownership.prototype.refusal = refusal;
  }
  await time('import into an empty file (all checks)', () => dispatch(to, 'exchange.apply', { file: file(toReceiver) }));

  // The same import with the ownership checks switched off, for their share of the time.
  const bare = await empty('bare');
  const bareKeys = ownKeys(bare.ctx.sqlite, now);
  const toBare = sealPackage(plain, own, { receiver: bareKeys });
  const refusal = Ownership.prototype.refusal;
  Ownership.prototype.refusal = () => null;
  await time('import into an empty file (no ownership checks)', () => dispatch(bare, 'exchange.apply', { file: file(toBare) }));
  Ownership.prototype.refusal = refusal;

  for (const c of [from, to, bare]) await c.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
