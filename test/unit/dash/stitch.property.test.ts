/**
 * Seeded property test: random static MPDs (test/helpers/random-mpd.ts) get ads inserted at
 * random offsets (on and off segment boundaries, several per period), and an independent parser
 * (mpd-parser) must find every content segment of the origin at its original time plus the ad
 * time inserted before it (a segment crossing an insertion point: in both slices), every ad
 * segment inside its ad period, unique period ids, contiguous periods, and a stable round trip.
 */
import { describe, expect, it } from 'vitest';
import { buildAdPeriod, childElements, parseMpd, rational, serializeMpd, stitchBreaks, type BreakEdit, type DashCreative } from '../../../src/core/dash/index.ts';
import { Prng } from '../../helpers/prng.ts';
import { randomMpd } from '../../helpers/random-mpd.ts';
import { mpdMeaning, segmentTimes } from '../../helpers/mpd-meaning.ts';

const { rat } = rational;
const AD: DashCreative = {
  id: 'ad',
  renditions: [
    {
      id: 'adv',
      kind: 'video',
      mimeType: 'video/mp4',
      codecs: 'avc1.42c00d',
      bandwidth: 200_000,
      width: 320,
      height: 180,
      timescale: 90_000,
      initialization: 'v/init.mp4',
      segments: { kind: 'template', media: 'v/$Number$.m4s', segmentDurations: [180_000, 180_000, 180_000, 90_000] },
    },
    {
      id: 'ada',
      kind: 'audio',
      lang: 'en',
      mimeType: 'audio/mp4',
      codecs: 'mp4a.40.2',
      bandwidth: 32_000,
      timescale: 48_000,
      initialization: 'a/init.mp4',
      segments: { kind: 'template', media: 'a/$Number$.m4s', segmentDurations: [96_000, 96_000, 96_000, 48_000] },
    },
  ],
};
const AD_SEC = 7;
const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

describe('insertion keeps every content segment where it was (plus the ads before it)', () => {
  for (let seed = 1; seed <= 150; seed++) {
    it(`seed ${seed}`, () => {
      const rng = new Prng(seed);
      const origin = randomMpd(rng);
      const parsed = parseMpd(origin.text);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const periodEls = childElements(parsed.value.doc.root, 'Period');
      // Insertion points: ms offsets in random periods (0, on a 2 s boundary, or anywhere).
      const points: { periodIndex: number; offsetMs: number }[] = [];
      for (const [pi, lengthMs] of origin.periodMs.entries()) {
        const n = rng.int(0, 2);
        const offsets = new Set<number>();
        for (let k = 0; k < n; k++) offsets.add(rng.pick([0, 2000 * rng.int(0, Math.floor(lengthMs / 2000)), rng.int(0, lengthMs)]));
        for (const offsetMs of [...offsets].sort((a, b) => a - b)) points.push({ periodIndex: pi, offsetMs });
      }
      const edits: BreakEdit[] = points.map((pt, i) => {
        const content = periodEls[pt.periodIndex];
        if (!content) throw new Error('no period');
        const ad = buildAdPeriod({ id: `brk${i}_1`, start: rat(0n), duration: rat(BigInt(AD_SEC)), baseUrl: `https://ads.example/b${i}/`, creative: AD, content });
        return { periodIndex: pt.periodIndex, offset: rat(BigInt(pt.offsetMs), 1000n), mode: 'insert', periods: [{ period: ad.period, duration: rat(BigInt(AD_SEC)) }] };
      });
      const out = stitchBreaks(parsed.value, edits);
      const text = serializeMpd(out.doc);
      const again = parseMpd(text);
      if (!again.ok) throw new Error(again.error.message);
      expect(serializeMpd(again.value.doc)).toBe(text);

      // Periods: unique ids, each ends where the next starts, total = origin + ads.
      const ids = again.value.periods.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const ps = again.value.periods;
      for (let i = 0; i + 1 < ps.length; i++) expect(round4((ps[i]?.startSec ?? 0) + (ps[i]?.durationSec ?? 0))).toBe(round4(ps[i + 1]?.startSec ?? 0));
      const totalSec = origin.periodMs.reduce((a, b) => a + b, 0) / 1000 + AD_SEC * edits.length;
      expect(round4(again.value.info.mediaPresentationDuration ? rational.toSec(again.value.info.mediaPresentationDuration) : 0)).toBe(round4(totalSec));

      // Content segments: where the origin plays them, shifted by the ads inserted before.
      const periodStartMs = origin.periodMs.map((_, i) => origin.periodMs.slice(0, i).reduce((a, b) => a + b, 0));
      const insertAtSec = points.map((pt) => ((periodStartMs[pt.periodIndex] ?? 0) + pt.offsetMs) / 1000);
      const shiftAt = (sec: number, inclusive: boolean): number => insertAtSec.filter((p) => (inclusive ? p <= sec + 1e-9 : p < sec - 1e-9)).length * AD_SEC;
      const originMeaning = mpdMeaning(origin.text);
      const ours = segmentTimes(mpdMeaning(text), (r) => !r.id.startsWith('ad'));
      for (const rep of originMeaning) {
        const endSec = rep.periodStart + (rep.periodDuration ?? 0);
        for (const s of rep.segments) {
          if (s.at >= endSec - 1e-9) continue;
          // A segment that starts before its period start belongs to the period from its start.
          const from = Math.max(s.at, rep.periodStart);
          const expected = new Set([s.at + shiftAt(from, true)]);
          for (const p of insertAtSec) if (p > from + 1e-9 && p < s.at + s.duration - 1e-9 && p < endSec - 1e-6) expected.add(s.at + shiftAt(p, true));
          const got = ours.get(s.url) ?? [];
          for (const e of expected) expect({ url: s.url, at: e, found: got.some((g) => Math.abs(g - e) < 2e-5), got }).toMatchObject({ url: s.url, at: e, found: true });
          expect({ url: s.url, extra: got.filter((g) => ![...expected].some((e) => Math.abs(g - e) < 2e-5)) }).toEqual({ url: s.url, extra: [] });
        }
      }
      // Ad segments: inside their period, from its start.
      for (const [i, at] of insertAtSec.entries()) {
        const shiftBefore = shiftAt(at, false);
        expect(ours.size).toBeGreaterThan(0);
        const adTimes = segmentTimes(mpdMeaning(text)).get(`https://ads.example/b${i}/v/1.m4s`);
        expect(adTimes?.map(round4)).toEqual([round4(at + shiftBefore)]);
      }
    });
  }
});
