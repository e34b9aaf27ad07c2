import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The dashboard's static files, all served by the App itself (it may run where nothing outside is reachable):
// its own stylesheet and chart script beside this file, and chart.js's UMD build straight from node_modules —
// a minified browser bundle chart.js publishes, pinned by package-lock.json, so no build step makes a copy.

/** One static file: its bytes and content type. */
export interface Asset {
  body: Buffer;
  type: string;
}

function chartJsFile(): string {
  // chart.js's exports map does not list dist/chart.umd.min.js; its CommonJS entry sits in the same folder.
  return join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
}

const FILES: Readonly<Record<string, { path: () => string; type: string }>> = {
  'chart.umd.min.js': { path: chartJsFile, type: 'text/javascript; charset=utf-8' },
  'dashboard.js': { path: () => new URL('./assets/dashboard.js', import.meta.url).pathname, type: 'text/javascript; charset=utf-8' },
  'dashboard.css': { path: () => new URL('./assets/dashboard.css', import.meta.url).pathname, type: 'text/css; charset=utf-8' },
};

const cache = new Map<string, Asset>();

/** The asset called `name`, read once; null for any other name. */
export function readAsset(name: string): Asset | null {
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!file) return null;
  let asset = cache.get(name);
  if (!asset) {
    asset = { body: readFileSync(file.path()), type: file.type };
    cache.set(name, asset);
  }
  return asset;
}
