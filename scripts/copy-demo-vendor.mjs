// Copies hls.js (a devDependency) into the demo's static assets so the demo player page can play
// HLS in browsers without native support, with no network (README "Quick start").
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const source = join(dirname(require.resolve('hls.js/package.json')), 'dist', 'hls.min.js');
mkdirSync('demo/media/vendor', { recursive: true });
copyFileSync(source, 'demo/media/vendor/hls.js');
