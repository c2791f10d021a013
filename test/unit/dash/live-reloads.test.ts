/**
 * The demo live MPD reloaded every 2 s for 20 minutes of clock, each time detected, filled with
 * the same ads and slate (replace) and stitched: every period id keeps its start (and, once
 * known, its duration) on every reload, break ids are the origin's period ids, content after a
 * break keeps the origin's timing, publishTime never goes back.
 */
import { describe, expect, it } from 'vitest';
import {
  buildAdPeriod,
  buildSlatePeriods,
  childElements,
  detectDashBreaks,
  keepPublishTimeMonotonic,
  parseMpd,
  rational,
  serializeMpd,
  setLocation,
  stitchBreaks,
  withRoot,
  type BreakEdit,
} from '../../../src/core/dash/index.ts';
import { dashCatalogItem } from '../../../demo/dash-catalog.ts';
import { DASH_LIVE, dashLiveMpd } from '../../../demo/dash-origin.ts';

const { rat, sub, add, toSec } = rational;
const ROOT = 'http://127.0.0.1:8787/demo/media/';

describe('live reloads', () => {
  it('ids, starts and durations of every period are stable across 600 reloads', () => {
    const ad10 = dashCatalogItem('ad-10s');
    const ad14 = dashCatalogItem('ad-14s');
    const slate = dashCatalogItem('slate');
    if (!ad10 || !ad14 || !slate) throw new Error('catalog');
    const seen = new Map<string, { start: string; duration?: string }>();
    let previousPublish: number | undefined;
    const breaksSeen = new Set<string>();
    for (let step = 0; step < 600; step++) {
      const nowMs = DASH_LIVE.epochMs + 3_600_000 + step * 2_000 + 700;
      const parsed = parseMpd(dashLiveMpd(ROOT, nowMs));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const found = detectDashBreaks(parsed.value, 'MULTI_PERIOD');
      const periods = childElements(parsed.value.doc.root, 'Period');
      const edits: BreakEdit[] = found.breaks.map((b) => {
        const content = periods[b.periodIndex];
        if (!content || !b.duration) throw new Error('break without content or duration');
        const base = `https://edge.example/v1/dashsegment/a/c/s/${b.id}/`;
        const ads = [ad10, ad14].map((creative, i) => ({
          period: buildAdPeriod({ id: `${b.id}_${i + 1}`, start: rat(0n), duration: rat(BigInt(creative.durationSec)), baseUrl: `${base}${b.id}_${i + 1}/`, creative, content }).period,
          duration: rat(BigInt(creative.durationSec)),
        }));
        const rest = sub(b.duration, rat(24n));
        const fill = buildSlatePeriods({ availId: b.id, firstN: 3, start: rat(0n), duration: rest, slate, slateDuration: rat(BigInt(slate.durationSec)), baseUrl: `${base}slate/`, content });
        let left = rest;
        const slates = fill.map((s) => {
          const d = rational.min(left, rat(BigInt(slate.durationSec)));
          left = sub(left, d);
          return { period: s.period, duration: d };
        });
        return { periodIndex: b.periodIndex, offset: b.offset, mode: 'replace', replaceDuration: b.duration, periods: [...ads, ...slates] };
      });
      const stitched = stitchBreaks(parsed.value, edits);
      expect({ step, d: stitched.diagnostics }).toEqual({ step, d: [] });
      const kept = keepPublishTimeMonotonic(setLocation(stitched.doc.root, 'https://edge.example/v1/dash/a/c/live.mpd?aws.sessionId=s'), previousPublish);
      if (previousPublish !== undefined) expect(kept.publishTimeMs).toBeGreaterThanOrEqual(previousPublish);
      previousPublish = kept.publishTimeMs;
      const out = parseMpd(serializeMpd(withRoot(stitched.doc, kept.mpd)));
      if (!out.ok) throw new Error(out.error.message);
      for (const b of found.breaks) breaksSeen.add(b.id);
      for (const p of out.value.periods) {
        const id = p.id ?? '?';
        const start = String(p.startSec);
        const duration = p.durationSec === undefined ? undefined : String(p.durationSec);
        const before = seen.get(id);
        if (before) {
          expect({ id, start }).toEqual({ id, start: before.start });
          if (before.duration !== undefined && duration !== undefined) expect({ id, duration }).toEqual({ id, duration: before.duration });
        }
        seen.set(id, { start, ...(duration !== undefined ? { duration } : before?.duration !== undefined ? { duration: before.duration } : {}) });
      }
      // Ads, then slate, fill each break exactly; the next content period starts at the break end.
      for (const b of found.breaks) {
        const end = toSec(add(b.start, b.duration ?? rat(0n)));
        const ids = out.value.periods.filter((p) => p.id?.startsWith(`${b.id}_`)).map((p) => p.id);
        expect(ids).toEqual([`${b.id}_1`, `${b.id}_2`, `${b.id}_3`].slice(0, ids.length));
        const last = out.value.periods.filter((p) => p.id?.startsWith(`${b.id}_`)).at(-1);
        if (last?.durationSec !== undefined && ids.length === 3) expect(last.startSec + last.durationSec).toBeCloseTo(end, 9);
      }
    }
    expect(breaksSeen.size).toBeGreaterThanOrEqual(9);
  });
});
