/**
 * `serve`: browser mode. Serves the built renderer and the API on 127.0.0.1
 * and prints the URL with its access token. With `--app-window` (what
 * `npm start` uses where Electron cannot run) the interface opens in a
 * chromeless window of an installed Chromium, Chrome or Edge with its own
 * profile, and closing that window stops the server; without one it opens
 * the default browser and says so. One server per library: a second start
 * on the same library brings the running one's window to the front instead.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { cliText, refusal, say } from '../cli-messages';
import type { AppWindow } from '../../server/app-window';
import { locateChromium } from '../../core/chromium-locations';
import { libraryKey, platformDataDir } from '../../core/library/paths';
import { log, logState } from '../../core/diagnostics/log';

export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../renderer'), join(here, '../../out/renderer'), join(here, '../../../out/renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('The built interface was not found (out/renderer). Run `npm run build` first.');
}

/** False on Linux and other X11/Wayland systems without a display to show a window on (a server, an SSH session, a container). */
export function hasDisplay(): boolean {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** True when an executable named `name` is in one of the PATH folders. */
function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, name)));
}

/** Opens a URL in the system's default browser; false where there is no desktop to open it on. */
export function openBrowser(url: string): boolean {
  const platform = process.platform;
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'cmd' : 'xdg-open';
  if (!hasDisplay()) return false;
  // Where the opener itself is missing (a minimal Linux), nothing would open: say so rather than promise it.
  if (platform !== 'darwin' && platform !== 'win32' && !onPath(command)) return false;
  // cmd's `start` reads & as a command separator: escape it, and pass the line verbatim (no Node quoting of "").
  const args = platform === 'win32' ? ['/c', 'start', '""', url.replace(/[&^|<>]/g, '^$&')] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true, windowsVerbatimArguments: platform === 'win32' });
    // The URL with its token is printed in any case, so the user can open it by hand.
    child.on('error', (err) => log.warn('Could not open the default browser', { command, err }));
    child.unref();
    return true;
  } catch (err) {
    log.warn('Could not open the default browser', { command, err });
    return false;
  }
}

/**
 * The app window's browser profile: `<data folder>/app-window/<library key>`,
 * one per library so two libraries can be open at once (a browser profile
 * can be used by one browser process only).
 */
export function appWindowProfile(libraryDir: string): string {
  return join(platformDataDir(), 'app-window', libraryKey(libraryDir));
}

/** Extra browser switches from BRIEFING_DESK_BROWSER_ARGS (space-separated), e.g. `--disable-gpu`. */
function extraBrowserArgs(): string[] {
  return (process.env.BRIEFING_DESK_BROWSER_ARGS ?? '').split(/\s+/).filter(Boolean);
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'briefing serve [--port N] [--no-open] [--app-window]',
  usageZh: 'briefing serve [--port 端口] [--no-open] [--app-window]',
  summary: 'Run the app in your browser (browser mode) on 127.0.0.1; --app-window opens it in its own window of Chromium, Chrome or Edge.',
  summaryZh: '在浏览器中运行简报台（浏览器模式，127.0.0.1）；--app-window 在 Chromium、Chrome 或 Edge 的独立窗口中打开它。',
  flags: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, 'app-window': { type: 'boolean' }, reason: { type: 'string' } },
  operands: { min: 0, max: 0 },
  async run({ args, io, core, libraryDir, language }) {
    const portFlag = args.flags.port;
    const port = portFlag === undefined ? 0 : /^\s*\d{1,5}\s*$/.test(String(portFlag)) ? Number(portFlag) : NaN;
    if (portFlag !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) throw refusal('cli.flag-port', { got: String(portFlag) }, 'port');
    const noOpen = args.flags['no-open'] === true;
    // The server's modules (HTTP, the app window) load only for this command, not for every command the CLI runs.
    const [{ startServer }, { BrowserStartError, openAppWindow }, { instanceUrl, reachInstance, removeInstance, runningInstance, writeInstance }] =
      await Promise.all([import('../../server/server'), import('../../server/app-window'), import('../../server/instance')]);

    // A server already running for this library is handed over to, never refused: its window comes to the front,
    // or (it has none: started with --no-open, or without a display) its link is printed and opened.
    const running = await runningInstance(libraryDir);
    const reached = running ? await reachInstance(running) : 'unreachable';
    if (running && reached !== 'unreachable') {
      const params = { library: libraryDir, pid: running.pid, url: instanceUrl(running) };
      if (reached === 'focused') io.out(cliText('serve.focused', params, language));
      else io.out(cliText(!noOpen && openBrowser(params.url) ? 'serve.opened' : 'serve.link', params, language));
      return 0;
    }

    const c = await core();
    let appWindow: AppWindow | null = null;
    const server = await startServer({
      target: c,
      rendererDir: rendererDir(),
      port,
      host: { focusWindow: async () => ({ focused: appWindow ? await appWindow.focus() : !noOpen && openBrowser(server.url) }) },
      events: c.events,
    });
    const stopped = new Promise<void>((done) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => done());
    });
    try {
      await writeInstance(libraryDir, { port: server.port, token: server.token });
      if (args.flags.reason) io.err(String(args.flags.reason));
      io.out(say(language, `Briefing Desk is running at ${server.url}`, `简报台正在运行：${server.url}`));
      // One sentence says what happens next, and only what does happen; a browser's own output goes to the log.
      const byHand = say(
        language,
        'open the link above in a browser on this computer; press Ctrl+C here to stop Briefing Desk.',
        '请在本机的浏览器中打开上面的链接；在这里按 Ctrl+C 可停止简报台。',
      );
      if (!noOpen && !hasDisplay()) {
        io.err(
          say(
            language,
            `No display was found (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window can open here: ${byHand}`,
            `没有找到显示器（DISPLAY 和 WAYLAND_DISPLAY 都没有设置），这里无法打开窗口：${byHand}`,
          ),
        );
      } else if (!noOpen && args.flags['app-window']) {
        const browser = locateChromium();
        if (browser) {
          try {
            appWindow = await openAppWindow({
              url: server.url,
              executablePath: browser,
              profileDir: appWindowProfile(libraryDir),
              extraArgs: extraBrowserArgs(),
              openExternal: (url) => void openBrowser(url),
            });
            io.err(
              say(
                language,
                `It is open in its own window of ${browser}; closing that window stops Briefing Desk.`,
                `它已在 ${browser} 的独立窗口中打开；关闭该窗口即停止简报台。`,
              ),
            );
          } catch (err) {
            const detail = err instanceof BrowserStartError ? err.detail : String((err as Error).stack ?? err);
            log.warn('The app window did not start', { browser, detail });
            const file = logState().file;
            const first =
              language === 'zh'
                ? `应用窗口没有打开${file ? `（浏览器的输出见日志 ${file}）` : ''}`
                : (err as Error).message.replace(/\.$/, '') + (file ? ` (what it said is in the log, ${file})` : '');
            io.err(
              openBrowser(server.url)
                ? say(
                    language,
                    `${first}; Briefing Desk opens in your default browser instead; press Ctrl+C here to stop it.`,
                    `${first}；简报台改在默认浏览器中打开；在这里按 Ctrl+C 可停止它。`,
                  )
                : `${first}${say(language, '; ', '；')}${byHand}`,
            );
          }
        } else {
          const named = process.env.CHROMIUM_PATH?.trim();
          const why = named
            ? say(language, `CHROMIUM_PATH points at ${named}, where there is no browser`, `CHROMIUM_PATH 指向 ${named}，那里没有浏览器`)
            : say(
                language,
                'No Chromium, Chrome or Edge was found (set CHROMIUM_PATH to use one)',
                '没有找到 Chromium、Chrome 或 Edge（可用 CHROMIUM_PATH 指定）',
              );
          io.err(
            openBrowser(server.url)
              ? say(
                  language,
                  `${why}, so Briefing Desk opens in your default browser instead; press Ctrl+C here to stop it.`,
                  `${why}，所以简报台改在默认浏览器中打开；在这里按 Ctrl+C 可停止它。`,
                )
              : `${why}${say(language, ': ', '：')}${byHand}`,
          );
        }
      } else if (!noOpen && !openBrowser(server.url)) {
        io.err(say(language, `Your default browser could not be opened: ${byHand}`, `无法打开默认浏览器：${byHand}`));
      }
      const window = appWindow as AppWindow | null;
      await Promise.race([stopped, window ? window.closed : new Promise<void>(() => undefined)]);
      if (window) await window.close();
    } finally {
      await server.close();
      await removeInstance(libraryDir);
    }
    return 0;
  },
};
