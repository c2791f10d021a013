/**
 * The live pre-roll (LivePreRollConfiguration; core/avails/preroll; MediaTailor "Pre-roll ad
 * insertion"): its own ADS request at the session's first live window, placed max(2 ×
 * TARGETDURATION, EXT-X-START) behind the edge, the ads fitted under MaxDurationSeconds, back to
 * content when they end, no slate or bumpers, `preroll: disabled`, VOD untouched, a failed
 * pre-roll decision leaving content, and origin breaks it overlaps.
 */
import { describe, expect, it } from 'vitest';
import { prerollDistanceSec } from '../../../src/core/avails/preroll.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import type { AvailDecisionResult } from '../../../src/core/session/decision-types.ts';
import { creative, decision, live, of, record, serve, state } from '../../helpers/session-rules.ts';

const PREROLL = { AdDecisionServerUrl: 'https://preroll.example/vast?d=[session.avail_duration_secs]&i=[avail.index]', MaxDurationSeconds: 25 };
const cfg = (over: object = {}) => ({ Name: 'cfg', VideoContentSourceUrl: 'https://origin.example/live', AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]', SlateAdUrl: 'https://cdn.example/slate.m3u8', Bumper: { StartUrl: 'https://cdn.example/b.m3u8' }, LivePreRollConfiguration: PREROLL, ...over });
const NO_BREAK = -1000;

/** The segment URIs of a playlist, in order. */
const uris = (text: string): string[] => text.split('\n').filter((l) => l && !l.startsWith('#'));

describe('where the pre-roll goes', () => {
  it('max(2 × target duration, the distance EXT-X-START asks for)', () => {
    const p = (extra: string) => parseMediaPlaylist(`#EXTM3U\n#EXT-X-TARGETDURATION:6\n${extra}#EXTINF:6,\na.ts\n`);
    expect(prerollDistanceSec(p(''), 60)).toBe(12);
    expect(prerollDistanceSec(p('#EXT-X-START:TIME-OFFSET=-30\n'), 60)).toBe(30);
    expect(prerollDistanceSec(p('#EXT-X-START:TIME-OFFSET=-5.5\n'), 60)).toBe(12);
    expect(prerollDistanceSec(p('#EXT-X-START:TIME-OFFSET=10,PRECISE=YES\n'), 60)).toBe(50);
  });
});

describe('a live session with a pre-roll', () => {
  it('asks its own ad server once, at the first window, for at most MaxDurationSeconds', () => {
    const s = state(record({ config: cfg(), serverBeacons: false }));
    const first = serve(s, live(100, 12, NO_BREAK), (a) => decision(s, a.preroll ? ['p1', 'p2'] : []));
    const asked = of(first.asked, 'decide-avail');
    expect(asked.map((e) => [e.avail.key, e.avail.preroll, e.avail.availIndex, e.request.url])).toEqual([['p110', true, 1, 'https://preroll.example/vast?d=25&i=1']]);
    // Content up to 4 s (2 × 2 s) behind the edge, then the pre-roll's first slots.
    expect(uris(first.text)).toEqual([...Array.from({ length: 10 }, (_, i) => `https://origin.example/live/seg${100 + i}.ts`), 'https://cdn.example/p1/s0.ts', 'https://cdn.example/p1/s1.ts']);
    const again = serve(s, live(102, 12, NO_BREAK), () => undefined);
    expect(of(again.asked, 'decide-avail')).toEqual([]);
  });

  it('plays every ad that fits, no slate and no bumper, then returns to the content where the ads end', () => {
    const s = state(record({ config: cfg(), serverBeacons: false }));
    const first = serve(s, live(100, 12, NO_BREAK), () => {
      const d = decision(s, ['p1', 'p2', 'p3']);
      const bumper = creative('bumper', [2]);
      const slate = creative('slate', [2]);
      return { ...d, slate: { ...slate, refDurationsSec: slate.refDurationsSec }, bumpers: { start: { creative: bumper } } };
    });
    const plan = s.plans.get('p110');
    expect(plan?.ads.map((x) => x.creative.creativeKey)).toEqual(['p1', 'p2']);
    expect(plan?.skipped.map((x) => x.skippedReason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
    expect(plan?.occurrences.map((o) => o.kind)).toEqual(['ad', 'ad']);
    const next = serve(s, live(110, 14, NO_BREAK), () => undefined);
    const out = uris(next.text);
    expect(out.slice(0, 10)).toEqual([...['p1', 'p2'].flatMap((k) => [0, 1, 2, 3, 4].map((i) => `https://cdn.example/${k}/s${i}.ts`))]);
    expect(out.slice(10)).toEqual(['https://origin.example/live/seg120.ts', 'https://origin.example/live/seg121.ts', 'https://origin.example/live/seg122.ts', 'https://origin.example/live/seg123.ts']);
    expect(next.text).toContain('#EXT-X-MEDIA-SEQUENCE:110');
    const tracking = sessionTracking(s, 0, null);
    expect(tracking.ok && tracking.value.avails.map((a) => [a.availId, a.durationInSeconds, a.ads.length])).toEqual([['110', 20, 2]]);
    const logged = of(first.effects, 'log').flatMap((e) => e.events);
    expect(logged.find((e) => e.kind === 'filled-avail')).toMatchObject({ podLocation: 'preroll' });
  });

  it('a pre-roll decision without ads (the ad server timed out) leaves the content whole', () => {
    const s = state(record({ config: cfg(), serverBeacons: false }));
    const failed: AvailDecisionResult = { trace: { adsRequestUrl: 'https://preroll.example/vast', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 3000, failure: 'ad server timed out after 3000 ms' }, candidates: [], breakTracking: {} };
    const r = serve(s, live(100, 12, NO_BREAK), () => failed);
    expect(uris(r.text)).toHaveLength(12);
    expect(r.text).not.toContain('DISCONTINUITY\n');
    const filled = of(r.effects, 'log').flatMap((e) => e.events).find((e) => e.kind === 'filled-avail');
    expect(filled).toMatchObject({ podLocation: 'preroll', avail: { fillRate: 0 } });
  });

  it('aws.preroll=disabled: no pre-roll; VOD: no pre-roll', () => {
    const off = state(record({ config: cfg(), serverBeacons: false }, '{"preroll":"disabled"}'));
    expect(of(serve(off, live(100, 12, NO_BREAK), () => undefined).asked, 'decide-avail')).toEqual([]);
    const vod = state(record({ config: cfg(), serverBeacons: false }));
    const text = `${live(100, 6, NO_BREAK)}#EXT-X-ENDLIST\n`;
    expect(of(serve(vod, text, () => undefined).asked, 'decide-avail')).toEqual([]);
  });
});

describe('origin breaks the pre-roll overlaps', () => {
  it('one that began before the pre-roll ends where the pre-roll starts', () => {
    const s = state(record({ config: cfg(), serverBeacons: false }));
    const r = serve(s, live(100, 12, 104), (a) => decision(s, a.preroll ? ['p1'] : ['m1', 'm2']));
    const mid = s.ledger.breaks.find((b) => b.key === '104');
    expect(mid).toMatchObject({ originEndSeq: 110, mode: 'personalize' });
    // 6 slots of the mid-roll (its 12 s before the pre-roll), then the pre-roll's slots.
    expect(uris(r.text).slice(4)).toEqual([...[0, 1, 2, 3, 4].map((i) => `https://cdn.example/m1/s${i}.ts`), 'https://cdn.example/m2/s0.ts', 'https://cdn.example/p1/s0.ts', 'https://cdn.example/p1/s1.ts']);
  });

  it('one that begins inside it is filled from the pre-roll\'s end, for what is left of it', () => {
    const s = state(record({ config: cfg(), serverBeacons: false }));
    serve(s, live(100, 12, NO_BREAK), (a) => decision(s, a.preroll ? ['p1', 'p2'] : []));
    // The origin's break at 113 (20 s, cue-in at 123) shows up while the pre-roll plays (110–119).
    const asked: string[] = [];
    const ad6 = (): AvailDecisionResult => {
      const d = decision(s, []);
      const six = creative('six', [2, 2, 2]);
      s.creatives.set('six', six);
      return { ...d, candidates: [{ ad: { kind: 'inline', id: 'six', impressions: [], creatives: [], errors: [], extensions: [] } as never, wrapperDepth: 0, vastDurationSec: 6, creative: { creativeKey: 'six', source: 'streaming', sourceUrl: six.sourceUrl, refDurationsSec: six.refDurationsSec } }] };
    };
    const during = serve(s, live(110, 12, 113), (a) => {
      asked.push(a.key);
      return ad6();
    });
    expect(asked).toEqual(['120']);
    const b = s.ledger.breaks.find((x) => x.key === '120');
    expect(b).toMatchObject({ originStartSeq: 120, cueOutSeq: 113, signalledDurationSec: 6 });
    const out = uris(during.text);
    expect(out.slice(10)).toEqual(['https://cdn.example/six/s0.ts', 'https://cdn.example/six/s1.ts']);
  });
});
