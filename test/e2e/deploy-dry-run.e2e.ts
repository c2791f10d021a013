/**
 * A production deploy carries no demo (issue 8 §5): `wrangler deploy --dry-run` of wrangler.toml
 * bundles the service without the demo's routes, ad server, media catalog or beacon sink, and its
 * migrations delete the BeaconSink class an earlier deployment created; the demo Worker's config
 * (demo/wrangler.toml) builds too, and binds the same service bindings, so the two cannot drift.
 * Runs the real wrangler CLI offline (no account, no network).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dryRun(config: string): string {
  const out = mkdtempSync(join(tmpdir(), 'edge-ssai-dry-run-'));
  dirs.push(out);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--config', config, '--outdir', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', NO_COLOR: '1' },
    timeout: 120_000,
  });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return readdirSync(out)
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(join(out, f), 'utf8'))
    .join('\n');
}

/** `[[durable_objects.bindings]]` and `[[r2_buckets]]` binding names, and the `[vars]` keys, of a wrangler.toml. */
function serviceBindings(config: string): { objects: string[]; buckets: string[]; vars: string[] } {
  const text = readFileSync(join(ROOT, config), 'utf8');
  const names = (section: string): string[] =>
    [...text.matchAll(new RegExp(`\\[\\[${section.replace('.', '\\.')}\\]\\]\\s*\\n\\s*(?:name|binding)\\s*=\\s*"([^"]+)"`, 'g'))].map((m) => m[1] as string).sort();
  const varsBlock = /\[vars\]\n([\s\S]*?)\n\[/.exec(text)?.[1] ?? '';
  const vars = [...varsBlock.matchAll(/^([A-Z_]+)\s*=/gm)].map((m) => m[1] as string).sort();
  return { objects: names('durable_objects.bindings'), buckets: names('r2_buckets'), vars };
}

describe('deploy dry run', () => {
  it('the production bundle has the service and none of the demo', { timeout: 180_000 }, () => {
    const bundle = dryRun('wrangler.toml');
    for (const present of ['SessionObject', 'ConfigStore', 'LogShard', '/manifest/:acct/:cfg/:sid/:file']) expect(bundle).toContain(present);
    // Demo routes, ad server, beacon sink, seed configurations and player page.
    for (const absent of ['BeaconSink', '/ads/vast', '/beacons/:mode', 'demo-configurations.json', 'vastWrapper', 'playerPage', 'registerSelfDispatch(']) expect(bundle).not.toContain(absent);
    const toml = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).toMatch(/\[\[migrations\]\]\s*\ntag = "v2"\s*\ndeleted_classes = \["BeaconSink"\]/);
    expect(toml).not.toMatch(/\[assets\]/);
  });

  it('the demo Worker builds, with the same service bindings plus its own', { timeout: 180_000 }, () => {
    const bundle = dryRun('demo/wrangler.toml');
    for (const present of ['BeaconSink', 'SessionObject', '/ads/vast']) expect(bundle).toContain(present);
    const prod = serviceBindings('wrangler.toml');
    const demo = serviceBindings('demo/wrangler.toml');
    expect(demo.objects).toEqual([...prod.objects, 'BEACON_SINK'].sort());
    expect(demo.buckets).toEqual(prod.buckets);
    expect(demo.vars).toEqual([...prod.vars, 'DEMO_ENABLED'].sort());
    // Deploying the demo must never replace the production Worker (their migrations differ too).
    const name = (config: string): string | undefined => /^name = "([^"]+)"/m.exec(readFileSync(join(ROOT, config), 'utf8'))?.[1];
    expect(name('demo/wrangler.toml')).toBe('edge-ssai-demo');
    expect(name('wrangler.toml')).toBe('edge-ssai');
  });
});
