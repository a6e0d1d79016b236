/**
 * `serve`: browser mode. Serves the built renderer and the API on 127.0.0.1,
 * prints the URL with its launch token, opens the default browser.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { startServer } from '../../server/server';

export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../renderer'), join(here, '../../out/renderer'), join(here, '../../../out/renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  throw new Error('The built interface was not found (out/renderer). Run `npm run build` first.');
}

function openBrowser(url: string): boolean {
  const platform = process.platform;
  const command = platform === 'darwin' ? 'open' : platform === 'win32' ? 'cmd' : 'xdg-open';
  if (platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  const args = platform === 'win32' ? ['/c', 'start', '""', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'briefing serve [--port N] [--no-open]',
  summary: 'Run the app in your browser (browser mode) on 127.0.0.1.',
  flags: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, reason: { type: 'string' } },
  async run({ args, io, core }) {
    const portFlag = args.flags.port;
    const port = portFlag === undefined ? 0 : Number(portFlag);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`--port must be a port number between 1 and 65535, not "${String(portFlag)}".`);
      return 2;
    }
    const c = await core();
    const server = await startServer({ target: c, rendererDir: rendererDir(), port });
    if (args.flags.reason) io.err(String(args.flags.reason));
    io.out(`Briefing Desk is running at ${server.url}`);
    if (!args.flags['no-open']) openBrowser(server.url);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
