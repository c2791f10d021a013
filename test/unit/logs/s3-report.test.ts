/**
 * End to end over the S3 API (issue 5 §4): the log shard (in workerd, through Miniflare) writes
 * R2 objects; the report reads them back through Miniflare's S3-compatible endpoint with a real
 * SigV4 client (aws4fetch), and through the `logs:report` command itself. Loopback only.
 *
 * Miniflare serves R2 over S3 (`r2Buckets.<binding>.s3Credentials`) from 4.20260722.1 on; the
 * project's pinned Miniflare (4.20260426.0, the last paired with a Node-20 wrangler) has no such
 * endpoint, so this test runs the newer one under the alias `miniflare-s3` (docs/ad-logs.md).
 */
import { build } from 'esbuild';
import { Miniflare } from 'miniflare-s3';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAdLogSettings } from '../../../src/core/logs/log-config.ts';
import { OBJECT_KEY_PATTERN } from '../../../src/core/logs/object-key.ts';
import { projectAdLogEvents } from '../../../src/core/logs/project.ts';
import { addLine, createReport, summarize } from '../../../src/core/logs/report.ts';
import { renderReport } from '../../../src/core/logs/report-render.ts';
import { runReport } from '../../../scripts/logs-report.ts';
import { bundleLogHarness } from '../../../scripts/logs/bundle-harness.ts';
import { listS3, s3SettingsFromEnv } from '../../../scripts/logs/sources.ts';
import { realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUCKET = 'edge-ssai-ad-logs';
const KEY_ID = 'test-access-key';
const SECRET = 'test-secret-key-0123456789';
const LOG_CONFIGURATION = { AdLogFormats: ['mediatailor', 'brightcove', 'uplynk'], AdLogPrefix: 'e2e', AdLogGzip: true };

let mf: Miniflare;
let s3Env: NodeJS.ProcessEnv;

beforeAll(async () => {
  mf = new Miniflare({
    modules: [{ type: 'ESModule', path: 'harness.mjs', contents: await bundleLogHarness(ROOT) }],
    compatibilityDate: '2026-04-26',
    durableObjects: { LOG_SHARDS: { className: 'LogShard', useSQLite: true }, NOOP_SHARDS: { className: 'NoopLogShard', useSQLite: true } },
    r2Buckets: { AD_LOGS: { id: BUCKET, s3Credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } } },
    bindings: { LOG_SHARD_COUNT: '3' },
    host: '127.0.0.1',
    port: 0,
  });
  const url = await mf.ready;
  s3Env = { AWS_ENDPOINT_URL_S3: new URL('/cdn-cgi/local/r2/s3', url).href, AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET };
  const sent = await mf.dispatchFetch('http://harness/events', { method: 'POST', body: JSON.stringify({ logConfiguration: LOG_CONFIGURATION, events: realisticEvents() }) });
  expect(await sent.json()).toMatchObject({ lostLines: 0 });
  expect((await mf.dispatchFetch('http://harness/flush', { method: 'POST' })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
});

/** The report the pure core computes over the same events, without storage in between. */
function expectedSummaries() {
  const s = resolveAdLogSettings(LOG_CONFIGURATION);
  if (!s.ok) throw new Error(s.error);
  const report = createReport();
  for (const g of projectAdLogEvents(realisticEvents(), s.value)) for (const l of g.lines) addLine(report, l);
  return summarize(report);
}

describe('reading the bucket over the S3 API', () => {
  it('lists objects in the Brightcove key layout (docs/ad-logs.md), gzipped', async () => {
    const objects = await listS3(`s3://${BUCKET}/e2e/`, s3SettingsFromEnv(s3Env));
    expect(objects.length).toBeGreaterThanOrEqual(6); // at least one object per stream (six streams)
    for (const o of objects) expect(o.name).toMatch(OBJECT_KEY_PATTERN);
    expect(objects.every((o) => o.name.endsWith('.gz'))).toBe(true);
  });

  it('reports from s3:// exactly what the events say, for every format', async () => {
    const result = await runReport(`s3://${BUCKET}/e2e/`, s3Env, { concurrency: 4 });
    expect(result.unknownLines).toBe(0);
    expect(result.summaries).toEqual(expectedSummaries());
    expect(result.summaries.map((s) => s.format)).toEqual(['mediatailor', 'brightcove', 'uplynk']);
  });

  it('refuses wrong credentials (SigV4 is checked)', async () => {
    await expect(runReport(`s3://${BUCKET}/e2e/`, { ...s3Env, AWS_SECRET_ACCESS_KEY: 'wrong' })).rejects.toThrow(/HTTP 403/);
  });

  it('`npm run logs:report` reads the bucket and a local copy of it the same way', async () => {
    const bundle = join(ROOT, 'node_modules/.cache/edge-ssai/logs-report.mjs');
    await mkdir(dirname(bundle), { recursive: true });
    // The same esbuild step the npm script runs (Node 20 cannot run .ts files itself).
    await build({ entryPoints: [join(ROOT, 'scripts/logs-report.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: bundle, logLevel: 'silent' });
    const run = promisify(execFile);
    const fromS3 = await run(process.execPath, [bundle, `s3://${BUCKET}/e2e/`], { env: { ...process.env, ...s3Env } });
    const objects = await listS3(`s3://${BUCKET}/e2e/`, s3SettingsFromEnv(s3Env));
    expect(fromS3.stdout).toBe(renderReport(expectedSummaries(), 0, objects.length));
    expect(fromS3.stderr).toContain(`reading objects ${objects.length}/${objects.length} (100 %)`);

    const dir = await mkdtemp(join(tmpdir(), 'ad-logs-'));
    try {
      for (const o of objects) {
        await mkdir(dirname(join(dir, o.name)), { recursive: true });
        await writeFile(join(dir, o.name), await o.read());
      }
      const fromFolder = await run(process.execPath, [bundle, dir]);
      expect(fromFolder.stdout).toBe(fromS3.stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
