/**
 * The demo Worker builds its player libraries itself (issue 14 §4): demo/wrangler.toml's `[build]`
 * runs `npm run demo:vendor`, which copies every vendor file into the demo assets, so
 * `wrangler dev -c demo/wrangler.toml` and a deploy need no `npm start`; and because a custom
 * build turns off wrangler's own source watching, `watch_dir` must list every demo source file.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const toml = readFileSync(join(ROOT, 'demo', 'wrangler.toml'), 'utf8');

describe('demo build', () => {
  it('runs the vendor copy, which npm knows', () => {
    expect(/\[build\]\n(?:#.*\n)*command = "npm run --silent demo:vendor"/.test(toml)).toBe(true);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['demo:vendor']).toBe('node scripts/copy-demo-vendor.mjs');
  });

  it('watches every demo source file, and not the demo folder itself', () => {
    const block = /watch_dir = \[([\s\S]*?)\]/.exec(toml)?.[1] ?? '';
    const watched = [...block.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(watched).not.toContain('.');
    expect(watched).toContain('../src');
    const sources = readdirSync(join(ROOT, 'demo')).filter((f) => f.endsWith('.ts') || f.endsWith('.json'));
    for (const f of sources) expect(watched, `demo/${f} missing from watch_dir`).toContain(`./${f}`);
  });

  it('copies every vendor file into the demo assets, byte for byte', async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'copy-demo-vendor.mjs')], { cwd: join(ROOT, 'demo') });
    const { VENDOR_FILES } = await import('../../../scripts/copy-demo-vendor.mjs');
    expect(VENDOR_FILES.map((v) => v.as)).toEqual(expect.arrayContaining(['hls.js', 'dash.js', 'shaka-player.js']));
    for (const v of VENDOR_FILES) expect(readFileSync(join(ROOT, 'demo', 'media', 'vendor', v.as)).equals(readFileSync(v.from)), v.as).toBe(true);
  });
});
