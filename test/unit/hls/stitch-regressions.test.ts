/**
 * Regression tests for stitching bugs the property test (live-stitch.property.test.ts) found,
 * each replayed as a small scripted session and named after what broke.
 */
import { describe, expect, it } from 'vitest';
import { mark, OriginTimeline, plain } from '../../helpers/origin-timeline.ts';
import { ad, repeat, slate, StitchSession, uris, type Decision } from '../../helpers/stitch-session.ts';

describe('stitching regressions', () => {
  it('a break start first seen by a rendition lagging behind content already shown is left as content', () => {
    // v1 joins with 1012..1015 (no marker: a SPLICEPOINT break has no CONT lines); a0 lags with 1010..1013 and sees the cue-out at 1011.
    const t = new OriginTimeline(mark(mark(plain(40, 2), 11, ['#EXT-X-CUE-OUT:8']), 15, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(4, 2))] });
    s.serve('v1', t.window('v1', 1012, 1015));
    const a0 = s.serve('a0', t.window('a0', 1010, 1013));
    expect(s.ledger.breaks[0]).toMatchObject({ originStartSeq: 1011, mode: 'passthrough', reason: 'break start already shown as content' });
    expect(uris(a0.text).every((u) => u.includes('origin.example'))).toBe(true);
    s.serve('v1', t.window('v1', 1013, 1016));
    expect(s.checker.violations).toEqual([]);
  });

  it('PARTIAL_AVAIL: a window starting between the cue-out and the partial start still ends the break at its CUE-IN', () => {
    const t = new OriginTimeline(mark(mark(plain(40, 2), 10, ['#EXT-X-CUE-OUT']), 20, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [slate([2])], suppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' } });
    s.serve('v0', t.window('v0', 1005, 1012)); // joins mid-break: filled from 1012 on
    expect(s.ledger.breaks[0]).toMatchObject({ originStartSeq: 1012, cueOutSeq: 1010, mode: 'personalize' });
    s.serve('v0', t.window('v0', 1011, 1020)); // the cue-out slid out, the CUE-IN is in
    expect(s.ledger.breaks[0]).toMatchObject({ originEndSeq: 1020, replacedEndSeq: 1020, closed: true });
    s.serve('v0', t.window('v0', 1013, 1022));
    expect(s.checker.violations).toEqual([]);
  });

  it('a window inside a break whose slots straddle it (slots longer than the window) still shows a slot', () => {
    const t = new OriginTimeline(mark(mark(plain(60, 2), 10, ['#EXT-X-CUE-OUT:20']), 20, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(3, 5)), slate([5])] });
    for (let last = 1009; last <= 1025; last++) {
      const res = s.serve('v0', t.window('v0', last - 1, last)); // two 2 s segments: 4 s of content
      expect(uris(res.text).length, `window ending ${last}`).toBeGreaterThan(0);
    }
    expect(s.checker.violations).toEqual([]);
  });

  it('a late decision closes the break with the right numbering although an origin discontinuity slid out after its end', () => {
    // Ads end at 1013 (6 s, no slate); the origin has a discontinuity at 1014; the decision lands when v0's window starts at 1015.
    const segs = plain(40, 2);
    mark(segs, 10, ['#EXT-X-CUE-OUT:20']);
    mark(segs, 14, [], true);
    mark(segs, 20, ['#EXT-X-CUE-IN']);
    const t = new OriginTimeline(segs);
    let decided = false;
    const s = new StitchSession({ decide: (): Decision => (decided ? [ad('a', 0, repeat(3, 2))] : 'hold') });
    for (let last = 1009; last <= 1017; last++) s.serve('v0', t.window('v0', last - 3, last));
    decided = true;
    s.serve('v0', t.window('v0', 1015, 1018));
    expect(s.ledger.breaks[0]).toMatchObject({ mode: 'personalize', closed: true, replacedEndSeq: 1013, outputCount: 3 });
    s.serve('a0', t.window('a0', 1012, 1015)); // a lagging rendition shows the return and the origin discontinuity
    s.serve('a0', t.window('a0', 1015, 1018));
    s.serve('v0', t.window('v0', 1016, 1019));
    expect(s.checker.violations).toEqual([]);
  });

  it('an empty playlist while no slot is visible yet is numbered so that content after a slotless break does not go back', () => {
    // One 13 s ad in a 6 s break: no slot fits, the break ends up passed through.
    const t = new OriginTimeline(mark(mark(plain(40, 2), 10, ['#EXT-X-CUE-OUT:6']), 13, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('long', 0, [13])] });
    const empty = s.serve('v0', t.window('v0', 1010, 1011));
    expect(uris(empty.text)).toEqual([]);
    s.serve('v0', t.window('v0', 1011, 1013));
    expect(s.ledger.breaks[0]).toMatchObject({ mode: 'passthrough', reason: 'plan has no segment to play' });
    expect(s.checker.violations).toEqual([]);
  });

  it('a long slate-filled break is stitched in time linear in its slots (discontinuity numbers counted along)', () => {
    const time = (hours: number): number => {
      const n = hours * 1800; // 2 s segments
      const t = new OriginTimeline(mark(plain(n + 5, 2), 1, [`#EXT-X-CUE-OUT:${(n - 1) * 2}`]));
      const s = new StitchSession({ decide: () => [slate([2])] }); // one-segment slate: a discontinuity before every slot
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const res = s.serve('v0', t.window('v0', 1000, 1000 + n - 1));
        best = Math.min(best, performance.now() - t0);
        expect(uris(res.text).filter((u) => u.includes('/slate/'))).toHaveLength(n - 1);
      }
      return best;
    };
    time(1); // warm up
    const ratio = time(8) / time(1);
    // Linear: about 8; the quadratic count took about 64.
    expect(ratio).toBeLessThan(30);
  });
});

describe('EXT-X-DATERANGE over a replaced break (docs/mediatailor-compat.md §6.2: passed through)', () => {
  it('keeps the SCTE35-OUT range of a replaced segment next to its SCTE35-IN partner', async () => {
    const { beginWindow, finishWindow } = await import('../../../src/core/hls/personalize-media.ts');
    const { emptyLedger } = await import('../../../src/core/avails/ledger.ts');
    const { createUriResolver } = await import('../../../src/core/hls/uri-resolver.ts');
    const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:100'];
    for (let i = 0; i < 12; i++) {
      const pdt = new Date(Date.UTC(2026, 0, 1) + (100 + i) * 2000).toISOString();
      if (i === 3) lines.push(`#EXT-X-DATERANGE:ID="b1",START-DATE="${pdt}",PLANNED-DURATION=10,SCTE35-OUT=0xFC`);
      if (i === 8) lines.push(`#EXT-X-DATERANGE:ID="b1",START-DATE="${new Date(Date.UTC(2026, 0, 1) + 103 * 2000).toISOString()}",DURATION=10,SCTE35-IN=0xFC`);
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${pdt}`, '#EXTINF:2.000,', `s${100 + i}.ts`);
    }
    const ledger = emptyLedger();
    const w = beginWindow(ledger, `${lines.join('\n')}\n`, {});
    const plan = [{ kind: 'ad' as const, creativeKey: 'ad', adIndex: 0, refDurationsSec: [2, 2, 2, 2, 2] }];
    for (const b of w.pending) b.mode = 'personalize';
    const out = finishWindow(ledger, w, {
      occurrencesOf: () => plan,
      slotMedia: (_b, slot) => ({ uri: `https://ads.example/seg${slot.segment}.ts`, durationSec: 2 }),
      resolveContent: createUriResolver('https://origin.example/live/v.m3u8'),
      markerPassthrough: false,
    }).text;
    expect(out).toContain('SCTE35-OUT=0xFC');
    expect(out).toContain('SCTE35-IN=0xFC');
    expect(out.indexOf('SCTE35-OUT')).toBeLessThan(out.indexOf('https://ads.example/seg0.ts'));
    expect(out).not.toContain('s103.ts');
  });
});
