/**
 * The standard application menu. Role-based items give the platform's Edit
 * shortcuts (undo, cut, copy, paste, select all) in every text field; Help
 * has "Copy diagnostics" (versions, library counts, recent errors; no article text).
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  /** The interface language of the menu's own items (the OS locale: zh-* → Chinese). */
  language?: 'zh' | 'en';
  copyDiagnostics?: () => void;
}

export function menuTemplate(platform: NodeJS.Platform, appName: string, actions: MenuActions = {}): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac)
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  template.push(
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  );
  if (actions.copyDiagnostics) {
    const zh = actions.language === 'zh';
    template.push({
      role: 'help',
      label: zh ? '帮助' : 'Help',
      submenu: [{ id: 'copy-diagnostics', label: zh ? '复制诊断信息' : 'Copy Diagnostics', click: actions.copyDiagnostics }],
    });
  }
  return template;
}
