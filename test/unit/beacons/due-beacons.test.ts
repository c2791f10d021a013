/** Beacon URLs (docs/mediatailor-compat.md §4.4, VAST 4.2 §6.1 macros) and the due beacons of a segment request. */
import { describe, expect, it } from 'vitest';
import { applyVastMacros, beaconDedupKey, beaconsFor, collapsePathSlashes, dueBeaconsAtSeq, prepareBeaconUrl, unclaimed } from '../../../src/core/beacons/index.ts';
import { standardAvail } from '../tracking/helpers.ts';

const MACROS = { timestampMs: Date.UTC(2024, 0, 1, 12, 0, 0, 5), cacheBusting: '12345678' };

describe('collapsePathSlashes', () => {
  it.each([
    ['https://a.example//x//y', 'https://a.example/x/y'],
    ['https://a.example///x', 'https://a.example/x'],
    ['https://a.example/x?u=http://b.example//c', 'https://a.example/x?u=http://b.example//c'],
    ['https://a.example//x#frag//y', 'https://a.example/x#frag//y'],
    ['https://a.example?x=//y', 'https://a.example?x=//y'],
    ['https://a.example', 'https://a.example'],
    ['http://a.example:8080//p//q/', 'http://a.example:8080/p/q/'],
  ])('%s → %s', (input, output) => {
    expect(collapsePathSlashes(input)).toBe(output);
  });
});

describe('VAST macros', () => {
  it('[TIMESTAMP] (ISO 8601, URL-encoded) and [CACHEBUSTING]; [ERRORCODE] left alone without an error', () => {
    expect(applyVastMacros('https://t.example/i?ts=[TIMESTAMP]&cb=[CACHEBUSTING]&e=[ERRORCODE]&x=[ADPLAYHEAD]', MACROS)).toBe(
      'https://t.example/i?ts=2024-01-01T12%3A00%3A00.005Z&cb=12345678&e=[ERRORCODE]&x=[ADPLAYHEAD]',
    );
  });

  it('[ERRORCODE] filled when reporting an error; every occurrence replaced', () => {
    expect(applyVastMacros('https://t.example/e?c=[ERRORCODE]&d=[ERRORCODE]&cb=[CACHEBUSTING]', { ...MACROS, errorCode: 402 })).toBe('https://t.example/e?c=402&d=402&cb=12345678');
  });

  it('prepareBeaconUrl: trims, collapses the path, fills macros', () => {
    expect(prepareBeaconUrl('  https://t.example//a//b?cb=[CACHEBUSTING]&u=http://x//y ', MACROS)).toBe('https://t.example/a/b?cb=12345678&u=http://x//y');
  });
});

describe('beaconsFor', () => {
  const { plan } = standardAvail();
  const ad1 = plan.ads[0];
  if (!ad1) throw new Error('ad');

  it('impression → the VAST Impression URLs; the others → the Linear Tracking URLs (raw)', () => {
    expect(beaconsFor(ad1, 'impression')).toEqual(['https://ads.example/imp1?t=[TIMESTAMP]', 'https://ads.example//imp2//x?cb=[CACHEBUSTING]&e=[ERRORCODE]&u=http://r.example//a']);
    expect(beaconsFor(ad1, 'firstQuartile')).toEqual(['https://ads.example/q1']);
    expect(beaconsFor(ad1, 'complete')).toEqual(['https://ads.example/complete', 'https://third.example/complete']);
    expect(beaconsFor(ad1, 'acceptInvitation')).toEqual([]);
  });
});

describe('dueBeaconsAtSeq', () => {
  const avail = standardAvail({ breakTracking: { breakStart: ['https://vmap.example//bs'], breakEnd: ['https://vmap.example/be?cb=[CACHEBUSTING]'] } });
  const due = (seq: number) => dueBeaconsAtSeq({ ...avail, seq, macros: MACROS });

  it('first segment of the avail: breakStart, impression, start, prepared, with dedup keys (availId, adIndex, event)', () => {
    expect(due(100)).toEqual([
      { dedupKey: '100/0/breakStart', availId: '100', adIndex: 0, event: 'breakStart', order: 0, urls: ['https://vmap.example/bs'] },
      {
        dedupKey: '100/0/impression',
        availId: '100',
        adIndex: 0,
        event: 'impression',
        order: 1,
        urls: ['https://ads.example/imp1?t=2024-01-01T12%3A00%3A00.005Z', 'https://ads.example/imp2/x?cb=12345678&e=[ERRORCODE]&u=http://r.example//a'],
      },
      { dedupKey: '100/0/start', availId: '100', adIndex: 0, event: 'start', order: 2, urls: ['https://ads.example/start'] },
    ]);
  });

  it('quartile segments of ad 1 (3rd, 5th, 8th) and its last', () => {
    expect(due(102).map((d) => d.event)).toEqual(['firstQuartile']);
    expect(due(104).map((d) => d.event)).toEqual(['midpoint']);
    expect(due(107).map((d) => d.event)).toEqual(['thirdQuartile']);
    expect(due(109).map((d) => [d.event, d.urls])).toEqual([['complete', ['https://ads.example/complete', 'https://third.example/complete']]]);
    for (const seq of [101, 103, 105, 106, 108]) expect(due(seq)).toEqual([]);
  });

  it('ad 2: an event without URLs is still due (claimed once, nothing to send); breakEnd after complete', () => {
    expect(due(110).map((d) => [d.dedupKey, d.urls.length])).toEqual([
      ['100/1/impression', 1],
      ['100/1/start', 1],
      ['100/1/firstQuartile', 0],
    ]);
    expect(due(112).map((d) => [d.event, d.urls])).toEqual([
      ['complete', ['https://ads.example/complete-2']],
      ['breakEnd', ['https://vmap.example/be?cb=12345678']],
    ]);
  });

  it('slate, content and unknown sequences make nothing due', () => {
    expect(due(113)).toEqual([]);
    expect(due(99)).toEqual([]);
    expect(due(100.5)).toEqual([]);
  });

  it('unclaimed: an event fires at most once per session, whatever the re-requests', () => {
    const first = due(100);
    const claimed = new Set(first.map((d) => d.dedupKey));
    expect(unclaimed(due(100), claimed)).toEqual([]);
    expect(unclaimed(due(102), claimed).map((d) => d.dedupKey)).toEqual([beaconDedupKey('100', 0, 'firstQuartile')]);
  });
});
