import type { MenuItemConstructorOptions } from 'electron';

// The window's menu, in Chinese. Built from plain data so a test can read it without Electron: each page
// item moves the app's hash route (the page is one document; nothing reloads, nothing is lost).

/** What the menu needs of the shell: to show one of the app's pages, and the version for 关于. */
export interface MenuActions {
  showPage(route: string): void;
  about(): void;
}

/** The route of the in-app user manual (renderer/src/features/help). */
export const MANUAL_ROUTE = '/help';

export function menuTemplate(actions: MenuActions, devTools: boolean): MenuItemConstructorOptions[] {
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        ...(devTools ? [{ type: 'separator' as const }, { label: '开发者工具', role: 'toggleDevTools' as const }] : []),
      ],
    },
    {
      label: '帮助',
      submenu: [
        { id: 'help-manual', label: '用户手册', accelerator: 'F1', click: () => actions.showPage(MANUAL_ROUTE) },
        { type: 'separator' },
        { id: 'help-about', label: '关于 CareBeds 养老床位', click: () => actions.about() },
      ],
    },
  ];
}

/** The script that moves the page to `route` (a hash route of the app's own router). */
export function showPageScript(route: string): string {
  return `window.location.hash = ${JSON.stringify(`#${route}`)}`;
}
