/** Sampling (PercentEnabled, once per session) and LogConfiguration resolution. */
import { describe, expect, it } from 'vitest';
import { destinationKey, destinationOf, resolveAdLogSettings, streamIdsOf } from '../../../src/core/logs/log-config.ts';
import { projectAdLogEvents } from '../../../src/core/logs/project.ts';
import { isSessionSampled, samplingBucket, shardIndexOf } from '../../../src/core/logs/sampling.ts';
import { realisticEvents } from '../../fixtures/logs/realistic-sessions.ts';

const sessions = Array.from({ length: 20_000 }, (_, i) => `${i.toString(16).padStart(8, '0')}-5d4a-4b8e-9f0a-${(i * 7919).toString(16).padStart(12, '0')}`);

describe('sampling', () => {
  it('decides once per session: the same answer every time', () => {
    for (const s of sessions.slice(0, 100)) expect(isSessionSampled(s, 37)).toBe(isSessionSampled(s, 37));
  });

  it('logs none at 0, all at 100, and about PercentEnabled % in between', () => {
    expect(sessions.some((s) => isSessionSampled(s, 0))).toBe(false);
    expect(sessions.every((s) => isSessionSampled(s, 100))).toBe(true);
    for (const p of [1, 10, 25, 60]) {
      const share = sessions.filter((s) => isSessionSampled(s, p)).length / sessions.length;
      expect(Math.abs(share - p / 100)).toBeLessThan(0.01);
    }
  });

  it('keeps sessions sampled as the percentage grows (buckets are nested)', () => {
    for (const s of sessions.slice(0, 2000)) if (isSessionSampled(s, 10)) expect(isSessionSampled(s, 50)).toBe(true);
    expect(samplingBucket(sessions[0] ?? '')).toBeLessThan(10_000);
  });

  it('spreads sampled sessions over every shard (independent hashes)', () => {
    const counts = new Array<number>(4).fill(0);
    for (const s of sessions.filter((x) => isSessionSampled(x, 25))) counts[shardIndexOf(s, 4)]! += 1;
    const total = counts.reduce((a, b) => a + b, 0);
    for (const c of counts) expect(Math.abs(c / total - 0.25)).toBeLessThan(0.03);
  });
});

describe('LogConfiguration', () => {
  it('defaults: 100 %, mediatailor only, stream edge-ssai-ad-log v1 under ad-logs/, no gzip', () => {
    expect(resolveAdLogSettings(undefined)).toEqual({
      ok: true,
      value: { percentEnabled: 100, formats: ['mediatailor'], streamName: 'edge-ssai-ad-log', streamVersion: 1, prefix: 'ad-logs', gzip: false },
    });
  });

  it('accepts the MediaTailor field and our extension fields', () => {
    const r = resolveAdLogSettings({ PercentEnabled: 5, AdLogFormats: ['uplynk', 'brightcove', 'uplynk'], AdLogStreamName: 'prod-ssai', AdLogStreamVersion: 2, AdLogPrefix: '/tenant-a/logs/', AdLogGzip: true });
    expect(r).toEqual({ ok: true, value: { percentEnabled: 5, formats: ['uplynk', 'brightcove'], streamName: 'prod-ssai', streamVersion: 2, prefix: 'tenant-a/logs', gzip: true } });
  });

  it.each([
    [{ PercentEnabled: 101 }, /PercentEnabled/],
    [{ PercentEnabled: 2.5 }, /PercentEnabled/],
    [{ AdLogFormats: ['csv'] }, /unknown format "csv"/],
    [{ AdLogStreamName: 'a/b' }, /AdLogStreamName/],
    [{ AdLogStreamVersion: 0 }, /AdLogStreamVersion/],
    [{ AdLogPrefix: 'a/../b' }, /bad segment/],
    [{ AdLogPrefix: 'a b' }, /bad segment/],
  ])('rejects %j', (input, message) => {
    const r = resolveAdLogSettings(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('names one destination per stream; uplynk has four', () => {
    const r = resolveAdLogSettings({ AdLogFormats: ['uplynk'] });
    if (!r.ok) throw new Error(r.error);
    expect(streamIdsOf('uplynk')).toEqual(['uplynk-job', 'uplynk-request', 'uplynk-response', 'uplynk-beacon']);
    const d = destinationOf(r.value, 'uplynk-job');
    expect(d).toEqual({ streamId: 'uplynk-job', prefix: 'ad-logs/uplynk-job', deliveryStreamName: 'edge-ssai-ad-log-uplynk-job', version: 1, gzip: false });
    expect(destinationKey(d)).not.toBe(destinationKey({ ...d, gzip: true }));
  });
});

describe('AdsInteractionLog.ExcludeEventTypes', () => {
  it('leaves the named event types out of the mediatailor stream only', () => {
    const events = realisticEvents();
    const settings = resolveAdLogSettings({ AdLogFormats: ['mediatailor', 'brightcove'], AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE', 'FILLED_AVAIL', 'NOT_A_TYPE'] } });
    expect(settings).toMatchObject({ ok: true, value: { excludedEventTypes: ['VAST_RESPONSE', 'FILLED_AVAIL', 'NOT_A_TYPE'] } });
    const all = resolveAdLogSettings({ AdLogFormats: ['mediatailor', 'brightcove'] });
    if (!settings.ok || !all.ok) throw new Error('settings');
    const lines = (s: typeof settings.value, id: string): string[] => projectAdLogEvents(events, s).find((g) => g.destination.streamId === id)?.lines.slice() ?? [];
    const typeOf = (l: string): string => (JSON.parse(l) as { eventType: string }).eventType;
    const kept = lines(settings.value, 'mediatailor').map(typeOf);
    const before = lines(all.value, 'mediatailor').map(typeOf);
    expect(before).toContain('VAST_RESPONSE');
    expect(before).toContain('FILLED_AVAIL');
    expect(kept).toEqual(before.filter((t) => t !== 'VAST_RESPONSE' && t !== 'FILLED_AVAIL'));
    expect(lines(settings.value, 'brightcove')).toEqual(lines(all.value, 'brightcove'));
  });
});
