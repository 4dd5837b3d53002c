// Group "bundle": bundle_gzip_kb. Every JavaScript file the first page loads, gzip -9, summed.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round } from '../report.js';

/**
 * Every JavaScript file the first page loads: the module scripts and modulepreloads of index.html
 * and, transitively, the chunks they import statically (dynamic `import()` is not followed).
 */
function firstLoadJavaScript(outDir) {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/gu),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/gu),
  ].map((match) => match[1]);
  const seen = new Set();
  const queue = entries.map((path) => join(outDir, path.replace(/^\//u, '')));
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports and re-exports: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`.
    for (const match of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]*?\bfrom\s*)?["']([^"']+\.js)["']/gu)) {
      if (match[1].startsWith('.') || match[1].startsWith('/')) queue.push(join(dirname(file), match[1]));
    }
  }
  return [...seen];
}

export function measureBundle(outDir, loadedInBrowser) {
  // The static walk, plus what the browser fetched on the first load (chunks imported dynamically
  // at start-up, such as the service worker glue, count too: the first page loads them).
  const fetched = loadedInBrowser
    .map((path) => join(outDir, path.replace(/^\//u, '')))
    .filter((file) => existsSync(file));
  const files = [...new Set([...firstLoadJavaScript(outDir), ...fetched])];
  const sizes = files.map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(outDir, file), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const gzip = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
  const raw = sizes.reduce((sum, entry) => sum + entry.bytes, 0);
  const statically = new Set(firstLoadJavaScript(outDir).map((file) => `/${relative(outDir, file)}`));
  const worker = join(outDir, 'sw.js');
  const workerGzip = existsSync(worker) ? gzipSync(readFileSync(worker), { level: 9 }).length : null;
  return {
    bundle_gzip_kb: round(gzip / 1024, 1),
    details: {
      bundle_gzip_kb: {
        summary: `${sizes.length} file(s), ${(raw / 1024).toFixed(1)} KB raw`,
        files: sizes,
        // What the browser actually fetched on the first load, as a cross-check of the static walk.
        loaded_in_browser: loadedInBrowser,
        loaded_in_browser_not_in_static_walk: loadedInBrowser.filter((path) => !statically.has(path)),
        // The service worker script is fetched by the browser for registration, not by the page: not counted.
        service_worker_gzip_kb: workerGzip === null ? null : round(workerGzip / 1024, 1),
      },
    },
  };
}
