// One-off: renders public/favicon.svg to the PNG icons of the web manifest with Debian's Chromium.
// Run from the repository root: node scripts/generate-icons.mjs
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/package.json');
const { chromium } = require('playwright-core');

const favicon = readFileSync('public/favicon.svg', 'utf8');
// Maskable: full-bleed background, the glyph scaled into the 80% safe circle.
const glyph = favicon
  .replace(/^<svg[^>]*>/u, '')
  .replace(/<\/svg>\s*$/u, '')
  .replace(/<rect width="64" height="64" rx="14" fill="#1f2a37"\/>/u, '');
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f2a37"/><g transform="translate(32 32) scale(0.78) translate(-32 -33)">${glyph}</g></svg>`;
const fullBleed = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#1f2a37"/><g transform="translate(32 32) scale(0.9) translate(-32 -33)">${glyph}</g></svg>`;
if (glyph.includes('rx="14"')) throw new Error('favicon.svg changed: update the background rect pattern');

const outputs = [
  { file: 'icon-192.png', size: 192, svg: favicon },
  { file: 'icon-512.png', size: 512, svg: favicon },
  { file: 'maskable-192.png', size: 192, svg: maskable },
  { file: 'maskable-512.png', size: 512, svg: maskable },
  { file: 'apple-touch-icon.png', size: 180, svg: fullBleed },
];
mkdirSync('public/icons', { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const { file, size, svg } of outputs) {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
  await page.locator('svg').screenshot({ path: `public/icons/${file}`, omitBackground: true });
  console.log(`public/icons/${file}`);
}
await browser.close();
