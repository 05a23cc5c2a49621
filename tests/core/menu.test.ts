import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANUAL_ROUTE, menuTemplate, showPageScript } from '../../electron/main/menu';

type MenuItemConstructorOptions = ReturnType<typeof menuTemplate>[number];

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const inner = find(item.submenu, label);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('the desktop window menu', () => {
  it('has a 帮助 menu whose 用户手册 item shows the in-app manual, a route the app has', () => {
    const shown: string[] = [];
    const template = menuTemplate({ showPage: (r) => shown.push(r), about: () => undefined }, false);
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const manual = find(template, '用户手册');
    expect(manual?.accelerator).toBe('F1');
    (manual?.click as () => void)();
    expect(shown).toEqual([MANUAL_ROUTE]);
    const app = fs.readFileSync(path.join(__dirname, '../../renderer/src/App.tsx'), 'utf8');
    expect(app).toContain(`path="${MANUAL_ROUTE}"`);
  });

  it('moves the hash route only, so nothing on the page is reloaded', () => {
    const window = { location: { hash: '#/beds' } };
    new Function('window', showPageScript(MANUAL_ROUTE))(window);
    expect(window.location.hash).toBe('#/help');
  });

  it('offers the developer tools only to a development build', () => {
    const actions = { showPage: () => undefined, about: () => undefined };
    expect(find(menuTemplate(actions, false), '开发者工具')).toBeUndefined();
    expect(find(menuTemplate(actions, true), '开发者工具')?.role).toBe('toggleDevTools');
  });
});
