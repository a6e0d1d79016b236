/**
 * The sentence of a library another Briefing Desk process holds (BdError
 * key `library.locked`, core/library/lock.ts), in both interface languages,
 * worded alike by every host that has to refuse it: the `briefing` command
 * line and the desktop app's error box. With the link of the browser-mode
 * server when that process serves the library (core/library/served-instance.ts).
 * Pure: no Node, no DOM.
 */

/** What the refusal names: the library folder, the holding process, and its browser-mode link if it serves one. */
export interface LockedLibrary {
  dir: string;
  pid: number;
  url?: string;
}

/** The sentence in `language`. */
export function lockedLibrarySentence(p: LockedLibrary, language: 'en' | 'zh'): string {
  if (language === 'zh')
    return p.url
      ? `文库 ${p.dir} 正由简报台（进程 ${p.pid}）提供服务，地址 ${p.url}：请在那里使用，或先停止它（在它运行的终端按 Ctrl+C）。`
      : `文库 ${p.dir} 已被另一个简报台进程（pid ${p.pid}）打开。请先关闭它，或用 --library 打开其他文件夹。`;
  return p.url
    ? `The library at ${p.dir} is being served by Briefing Desk (process ${p.pid}) at ${p.url}: use it there, or stop it (Ctrl+C where it runs) first.`
    : `The library at ${p.dir} is open in another Briefing Desk process (pid ${p.pid}). Close it first, or use --library to open a different folder.`;
}
