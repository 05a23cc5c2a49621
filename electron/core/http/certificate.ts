import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface LanCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint (AA:BB:…), which the settings page shows so other PCs can check what they are offered. */
  fingerprint: string;
}

function addressesOfThisPc(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4')
    .map((i) => i.address);
}

/**
 * The LAN host's certificate, kept in `folder` (the data folder, beside the database): generated on the
 * first start, self-signed, for this PC's name and addresses; the key readable by its owner only. The
 * same certificate is used on every later start, so the fingerprint other PCs checked stays valid.
 */
export async function lanCertificate(folder: string, now = new Date()): Promise<LanCertificate> {
  const keyFile = path.join(folder, 'lan-key.pem');
  const certFile = path.join(folder, 'lan-cert.pem');
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    const hostName = os.hostname();
    const generated = await generate([{ name: 'commonName', value: `CareBeds ${hostName}` }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: now,
      notAfterDate: new Date(now.getTime() + 5 * 365 * 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 2, value: hostName }, { type: 2, value: 'localhost' }, ...addressesOfThisPc().map((ip) => ({ type: 7 as const, ip }))] },
      ],
    });
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.writeFileSync(keyFile, generated.private, { mode: 0o600 });
    fs.writeFileSync(certFile, generated.cert, { mode: 0o644 });
  }
  const key = fs.readFileSync(keyFile, 'utf8');
  const cert = fs.readFileSync(certFile, 'utf8');
  return { key, cert, fingerprint: new X509Certificate(cert).fingerprint256 };
}
