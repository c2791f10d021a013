/**
 * Ad logs within reach locally (issue 14 §3; docs/ad-logs.md "Locally"): the report reads the
 * local run's bucket from a wrangler state directory (written here by the same Miniflare that
 * `wrangler dev` runs, persisted as `--persist-to` lays it out), and nothing else of the state:
 * no unrecognised lines from Durable Object databases or other buckets. Warnings (the demo's
 * empty ADS variables) are not failures. `--service` flushes a running service first.
 */
import { Miniflare } from 'miniflare';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { resolveAdLogSettings } from '../../../src/core/logs/log-config.ts';
import { projectAdLogEvents } from '../../../src/core/logs/project.ts';
import { parseArgs, runReport } from '../../../scripts/logs-report.ts';
import { flushService, localBucketBlobs } from '../../../scripts/logs/local-bucket.ts';
import { realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

let state: string;
let events: AdLogEvent[];

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'edge-ssai-local-report-'));
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("") } }',
    r2Buckets: { AD_LOGS: 'edge-ssai-ad-logs', CREATIVES: 'edge-ssai-creatives' },
    r2Persist: join(state, 'v3', 'r2'),
    durableObjectsPersist: join(state, 'v3', 'do'),
  });
  try {
    const settings = resolveAdLogSettings({ AdLogFormats: ['mediatailor', 'brightcove', 'uplynk'] });
    if (!settings.ok) throw new Error(settings.error);
    const vsf: AdLogEvent = { kind: 'variable-substitution-failed', eventId: 'w1', timestampMs: 0, sessionId: 's', sessionType: 'HLS', configName: 'demo', accountId: 'a', requestId: 'r', assetId: 'x', playbackMode: 'vod', url: 'https://ads.example/?f=', variables: ['player_params.fault'] };
    events = [...realisticEvents(), vsf];
    const logs = await mf.getR2Bucket('AD_LOGS');
    for (const g of projectAdLogEvents(events, settings.value)) await logs.put(`ad-logs/${g.destination.streamId}/obj`, `${g.lines.join('\n')}\n`);
    // Another bucket of the same state: binary creative media, and text that is no ad log.
    const creatives = await mf.getR2Bucket('CREATIVES');
    await creatives.put('creatives/x/seg000.ts', new Uint8Array(4096).map((_, i) => (i * 31) % 256));
    await creatives.put('creatives/x/index.m3u8', '#EXTM3U\n#EXTINF:2,\nseg000.ts\n');
  } finally {
    await mf.dispose();
  }
}, 60_000);

afterAll(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('the local bucket', () => {
  it('is found from the state directory, its parent and the bucket folder', () => {
    const blobs = join(state, 'v3', 'r2', 'edge-ssai-ad-logs', 'blobs');
    expect(localBucketBlobs(state)).toBe(blobs);
    expect(localBucketBlobs(join(state, 'v3', 'r2'))).toBe(blobs);
    expect(localBucketBlobs(join(state, 'v3', 'r2', 'edge-ssai-ad-logs'))).toBe(blobs);
    expect(localBucketBlobs(join(state, 'v3', 'do'))).toBeUndefined();
  });

  it('reads only the ad logs of a state directory, with warnings apart from failures', async () => {
    const r = await runReport(state, {}, { progress: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream });
    expect(r.unknownLines).toBe(0);
    // One object per stream (mediatailor, brightcove, the four Uplynk ones); the creatives bucket's two are not read.
    expect(r.objects).toBe(6);
    const mt = r.summaries.find((s) => s.format === 'mediatailor');
    expect(mt?.warnings).toEqual([['WARNING_URL_VARIABLE_SUBSTITUTION_FAILED', events.filter((e) => e.kind === 'variable-substitution-failed').length]]);
    expect(mt?.failures.some(([k]) => k.startsWith('WARNING_'))).toBe(false);
    expect(r.text).toContain('warnings (not failures):\n  WARNING_URL_VARIABLE_SUBSTITUTION_FAILED');
  });
});

describe('logs:report arguments and flush', () => {
  it('parses a source, --service and --no-flush, and refuses the rest', () => {
    expect(parseArgs([])).toEqual({ service: 'http://127.0.0.1:8787', flush: true, help: false });
    expect(parseArgs(['./ad-logs', '--no-flush'])).toEqual({ source: './ad-logs', service: 'http://127.0.0.1:8787', flush: false, help: false });
    expect(parseArgs(['--service', 'http://127.0.0.1:9000'])).toMatchObject({ service: 'http://127.0.0.1:9000' });
    expect(parseArgs(['--service=ftp://x'])).toBe('--service takes an http(s) URL');
    expect(parseArgs(['--bogus'])).toBe('unknown option --bogus');
    expect(parseArgs(['a', 'b'])).toBe('one source at a time');
  });

  it('flushes a service with the bearer token, and says why when it cannot', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const ok = await flushService('http://127.0.0.1:9/', 'tok', (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return Response.json({ written: 4 });
    }) as typeof fetch);
    expect(ok).toEqual({ ok: true, written: 4 });
    expect(calls[0]?.[0]).toBe('http://127.0.0.1:9/adLogs/flush');
    expect(new Headers(calls[0]?.[1]?.headers).get('authorization')).toBe('Bearer tok');
    const denied = await flushService('http://x', 'bad', (async () => Response.json({ message: 'missing or invalid bearer token' }, { status: 401 })) as typeof fetch);
    expect(denied).toEqual({ ok: false, message: 'HTTP 401: missing or invalid bearer token' });
    // Nothing listening: a refused connection.
    const down = await flushService('http://127.0.0.1:9', 'tok');
    expect(down.ok).toBe(false);
  });
});
