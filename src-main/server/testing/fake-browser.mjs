#!/usr/bin/env node
/**
 * A stand-in for a Chromium started with `--app=URL --remote-debugging-pipe`,
 * for app-window.test.ts: it speaks the DevTools protocol on file
 * descriptors 3 (commands in) and 4 (answers and events out), reports one
 * page target (the app window), and follows a script from FAKE_BROWSER_SCRIPT:
 * `popup:<url>` opens a page with the app as opener; `stay` keeps running
 * after its last window closes (as Chrome on macOS does). It writes every
 * command it receives, one JSON per line, to FAKE_BROWSER_LOG. SIGUSR2 plays
 * the user closing the app window.
 */
import { appendFileSync } from 'node:fs';
import { Socket } from 'node:net';

const args = process.argv.slice(2);
const app = args.find((a) => a.startsWith('--app='))?.slice(6) ?? '';
const script = (process.env.FAKE_BROWSER_SCRIPT ?? '').split(',').filter(Boolean);
const log = process.env.FAKE_BROWSER_LOG;
if (log) appendFileSync(log, JSON.stringify({ args }) + '\n');
if (process.env.FAKE_BROWSER_FAIL) {
  process.stderr.write('[1:1:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY\n');
  process.exit(1);
}
// Sockets, not fs streams: a blocking read on a pipe would hold up process.exit.
const out = new Socket({ fd: 4, readable: false, writable: true });
const input = new Socket({ fd: 3, readable: true, writable: false });
input.setEncoding('utf8');
const send = (message) => out.write(JSON.stringify(message) + '\0');
const pages = new Map([['APP', { targetId: 'APP', type: 'page', url: app, attached: false }]]);
let buffer = '';
// The user closes the app window.
process.on('SIGUSR2', () => closeTarget('APP'));

function closeTarget(targetId) {
  if (!pages.delete(targetId)) return false;
  send({ method: 'Target.targetDestroyed', params: { targetId } });
  if (pages.size === 0 && !script.includes('stay')) setTimeout(() => process.exit(0), 20);
  return true;
}

input.on('data', (chunk) => {
  buffer += chunk;
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const { id, method, params } = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (log) appendFileSync(log, JSON.stringify({ method, params }) + '\n');
    if (method === 'Target.setDiscoverTargets') {
      send({ id, result: {} });
      for (const info of pages.values()) send({ method: 'Target.targetCreated', params: { targetInfo: info } });
      for (const step of script) {
        if (step.startsWith('popup:')) {
          const info = { targetId: 'POPUP', type: 'page', url: step.slice(6), openerId: 'APP', attached: false };
          pages.set('POPUP', info);
          setTimeout(() => send({ method: 'Target.targetCreated', params: { targetInfo: info } }), 50);
        }
      }
    } else if (method === 'Target.activateTarget') {
      if (pages.has(params.targetId)) send({ id, result: {} });
      else send({ id, error: { code: -32602, message: 'No target with given id found' } });
    } else if (method === 'Target.closeTarget') {
      send({ id, result: { success: closeTarget(params.targetId) } });
    } else if (method === 'Browser.close') {
      send({ id, result: {} });
      setTimeout(() => process.exit(0), 20);
    } else {
      send({ id, error: { code: -32601, message: `'${method}' wasn't found` } });
    }
  }
});
