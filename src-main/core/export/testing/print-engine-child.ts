/**
 * A separate process with a print engine at work, for the tests of what a
 * process's end leaves behind (cdp-pipe.test.ts). Starts the browser, sets a
 * page printing, prints one line `{"pid": <browser pid>}`, then:
 *   exit   calls process.exit(0) at once, the print still under way
 *   wait   waits to be killed (the test sends SIGKILL)
 * Run with `node --import tsx print-engine-child.ts <exit|wait>`.
 */
import { ChromiumProcess } from '../cdp-pipe';
import { CHROMIUM_ARGS, findChromium } from '../pdf';

const mode = process.argv[2];
const { browser } = await ChromiumProcess.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, timeout: 60_000 });
const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
const { frameTree } = (await browser.send('Page.getFrameTree', {}, sessionId)) as { frameTree: { frame: { id: string } } };
const text = '<p>' + '各地区各部门认真贯彻落实党中央国务院决策部署。'.repeat(400) + '</p>';
await browser.send('Page.setDocumentContent', { frameId: frameTree.frame.id, html: `<!doctype html><meta charset="utf-8">${text.repeat(10)}` }, sessionId);
browser.send('Page.printToPDF', {}, sessionId).catch(() => undefined);
process.stdout.write(JSON.stringify({ pid: browser.pid }) + '\n');
if (mode === 'exit') process.exit(0);
setInterval(() => undefined, 60_000); // until killed
