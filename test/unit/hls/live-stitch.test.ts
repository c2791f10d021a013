/**
 * Live personalization over many reloads (docs/architecture.md §6 invariants), pure: the demo origin's live
 * generator slides with a simulated clock (breaks every 2 min, three marker dialects), three
 * renditions (two video, one audio) reload in turns, and every response is checked.
 */
import { describe, expect, it } from 'vitest';
import { LIVE, liveMediaPlaylist, type MediaRendition } from '../../../demo/origin.ts';
import { seenDurationsSec } from '../../../src/core/avails/break-content.ts';
import { emptyLedger, type Ledger, type LedgerBreak } from '../../../src/core/avails/ledger.ts';
import { slotsUntil, type Occurrence } from '../../../src/core/avails/slots.ts';
import { beginWindow, finishWindow } from '../../../src/core/hls/personalize-media.ts';
import { createUriResolver } from '../../../src/core/hls/uri-resolver.ts';
import { InvariantChecker } from '../../helpers/hls-invariants.ts';

const seg2 = (n: number): number[] => Array.from({ length: n }, () => 2);
const renditions: MediaRendition[] = ['v0', 'v1', 'a0'].map((name, i) => ({
  name,
  kind: name === 'a0' ? 'audio' : 'video',
  bandwidth: 100_000 * (i + 1),
  codecs: 'avc1.42c00b',
  segments: Array.from({ length: 15 }, (_, j) => ({ uri: `content/${name}/seg${String(j).padStart(3, '0')}.ts`, durationSec: 2 })),
}));
const ORIGIN = 'https://origin.example/live/';

type Decide = (b: LedgerBreak) => Occurrence[] | 'passthrough';
const adsPlusSlate: Decide = () => [
  { kind: 'ad', creativeKey: 'ad20', adIndex: 0, refDurationsSec: seg2(10) },
  { kind: 'ad', creativeKey: 'ad6', adIndex: 1, refDurationsSec: seg2(3) },
  { kind: 'slate', creativeKey: 'slate', refDurationsSec: seg2(5), loop: true },
];

function makeSession(decide: Decide) {
  const ledger: Ledger = emptyLedger();
  const plans = new Map<string, Occurrence[]>();
  const checker = new InvariantChecker((uri) => uri.replace(/\/(v0|v1|a0)\//, '/X/'));
  const serve = (r: MediaRendition, nowMs: number): string => {
    const w = beginWindow(ledger, liveMediaPlaylist(r, '', nowMs), {});
    for (const b of w.pending) {
      const d = decide(b);
      if (d === 'passthrough') b.mode = 'passthrough';
      else {
        plans.set(b.key, d);
        b.mode = 'personalize';
      }
    }
    const res = finishWindow(ledger, w, {
      occurrencesOf: (k) => plans.get(k),
      slotMedia: (b, slot) => {
        const occ = plans.get(b.key)?.[slot.occurrence];
        return { uri: `https://ads.example/${occ?.creativeKey}/${r.name}/seg${slot.segment}.ts`, durationSec: slot.durationSec };
      },
      resolveContent: createUriResolver(ORIGIN + `${r.name}.m3u8`),
      markerPassthrough: false,
    });
    checker.check(r.name, res.text);
    return res.text;
  };
  return { ledger, plans, checker, serve };
}

const at = (seq: number): number => LIVE.epochMs + seq * 2000 + 500;

describe('live personalization across reloads', () => {
  it('keeps every invariant over four breaks in three dialects, all renditions', () => {
    const s = makeSession(adsPlusSlate);
    let sawAd = 0;
    for (let seq = 25; seq < 25 + 4 * LIVE.cycleSegments; seq++) {
      for (const r of renditions) if (s.serve(r, at(seq)).includes('ads.example')) sawAd++;
    }
    expect(s.checker.violations).toEqual([]);
    expect(sawAd).toBeGreaterThan(50);
    const personalized = s.ledger.breaks.filter((b) => b.mode === 'personalize' && b.closed);
    expect(personalized.length).toBeGreaterThanOrEqual(3);
    // Invariant 4: a break's output duration equals its content duration within one segment.
    for (const b of personalized) {
      const out = slotsUntil(s.plans.get(b.key) ?? [], Infinity, b.outputCount).reduce((t, x) => t + x.durationSec, 0);
      const content = seenDurationsSec(b, b.originStartSeq, b.replacedEndSeq ?? 0).reduce((t, x) => t + x, 0);
      expect(Math.abs(out - content)).toBeLessThanOrEqual(2);
    }
  });

  it('shows ads then slate, with discontinuities at every boundary', () => {
    const s = makeSession(adsPlusSlate);
    let text = '';
    // The break of cycle 1 covers origin segments 70..84; at seq 85 the window (66..85) shows all of it.
    for (let seq = 25; seq <= 85; seq++) for (const r of renditions) text = s.serve(r, at(seq));
    expect(text).toContain('https://ads.example/ad20/a0/seg0.ts');
    expect(text).toContain('https://ads.example/ad6/a0/seg0.ts');
    expect(text).toContain('https://ads.example/slate/a0/seg0.ts');
    const lines = text.split('\n');
    const i = lines.findIndex((l) => l.includes('ad20/a0/seg0.ts'));
    expect(lines.slice(i - 4, i)).toContain('#EXT-X-DISCONTINUITY');
    expect(text).not.toMatch(/CUE-OUT|CUE-IN|OATCLS/);
    expect(s.checker.violations).toEqual([]);
  });

  it('fails over to slate for the whole break when the decision fails, and to content when there is no slate', () => {
    const slateOnly = makeSession(() => [{ kind: 'slate', creativeKey: 'slate', refDurationsSec: seg2(5), loop: true }]);
    const content = makeSession(() => 'passthrough');
    for (let seq = 60; seq <= 100; seq++)
      for (const r of renditions) {
        slateOnly.serve(r, at(seq));
        content.serve(r, at(seq));
      }
    expect(slateOnly.serve(renditions[0] as MediaRendition, at(100))).toContain('slate/v0');
    expect(content.serve(renditions[0] as MediaRendition, at(100))).not.toContain('ads.example');
    expect(slateOnly.checker.violations).toEqual([]);
    expect(content.checker.violations).toEqual([]);
  });

  it('plays the rest of the break as content when ads end early and there is no slate', () => {
    const s = makeSession(() => [{ kind: 'ad', creativeKey: 'ad10', adIndex: 0, refDurationsSec: seg2(5) }]);
    for (let seq = 60; seq <= 110; seq++) for (const r of renditions) s.serve(r, at(seq));
    const b = s.ledger.breaks.find((x) => x.originStartSeq === 70);
    expect(b).toMatchObject({ mode: 'personalize', closed: true, replacedEndSeq: 75, outputCount: 5 });
    expect(s.checker.violations).toEqual([]);
  });

  it('leaves a break joined after its cue-out as content, and still numbers consistently', () => {
    // Break 3 (CUE-OUT dialect) covers 190..204. Joining at seq 211 (window 191..210) sees only
    // its CUE-OUT-CONT lines; joining at seq 201 (window 181..200) still sees the CUE-OUT.
    const late = makeSession(adsPlusSlate);
    let inBreak = '';
    for (let seq = 211; seq <= 260; seq++)
      for (const r of renditions) {
        const text = late.serve(r, at(seq));
        if (seq === 213 && r.name === 'v0') inBreak = text;
      }
    expect(late.ledger.breaks[0]).toMatchObject({ joined: true, mode: 'passthrough', originStartSeq: 191 });
    expect(inBreak).not.toContain('ads.example');
    expect(late.checker.violations).toEqual([]);
    const early = makeSession(adsPlusSlate);
    for (let seq = 201; seq <= 230; seq++) for (const r of renditions) early.serve(r, at(seq));
    expect(early.ledger.breaks[0]).toMatchObject({ originStartSeq: 190, mode: 'personalize', closed: true });
    expect(early.checker.violations).toEqual([]);
  });

  it('numbers renditions alike even when one reloads far less often', () => {
    const s = makeSession(adsPlusSlate);
    const [v0, v1, a0] = renditions as [MediaRendition, MediaRendition, MediaRendition];
    for (let seq = 60; seq <= 200; seq++) {
      s.serve(v0, at(seq));
      if (seq % 3 === 0) s.serve(a0, at(seq));
      if (seq % 7 === 0) s.serve(v1, at(seq));
    }
    expect(s.checker.violations).toEqual([]);
  });
});
