// Copies the demo page's player libraries (devDependencies) into the demo's static assets
// (demo/media/vendor/, served at /demo/vendor/{file}), so the demo plays HLS and DASH in browsers
// with no network: hls.js, dash.js and Shaka Player (the end-to-end tests load them too). Runs as
// demo/wrangler.toml's `[build]` command, so `wrangler dev -c demo/wrangler.toml`, `npm start`
// and a deploy of the demo all have them. Add a player here: the name it is served under and
// where its browser build is.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const inPackage = (pkg, file) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/** @type {readonly import('./copy-demo-vendor.d.mts').VendorFile[]} */
export const VENDOR_FILES = [
  { as: 'hls.js', from: inPackage('hls.js', 'dist/hls.min.js') },
  // dashjs exports no ./package.json; its CommonJS entry is the UMD build a script tag loads.
  { as: 'dash.js', from: require.resolve('dashjs') },
  { as: 'shaka-player.js', from: inPackage('shaka-player', 'dist/shaka-player.compiled.js') },
];

export function copyVendorFiles() {
  const out = join(root, 'demo', 'media', 'vendor');
  mkdirSync(out, { recursive: true });
  for (const v of VENDOR_FILES) {
    const to = join(out, v.as);
    // Unchanged files are left alone, so their modification time does not look like a change.
    if (existsSync(to) && readFileSync(to).equals(readFileSync(v.from))) continue;
    copyFileSync(v.from, to);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) copyVendorFiles();
