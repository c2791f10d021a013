/**
 * Live replacement over reloads, one break shape per case (docs/architecture.md §6 invariants; docs/mediatailor-compat.md §6.2,
 * §6.4): early CUE-IN, bare CUE-OUT, a break longer than the window, back-to-back breaks, origin
 * discontinuities in and right after a break. Three renditions share one ledger; every response
 * goes through the InvariantChecker.
 */
import { describe, expect, it } from 'vitest';
import { seenDurationsSec } from '../../../src/core/avails/break-content.ts';
import type { LedgerBreak } from '../../../src/core/avails/ledger.ts';
import { slotsUntil } from '../../../src/core/avails/slots.ts';
import { independentParse } from '../../helpers/independent-parse.ts';
import { mark, OriginTimeline, plain } from '../../helpers/origin-timeline.ts';
import { ad, repeat, slate, slide, StitchSession, uris, type Decision } from '../../helpers/stitch-session.ts';

/** Output duration of a closed personalized break and the content duration it replaced (invariant 4). */
function durations(s: StitchSession, b: LedgerBreak): { out: number; content: number } {
  const out = slotsUntil(s.plans.get(b.key) ?? [], Infinity, b.outputCount).reduce((t, x) => t + x.durationSec, 0);
  const content = seenDurationsSec(b, b.originStartSeq, b.replacedEndSeq ?? 0).reduce((t, x) => t + x, 0);
  return { out, content };
}
const personalized = (s: StitchSession): LedgerBreak[] => s.ledger.breaks.filter((b) => b.mode === 'personalize');

describe('live break shapes', () => {
  it('an early CUE-IN truncates the plan: the running ad is cut, content returns at the CUE-IN', () => {
    const t = new OriginTimeline(mark(mark(plain(60, 2), 10, ['#EXT-X-CUE-OUT:DURATION=30']), 16, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('ad20', 0, repeat(10, 2)), slate(repeat(3, 2))] });
    const last = slide(s, t, 8, 1005, 1030);
    const b = s.ledger.breaks[0] as LedgerBreak;
    expect(b).toMatchObject({ originStartSeq: 1010, originEndSeq: 1016, replacedEndSeq: 1016, outputCount: 6, closed: true });
    const text = last.get('v0')?.text ?? '';
    expect(s.checker.violations).toEqual([]);
    // After the break closed the output numbering resumes right after the 6 ad slots.
    const at1016 = last.get('v0')?.parsed.segments.find((x) => x.uri.endsWith('seg1016.ts'));
    expect(at1016).toBeUndefined(); // slid out of the 8-segment window by 1030
    expect(text).not.toContain('slate');
    const mid = s.serve('v0', t.window('v0', 1012, 1019));
    expect(uris(mid.text).filter((u) => u.includes('ads.example'))).toHaveLength(4);
    expect(uris(mid.text).slice(4)).toEqual([1016, 1017, 1018, 1019].map((n) => `https://origin.example/live/v0/seg${n}.ts`));
  });

  it('a bare CUE-OUT plays ads then slate until its CUE-IN', () => {
    const t = new OriginTimeline(mark(mark(plain(60, 2), 10, ['#EXT-X-CUE-OUT']), 19, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('ad8', 0, repeat(4, 2)), slate(repeat(2, 2))] });
    slide(s, t, 6, 1005, 1030);
    const b = s.ledger.breaks[0] as LedgerBreak;
    expect(b).toMatchObject({ originEndSeq: 1019, replacedEndSeq: 1019, outputCount: 9, closed: true });
    expect(b.signalledDurationSec).toBeUndefined();
    const { out, content } = durations(s, b);
    expect(out).toBe(18);
    expect(content).toBe(18);
    expect(s.checker.violations).toEqual([]);
  });

  it('a break longer than the window: every reload shows a consistent slice, the break closes with its content duration', () => {
    const t = new OriginTimeline(mark(plain(120, 2), 20, ['#EXT-X-CUE-OUT:DURATION=80']));
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(15, 2)), ad('b', 1, repeat(10, 2)), slate(repeat(4, 2))] });
    let sawSlate = false;
    slide(s, t, 5, 1010, 1100, { each: (_r, _l, res) => void (sawSlate ||= res.text.includes('/slate/')) });
    expect(s.checker.violations).toEqual([]);
    expect(sawSlate).toBe(true);
    const b = s.ledger.breaks[0] as LedgerBreak;
    expect(b).toMatchObject({ originEndSeq: 1060, replacedEndSeq: 1060, closed: true });
    const { out, content } = durations(s, b);
    expect(content).toBe(80);
    expect(Math.abs(out - content)).toBeLessThanOrEqual(2);
  });

  it.each([false, true])('back-to-back breaks (CUE-IN and CUE-OUT on one segment, origin discontinuity there: %s) play ad after ad with one discontinuity between', (seamDisc) => {
    const t = new OriginTimeline(mark(mark(mark(plain(60, 2), 10, ['#EXT-X-CUE-OUT:DURATION=8']), 14, ['#EXT-X-CUE-IN', '#EXT-X-CUE-OUT:DURATION=6'], seamDisc), 17, ['#EXT-X-CUE-IN']));
    const plans: Record<number, Decision> = { 1010: [ad('first', 0, repeat(4, 2))], 1014: [ad('second', 0, repeat(3, 2))] };
    for (const size of [3, 10]) {
      // Small windows: some reloads start inside the first break, some inside the second.
      const s = new StitchSession({ decide: (b) => plans[b.originStartSeq] ?? 'passthrough' });
      let text = '';
      slide(s, t, size, 1008, 1025, { each: (r, last, res) => void (r === 'v0' && last === 1018 ? (text = res.text) : 0) });
      expect(s.checker.violations).toEqual([]);
      expect(personalized(s).map((b) => [b.originStartSeq, b.replacedEndSeq, b.outputCount])).toEqual([
        [1010, 1014, 4],
        [1014, 1017, 3],
      ]);
      const lines = text.split('\n');
      const lastFirst = lines.findLastIndex((l) => l.includes('/first/'));
      const firstSecond = lines.findIndex((l) => l.includes('/second/'));
      if (size === 10) expect(lines.slice(lastFirst + 1, firstSecond).filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    }
  });

  it('back-to-back breaks, the second passed through: content returns between them', () => {
    const t = new OriginTimeline(mark(mark(mark(plain(60, 2), 10, ['#EXT-X-CUE-OUT:DURATION=8']), 14, ['#EXT-X-CUE-IN', '#EXT-X-CUE-OUT:DURATION=6']), 17, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: (b) => (b.originStartSeq === 1010 ? [ad('first', 0, repeat(4, 2))] : 'passthrough') });
    slide(s, t, 3, 1008, 1025);
    expect(s.checker.violations).toEqual([]);
    const text = s.serve('v0', t.window('v0', 1009, 1018)).text;
    expect(uris(text).slice(5, 8)).toEqual([1014, 1015, 1016].map((n) => `https://origin.example/live/v0/seg${n}.ts`));
  });

  it('origin discontinuities at the break start, inside it and right after it keep one numbering across renditions', () => {
    const segs = plain(60, 2);
    mark(segs, 5, [], true);
    mark(segs, 10, ['#EXT-X-CUE-OUT:DURATION=12'], true);
    mark(segs, 12, [], true);
    mark(segs, 16, ['#EXT-X-CUE-IN'], true);
    mark(segs, 17, [], true);
    const t = new OriginTimeline(segs);
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(5, 2)), slate([2])] });
    slide(s, t, 4, 1003, 1030, { renditions: ['v0', 'a0'] });
    slide(s, t, 4, 1010, 1030, { renditions: ['v1'] }); // a late rendition replays the whole story
    expect(s.checker.violations).toEqual([]);
    const text = s.serve('v0', t.window('v0', 1008, 1019)).text;
    // Exactly one tag at the return, although the origin also has one on the CUE-IN segment.
    const lines = text.split('\n');
    const back = lines.findIndex((l) => l.endsWith('seg1016.ts'));
    const lastAd = lines.findLastIndex((l, i) => i < back && l.includes('ads.example'));
    expect(lines.slice(lastAd + 1, back).filter((l) => l === '#EXT-X-DISCONTINUITY')).toHaveLength(1);
    expect(independentParse(text).warnings).toEqual([]);
  });

  it('SCTE35-CMD 0x34/0x35 in DATERANGEs of different IDs: the end is recognised in a later window', async () => {
    const { timeSignalHex } = await import('../../helpers/playlist-text.ts');
    const segs = plain(60, 2);
    mark(segs, 10, [`#EXT-X-DATERANGE:ID="s1",START-DATE="2026-01-01T00:00:20.000Z",SCTE35-CMD=${timeSignalHex(5, 0x34)}`]);
    mark(segs, 22, [`#EXT-X-DATERANGE:ID="s2",START-DATE="2026-01-01T00:00:44.000Z",SCTE35-CMD=${timeSignalHex(5, 0x35)}`]);
    const t = new OriginTimeline(segs);
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(4, 2)), slate([2])] });
    slide(s, t, 5, 1008, 1030);
    expect(s.ledger.breaks[0]).toMatchObject({ originStartSeq: 1010, originEndSeq: 1022, replacedEndSeq: 1022, closed: true, outputCount: 12 });
    expect(s.checker.violations).toEqual([]);
  });
});
