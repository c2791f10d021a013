/** Object keys: exactly the Brightcove key layout (docs/ad-logs.md). */
import { describe, expect, it } from 'vitest';
import { destinationOf, resolveAdLogSettings } from '../../../src/core/logs/log-config.ts';
import { buildObjectKey, OBJECT_KEY_PATTERN, randomSegmentFromBytes } from '../../../src/core/logs/object-key.ts';

const settings = (over: object = {}) => {
  const r = resolveAdLogSettings({ AdLogFormats: ['brightcove'], AdLogStreamName: 'prod-ssai-ad-tracking-4040098940001', AdLogPrefix: 'logs', ...over });
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const uuid = 'caeb9e2e-8b54-42f6-b4f7-cbddfc5090e6';
const at = Date.UTC(2021, 6, 17, 0, 37, 9, 512);

describe('object keys', () => {
  it('matches the Brightcove sample path (docs/ad-logs.md) under our layout regex', () => {
    const seedSample = '2021/07/17/00/00HwB2cbPB2/prod-ssai-ad-tracking-4040098940001-1-2021-07-17-00-37-09-caeb9e2e-8b54-42f6-b4f7-cbddfc5090e6';
    const m = OBJECT_KEY_PATTERN.exec(seedSample);
    expect(m?.groups).toMatchObject({ yyyy: '2021', MM: '07', dd: '17', HH: '00', random: '00HwB2cbPB2', stream: 'prod-ssai-ad-tracking-4040098940001', version: '1', mm: '37', ss: '09', uuid });
  });

  it('builds {prefix}/yyyy/MM/dd/HH/{random}/{stream}-{version}-yyyy-MM-dd-HH-mm-ss-{uuid}', () => {
    const key = buildObjectKey({ destination: destinationOf(settings(), 'brightcove'), timestampMs: at, random: '00HwB2cbPB2', uuid });
    expect(key).toBe('logs/brightcove/2021/07/17/00/00HwB2cbPB2/prod-ssai-ad-tracking-4040098940001-brightcove-1-2021-07-17-00-37-09-caeb9e2e-8b54-42f6-b4f7-cbddfc5090e6');
    expect(OBJECT_KEY_PATTERN.exec(key)?.groups?.['prefix']).toBe('logs/brightcove');
  });

  it('adds .gz for gzipped streams and carries the configured version', () => {
    const key = buildObjectKey({ destination: destinationOf(settings({ AdLogGzip: true, AdLogStreamVersion: 7 }), 'brightcove'), timestampMs: at, random: 'AAAAAAAAAAA', uuid });
    const g = OBJECT_KEY_PATTERN.exec(key)?.groups;
    expect(g?.['gz']).toBe('.gz');
    expect(g?.['version']).toBe('7');
  });

  it('uses UTC and zero padding at year boundaries', () => {
    const key = buildObjectKey({
      destination: destinationOf(settings({ AdLogPrefix: '', AdLogStreamName: 'edge-ssai-ad-log' }), 'uplynk-beacon'),
      timestampMs: Date.UTC(2025, 11, 31, 23, 59, 59, 999),
      random: 'z0z0z0z0z0z',
      uuid,
    });
    expect(key).toMatch(/^uplynk-beacon\/2025\/12\/31\/23\/z0z0z0z0z0z\/edge-ssai-ad-log-uplynk-beacon-1-2025-12-31-23-59-59-/);
    expect(OBJECT_KEY_PATTERN.test(key)).toBe(true);
  });

  it('refuses parts that would break the layout', () => {
    const d = destinationOf(settings(), 'mediatailor');
    expect(() => buildObjectKey({ destination: d, timestampMs: at, random: 'short', uuid })).toThrow(RangeError);
    expect(() => buildObjectKey({ destination: d, timestampMs: at, random: 'AAAAAAAAAAA', uuid: 'not-a-uuid' })).toThrow(RangeError);
  });

  it('draws the random segment from the seed alphabet', () => {
    const s = randomSegmentFromBytes(Uint8Array.from({ length: 11 }, (_, i) => i * 23));
    expect(s).toMatch(/^[0-9A-Za-z]{11}$/);
    expect(randomSegmentFromBytes(new Uint8Array(11))).toBe('00000000000');
  });
});
