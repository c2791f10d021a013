// Copies the players the demo page and the end-to-end tests load (devDependencies) into the demo's
// static assets, so the demo plays HLS and DASH in browsers with no network (README "Quick start"):
// hls.js, dash.js and Shaka Player.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dir = (pkg) => dirname(require.resolve(`${pkg}/package.json`));
mkdirSync('demo/media/vendor', { recursive: true });
copyFileSync(join(dir('hls.js'), 'dist', 'hls.min.js'), 'demo/media/vendor/hls.js');
// dashjs exports no ./package.json; its CommonJS entry is the UMD build a script tag loads.
copyFileSync(require.resolve('dashjs'), 'demo/media/vendor/dash.js');
copyFileSync(join(dir('shaka-player'), 'dist', 'shaka-player.compiled.js'), 'demo/media/vendor/shaka-player.js');
