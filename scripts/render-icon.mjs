// Renders the app icon for electron-builder (build-resources/icon.png, 512x512) from the renderer's favicon.svg,
// so the packaged app and the browser tab show the same mark. electron-builder derives the .ico and .icns from
// one 512 px PNG. Uses the system Chromium through Playwright (already a dev dependency), so SVG rendering is
// a real browser's. Run: node scripts/render-icon.mjs
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'renderer/public/favicon.svg'), 'utf8');
const out = path.join(root, 'build-resources/icon.png');
const SIZE = 512;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${SIZE}" height="${SIZE}" style="display:block"></body></html>`);
  await page.waitForFunction(() => document.images[0]?.complete);
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
  // Written beside the target, then renamed, so a crash never leaves half a PNG.
  await writeFile(`${out}.tmp`, png);
  await rename(`${out}.tmp`, out);
  console.log(`${path.relative(root, out)}: ${png.length} bytes`);
} finally {
  await browser.close();
}
