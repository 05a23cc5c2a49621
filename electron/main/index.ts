import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell, utilityProcess, type IpcMainInvokeEvent, type UtilityProcess } from 'electron';
import { CLOSE, createPortClient } from '../core/app/rpcPort';
import { defaultDataDir, DB_FILE_NAME } from '../core/paths';
import { CONTENT_SECURITY_POLICY } from '../core/http/host';
import { devServerUrlOf, isAllowedRequest, isTrustedRendererUrl } from '../core/security';
import type { FilePayload } from '../../shared/schemas/common';
import { beijingTime } from '../../shared/domain/calendar';
import { menuTemplate, showPageScript } from './menu';

// Thin shell: lifecycle, the window, and IPC wiring. Everything with logic lives in electron/core.

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database file; hand focus to the first and leave.
  app.quit();
}

app.setPath('userData', defaultDataDir());
const rendererDir = path.join(__dirname, '../renderer');
// An installed copy ignores ELECTRON_RENDERER_URL and has no DevTools: both are for development only.
const devServerUrl = devServerUrlOf(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
const devTools = !app.isPackaged;
const trust = { rendererDir, devServerUrl };
let coreProcess: UtilityProcess | null = null;
const core = createPortClient((message) => coreProcess?.postMessage(message));

/**
 * The core runs in a utility process: a long import, export or recount never blocks this process, which
 * owns the window. Resolves once the database is open and migrated.
 */
function startCore(dbPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    coreProcess = utilityProcess.fork(path.join(__dirname, 'coreProcess.js'), [dbPath], { serviceName: 'CareBeds 数据服务' });
    coreProcess.on('message', (message: { ready?: boolean; error?: string }) => {
      if (message && 'ready' in message) {
        if (message.ready) resolve();
        else reject(new Error(message.error ?? '数据服务启动失败'));
        return;
      }
      core.receive(message);
    });
    coreProcess.on('exit', (code) => {
      core.fail(`数据服务已退出（代码 ${code}），操作未保存，请重新启动 CareBeds`);
      reject(new Error(`数据服务已退出（代码 ${code}）`));
    });
  });
}
let mainWindow: BrowserWindow | null = null;

function trusted(event: IpcMainInvokeEvent): boolean {
  return isTrustedRendererUrl(event.senderFrame?.url ?? '', trust);
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    title: 'CareBeds 养老床位',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(path.join(rendererDir, 'index.html'));
}

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // The app is one page with hash routes: no frame is ever navigated or redirected anywhere else.
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!isTrustedRendererUrl(event.url, trust)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
});

app.whenReady().then(async () => {
  // The app asks for no permission (camera, notifications, clipboard, …): every request and check is refused.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // No remote content and no other file on the disk: only the renderer's folder (and the dev server in development).
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, { ...trust, devTools }) });
  });

  try {
    await startCore(path.join(app.getPath('userData'), DB_FILE_NAME));
  } catch (err) {
    dialog.showErrorBox('CareBeds 无法打开数据库', `${(err as Error).message}\n\n数据文件夹：${app.getPath('userData')}`);
    app.quit();
    return;
  }

  ipcMain.handle('rpc', async (event, channel: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { code: 'INTERNAL', message: '拒绝来自未知页面的请求' } };
    // Where a backup is written is chosen by the user in the save dialog below, never by the page.
    if (channel === 'backup.saveTo') return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: '未知的请求类型：backup.saveTo' } };
    return core.call(String(channel), input);
  });

  // The core writes the backup straight to the chosen file with SQLite's backup API: nothing of it
  // passes through this process or the page, whatever its size.
  ipcMain.handle('backup:save', async (event) => {
    if (!trusted(event) || !mainWindow) return { saved: false };
    const stamp = beijingTime(new Date()).replace(/[-:]/g, '').replace(' ', '-');
    const result = await dialog.showSaveDialog(mainWindow, {
      defaultPath: `carebeds-${stamp}.sqlite`,
      filters: [{ name: 'CareBeds 数据库备份', extensions: ['sqlite'] }],
    });
    if (result.canceled || !result.filePath) return { saved: false };
    const r = await core.call('backup.saveTo', { path: result.filePath });
    if (!r.ok) return { saved: false, error: r.error };
    shell.showItemInFolder(result.filePath);
    return { saved: true, path: result.filePath };
  });

  ipcMain.handle('file:save', async (event, file: FilePayload) => {
    if (!trusted(event) || !mainWindow) return { saved: false };
    const result = await dialog.showSaveDialog(mainWindow, { defaultPath: file.fileName });
    if (result.canceled || !result.filePath) return { saved: false };
    fs.writeFileSync(result.filePath, Buffer.from(file.dataBase64, 'base64'));
    shell.showItemInFolder(result.filePath);
    return { saved: true, path: result.filePath };
  });

  ipcMain.handle('report:pdf', async (event, fileName: string) => {
    if (!trusted(event) || !mainWindow) return { saved: false };
    const pdf = await mainWindow.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    const result = await dialog.showSaveDialog(mainWindow, { defaultPath: fileName });
    if (result.canceled || !result.filePath) return { saved: false };
    fs.writeFileSync(result.filePath, pdf);
    return { saved: true, path: result.filePath };
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          showPage: (route) => void mainWindow?.webContents.executeJavaScript(showPageScript(route)),
          about: () =>
            void dialog.showMessageBox({ type: 'info', title: '关于', message: 'CareBeds 养老床位', detail: `版本 ${app.getVersion()}\n数据文件夹：${app.getPath('userData')}` }),
        },
        devTools,
      ),
    ),
  );
  createWindow();
});

/** How long quitting waits for the core to finish what it is doing and close the database. */
const CORE_CLOSE_MS = 5_000;

/**
 * Asks the core process to close (running requests finish, the WAL is checkpointed, the database
 * closed) and waits for it to exit, at most CORE_CLOSE_MS; only then is it killed. A committed change
 * is on disk either way (WAL, synchronous=FULL); closing leaves one whole file with no -wal beside it.
 */
function stopCore(): Promise<void> {
  const proc = coreProcess;
  if (!proc) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      proc.kill();
      resolve();
    }, CORE_CLOSE_MS);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    proc.postMessage(CLOSE);
  });
}

let coreStopped = false;
app.on('before-quit', (event) => {
  if (coreStopped || !coreProcess) return;
  event.preventDefault();
  coreStopped = true;
  void stopCore().finally(() => app.quit());
});

app.on('window-all-closed', () => app.quit());
