#!/usr/bin/env node
/**
 * Benchmark floor for PDF export: a fresh process starts Chromium and prints
 * an HTML file directly, with the same engine options as the export.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [htmlPath, outPath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ javaScriptEnabled: false });
await page.setContent(readFileSync(htmlPath, 'utf8'), { waitUntil: 'load' });
writeFileSync(outPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
await browser.close();
