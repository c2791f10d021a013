// Copies the demo page's player libraries (devDependencies) into the demo's static assets
// (demo/media/vendor/, served at /demo/vendor/{file}), so the page plays in browsers without
// native HLS support, with no network. Runs as demo/wrangler.toml's `[build]` command, so
// `wrangler dev -c demo/wrangler.toml`, `npm start` and a deploy of the demo all have them.
// Add a player here: its package, the file in it, and the name it is served under.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VENDOR_FILES = [
  { pkg: 'hls.js', file: 'dist/hls.min.js', as: 'hls.js' },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const out = join(root, 'demo', 'media', 'vendor');
mkdirSync(out, { recursive: true });
for (const v of VENDOR_FILES) {
  const from = join(dirname(require.resolve(`${v.pkg}/package.json`)), v.file);
  const to = join(out, v.as);
  // Unchanged files are left alone: wrangler dev watches demo/ and would rebuild forever.
  if (existsSync(to) && readFileSync(to).equals(readFileSync(from))) continue;
  copyFileSync(from, to);
}
