import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

// The installer's configuration, checked where no installer can be built: the fuse hook is run on a
// stand-in binary carrying Electron's fuse wire, and the builder configuration is read for the
// settings a care home's PC depends on.
const require = createRequire(import.meta.url);
const afterPack = require('../../build/afterPack.cjs') as (context: unknown) => Promise<void>;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** How a fuse is stored in the wire: ASCII '0' off, '1' on. */
const FuseState = { DISABLE: 0x30, ENABLE: 0x31 };
/** Electron 45's defaults: RunAsNode, NODE_OPTIONS, --inspect and file:// privileges on; the rest off. */
const ELECTRON_DEFAULTS = '10110001';

function fakeElectron(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.from('ELF…binary…'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULTS), Buffer.from('…rest')]));
}

describe('installers', () => {
  it('the afterPack hook flips the fuses of the packaged binary, on Linux and Windows alike', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebeds-fuses-'));
    try {
      const appInfo = { productFilename: 'CareBeds 养老床位' };
      const builds = [
        { electronPlatformName: 'linux', appOutDir: path.join(dir, 'linux-unpacked'), packager: { executableName: 'carebeds', appInfo }, binary: 'carebeds' },
        { electronPlatformName: 'win32', appOutDir: path.join(dir, 'win-unpacked'), packager: { appInfo }, binary: 'CareBeds 养老床位.exe' },
      ];
      for (const { binary, ...context } of builds) {
        const file = path.join(context.appOutDir, binary);
        fakeElectron(file);
        await afterPack(context);
        const wire = (await getCurrentFuseWire(file)) as unknown as Record<number, number>;
        expect(wire[FuseV1Options.RunAsNode], binary).toBe(FuseState.DISABLE);
        expect(wire[FuseV1Options.EnableCookieEncryption], binary).toBe(FuseState.ENABLE);
        expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], binary).toBe(FuseState.DISABLE);
        expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], binary).toBe(FuseState.ENABLE);
        expect(wire[FuseV1Options.OnlyLoadAppFromAsar], binary).toBe(FuseState.ENABLE);
        // Only the wire changes: the bytes before and after it are as they were.
        const after = fs.readFileSync(file).toString('latin1');
        expect(after.startsWith(Buffer.from(`ELF…binary…${SENTINEL}`).toString('latin1')), binary).toBe(true);
        expect(after.endsWith(Buffer.from('…rest').toString('latin1')), binary).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the builder configuration installs per user in Chinese, unpacks the native module, and runs the hook', () => {
    const yml = fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8');
    const setting = (key: string) => yml.match(new RegExp(`^\\s*${key}:\\s*(.+)$`, 'm'))?.[1]?.trim();
    expect(setting('perMachine')).toBe('false');
    expect(setting('allowElevation')).toBe('false');
    expect(setting('installerLanguages')).toBe('[zh_CN]');
    expect(setting('createDesktopShortcut')).toBe('always');
    expect(setting('createStartMenuShortcut')).toBe('true');
    expect(setting('afterPack')).toBe('build/afterPack.cjs');
    expect(yml).toMatch(/asarUnpack:\s*\n\s*- node_modules\/better-sqlite3\/\*\*\/\*\.node/);
    expect(yml).toMatch(/target: nsis/);
    expect(yml).toMatch(/target: AppImage/);
    // The packaged app is the built one: the entry electron-builder loads is what electron-vite writes.
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(yml).toMatch(/files:\s*\n\s*- out\/\*\*\/\*/);
  });

  it('the packaged app needs nothing outside its production dependencies', () => {
    // electron-builder puts only `dependencies` into app.asar: a devDependency the core or the shell
    // loads at run time (ExcelJS, now used by tests only) would work in development and fail when installed.
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'));
    const allowed = new Set([...Object.keys(pkg.dependencies), 'electron']);
    const missing: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.posix.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/^(?:import|export)\s+(?!type\s)[^'";]*?from\s*'([^'.][^']*)'|require\('([^'.][^']*)'\)/gm)) {
            const spec = (m[1] ?? m[2])!;
            if (spec.startsWith('node:')) continue;
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
            if (!allowed.has(name)) missing.push(`${p}: ${name}`);
          }
        }
      }
    };
    ['electron', 'shared'].forEach(walk);
    expect(missing).toEqual([]);
  });
});
