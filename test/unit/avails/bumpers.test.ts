/**
 * Bumpers in the fill rules (core/avails/bumpers, planFill; docs/mediatailor-compat.md §6.5):
 * start bumper first, end bumper directly before the break ends, ads fitted to what the bumpers
 * leave, slate between the ads and the end bumper, 10 s maximum, and every skip with its reason.
 */
import { describe, expect, it } from 'vitest';
import { fitBumpers } from '../../../src/core/avails/bumpers.ts';
import { planFill, unplayedPlan, type Candidate, type CreativeSummary, type FillInput } from '../../../src/core/avails/plan.ts';
import { plannedDurationSec, slotsUntil } from '../../../src/core/avails/slots.ts';
import { placeAvail } from '../../../src/core/avails/timeline.ts';
import type { LedgerBreak } from '../../../src/core/avails/ledger.ts';
import type { VastInlineAd } from '../../../src/core/vast/model.ts';

const media = (key: string, seconds: number, segSec = 2): CreativeSummary => ({
  creativeKey: key, source: 'streaming', sourceUrl: `https://cdn.example/${key}.m3u8`,
  refDurationsSec: [...Array.from({ length: Math.floor(seconds / segSec) }, () => segSec), ...(seconds % segSec ? [seconds % segSec] : [])],
});
const ad = (id: string): VastInlineAd => ({ kind: 'inline', index: 0, id, impressions: [], errors: [], adVerifications: [], extensions: [], creatives: [{ id: `cr-${id}`, linear: { durationSec: 10 } }], survey: [], categories: [] }) as unknown as VastInlineAd;
const candidates = (...seconds: number[]): Candidate[] => seconds.map((s, i) => ({ ad: ad(`a${i + 1}`), wrapperDepth: 0, vastDurationSec: s, creative: media(`c${i + 1}`, s) }));
const START = { creative: media('start-bumper', 4) };
const END = { creative: media('end-bumper', 6) };
const SLATE = media('slate', 4);
const fill = (o: Partial<FillInput> & Pick<FillInput, 'candidates'>) => planFill({ breakKey: '100', availIndex: 2, insertion: false, nowMs: 0, ...o });

describe('bumpers in a live break', () => {
  it('MediaTailor example 1: 10 s start bumper, 50 s of ads, 10 s end bumper in a 70 s break', () => {
    const p = fill({ availDurationSec: 70, candidates: candidates(20, 30), bumpers: { start: { creative: media('s', 10) }, end: { creative: media('e', 10) } } });
    expect(p.occurrences.map((o) => [o.kind, o.creativeKey])).toEqual([['bumper', 's'], ['ad', 'c1'], ['ad', 'c2'], ['bumper', 'e']]);
    expect(p.bumpers?.map((b) => [b.position, b.durationSec])).toEqual([['start', 10], ['end', 10]]);
    expect(plannedDurationSec(p.occurrences)).toBe(70);
    expect(p).toMatchObject({ outcome: 'filled', filledDurationSec: 50 });
  });

  it('fits the ads to what the bumpers leave (an ad that fit the break alone is dropped)', () => {
    const p = fill({ availDurationSec: 30, candidates: candidates(20, 10), bumpers: { start: START, end: END } });
    expect(p.ads.map((a) => a.creative.creativeKey)).toEqual(['c1']);
    expect(p.skipped.map((s) => s.skippedReason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
  });

  it('slate fills between the ads and the end bumper, which ends the break', () => {
    const p = fill({ availDurationSec: 40, candidates: candidates(10), slate: SLATE, bumpers: { start: START, end: END } });
    expect(p.occurrences.map((o) => o.kind)).toEqual(['bumper', 'ad', 'slate', 'bumper']);
    expect(p.occurrences[2]).toMatchObject({ loop: true, loopForSec: 20 });
    const slots = slotsUntil(p.occurrences, Infinity);
    expect(slots.map((s) => p.occurrences[s.occurrence]?.creativeKey)).toEqual([
      'start-bumper', 'start-bumper', 'c1', 'c1', 'c1', 'c1', 'c1', 'slate', 'slate', 'slate', 'slate', 'slate', 'slate', 'slate', 'slate', 'slate', 'slate', 'end-bumper', 'end-bumper', 'end-bumper',
    ]);
    expect(slots.reduce((t, s) => t + s.durationSec, 0)).toBe(40);
    // Every slate repeat and every occurrence starts with a discontinuity.
    expect(slots.filter((s) => s.discontinuityBefore).map((s) => s.k)).toEqual([0, 2, 7, 9, 11, 13, 15, 17]);
  });

  it('a bare CUE-OUT (no duration) keeps the start bumper and skips the end bumper with the reason', () => {
    const p = fill({ candidates: candidates(10), slate: SLATE, bumpers: { start: START, end: END } });
    expect(p.occurrences.map((o) => o.kind)).toEqual(['bumper', 'ad', 'slate']);
    expect(p.skippedBumpers).toEqual([{ position: 'end', url: 'https://cdn.example/end-bumper.m3u8', reason: expect.stringMatching(/no signalled duration/) }]);
  });

  it('skips a bumper longer than 10 s, and one that could not be loaded, with their reasons', () => {
    const p = fill({ availDurationSec: 60, candidates: candidates(10), bumpers: { start: { creative: media('long', 12) }, end: { url: 'http://10.0.0.1/bumper.m3u8', problem: 'MEDIA_FILE_UNAVAILABLE: host refused' } } });
    expect(p.bumpers).toBeUndefined();
    expect(p.occurrences.map((o) => o.kind)).toEqual(['ad']);
    expect(p.skippedBumpers).toEqual([
      { position: 'start', url: 'https://cdn.example/long.m3u8', reason: 'bumper lasts 12.000 s; bumpers must last 10 s or less' },
      { position: 'end', url: 'http://10.0.0.1/bumper.m3u8', reason: 'MEDIA_FILE_UNAVAILABLE: host refused' },
    ]);
  });

  it('drops the end bumper first, then the start bumper, when the break is too short for them', () => {
    expect(fitBumpers({ start: START, end: END }, 8, false)).toMatchObject({ start: { position: 'start' }, durationSec: 4, skipped: [{ position: 'end', reason: 'no room in a 8.000 s break' }] });
    expect(fitBumpers({ start: START, end: END }, 3, false)).toMatchObject({ durationSec: 0, skipped: [{ position: 'end' }, { position: 'start' }] });
  });

  it('a break that plays content (no ad, no slate) plays no bumper, and says why', () => {
    const p = fill({ availDurationSec: 30, candidates: [], bumpers: { start: START, end: END } });
    expect(p).toMatchObject({ outcome: 'content', occurrences: [] });
    expect(p.skippedBumpers?.map((b) => [b.position, b.reason])).toEqual([['start', 'the break plays content (no ad and no slate)'], ['end', 'the break plays content (no ad and no slate)']]);
  });

  it('slate alone is framed by the bumpers', () => {
    const p = fill({ availDurationSec: 30, candidates: [], slate: SLATE, bumpers: { start: START, end: END } });
    expect(p.outcome).toBe('slate');
    expect(p.occurrences.map((o) => o.kind)).toEqual(['bumper', 'slate', 'bumper']);
    expect(plannedDurationSec(p.occurrences)).toBe(30);
  });

  it('bumpers count as filled time for PersonalizationThresholdSeconds; an abandoned break skips them', () => {
    const kept = fill({ availDurationSec: 30, candidates: candidates(10), bumpers: { start: START, end: END }, personalizationThresholdSec: 10 });
    expect(kept.outcome).toBe('filled');
    const abandoned = fill({ availDurationSec: 60, candidates: candidates(10), bumpers: { start: START, end: END }, personalizationThresholdSec: 10 });
    expect(abandoned).toMatchObject({ outcome: 'content', occurrences: [] });
    expect(abandoned.skippedBumpers?.map((b) => b.position)).toEqual(['start', 'end']);
  });

  it('a plan played as content after all lists its bumpers as skipped', () => {
    const p = unplayedPlan(fill({ availDurationSec: 30, candidates: candidates(10), bumpers: { start: START } }), 'ADS_TIMEOUT', 'break played as content');
    expect(p.bumpers).toBeUndefined();
    expect(p.skippedBumpers).toEqual([{ position: 'start', url: 'https://cdn.example/start-bumper.m3u8', reason: 'break played as content' }]);
  });
});

describe('bumpers at a VOD insertion point', () => {
  it('frame the inserted ads, whatever their length', () => {
    const p = fill({ insertion: true, candidates: candidates(20, 20), slate: SLATE, bumpers: { start: START, end: END } });
    expect(p.occurrences.map((o) => [o.kind, o.creativeKey])).toEqual([['bumper', 'start-bumper'], ['ad', 'c1'], ['ad', 'c2'], ['bumper', 'end-bumper']]);
    expect(plannedDurationSec(p.occurrences)).toBe(50);
  });
});

describe('placement of ads behind a start bumper', () => {
  it('numbers the ads after the bumper; the avail starts with the bumper and lasts the whole break', () => {
    const plan = fill({ availDurationSec: 40, candidates: candidates(10), slate: SLATE, bumpers: { start: START, end: END } });
    const b = { key: '100', originStartSeq: 100, outStartSeq: 500, outDiscBefore: 3, outTimeSec: 60, pdtMs: 1_000_000, outputCount: 20 } as unknown as LedgerBreak;
    const placed = placeAvail(b, plan);
    expect(placed).toMatchObject({ availId: '500', startTimeSec: 60, durationSec: 40 });
    expect(placed?.ads.map((a) => [a.adIndex, a.firstSeq, a.startTimeSec, a.durationSec, a.pdtMs])).toEqual([[0, 502, 64, 10, 1_004_000]]);
  });
});
