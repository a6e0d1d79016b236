#!/usr/bin/env node
/**
 * Benchmark floor for PDF export: a fresh process starts Chromium and prints
 * an HTML file directly, with the same PDF options as the export (outline, tagged).
 * `node print-floor.mjs <html> <out.pdf> [executable]` (default: CHROMIUM_PATH, else /usr/bin/chromium).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [htmlPath, outPath, executable] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable || process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ javaScriptEnabled: false });
await page.setContent(readFileSync(htmlPath, 'utf8'), { waitUntil: 'load' });
// The same PDF as the export's: bookmarks from the headings and a tagged (accessible) PDF. These two cost Chromium
// about as much again as the plain print (it builds the document's structure tree for both), so a floor without them
// would count a feature of the output as the export's overhead.
writeFileSync(outPath, await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true }));
await browser.close();
