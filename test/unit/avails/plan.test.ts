/**
 * planFill: the fill rules of docs/architecture.md §5 and docs/mediatailor-compat.md §6.4–§6.5 (ads that fit, in order; an ad
 * longer than the time left is dropped, not truncated; slate after the ads; content without slate;
 * PersonalizationThresholdSeconds; VOD insertion keeps every ad) and the FILLED_AVAIL numbers.
 */
import { describe, expect, it } from 'vitest';
import { planFill, type Candidate, type CreativeSummary, type FillInput } from '../../../src/core/avails/plan.ts';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastInlineAd } from '../../../src/core/vast/model.ts';

/** Inline ads `ad-1`…`ad-n` with creatives `cr-1`…, parsed from a VAST 4.2 document. */
function vastAds(n: number): VastInlineAd[] {
  const ads = Array.from(
    { length: n },
    (_, i) => `<Ad id="ad-${i + 1}" sequence="${i + 1}"><InLine><AdSystem>T</AdSystem><AdTitle>t</AdTitle>
    <Impression>https://ads.example/imp${i + 1}</Impression><Creatives><Creative id="cr-${i + 1}"><Linear><Duration>00:00:10</Duration>
    <MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360">https://cdn.example/${i + 1}.m3u8</MediaFile></MediaFiles>
    </Linear></Creative></Creatives></InLine></Ad>`,
  );
  const r = parseVast(`<VAST version="4.2">${ads.join('')}</VAST>`);
  if (!r.ok) throw new Error(r.error.message);
  return r.document.ads.filter((a): a is VastInlineAd => a.kind === 'inline');
}

const media = (key: string, seconds: number, segSec = 2): CreativeSummary => ({
  creativeKey: key,
  source: 'streaming',
  sourceUrl: `https://cdn.example/${key}.m3u8`,
  refDurationsSec: [...Array.from({ length: Math.floor(seconds / segSec) }, () => segSec), ...(seconds % segSec ? [seconds % segSec] : [])],
});
const SLATE = media('slate', 4);

/** Candidates with the given media durations (seconds), ads in order. */
function candidates(...seconds: number[]): Candidate[] {
  const ads = vastAds(seconds.length);
  return seconds.map((s, i) => ({ ad: ads[i] as VastInlineAd, sequence: i + 1, wrapperDepth: 0, vastDurationSec: s, creative: media(`c${i + 1}`, s) }));
}
const fill = (o: Partial<FillInput> & Pick<FillInput, 'candidates'>) => planFill({ breakKey: '100', availIndex: 1, insertion: false, nowMs: 0, ...o });

describe('live replacement fill', () => {
  it('plays the ads that fit, in order, then loops slate', () => {
    const p = fill({ availDurationSec: 60, candidates: candidates(20, 15, 10), slate: SLATE });
    expect(p.outcome).toBe('filled');
    expect(p.ads.map((a) => [a.index, a.creative.creativeKey, a.mediaDurationSec])).toEqual([
      [0, 'c1', 20],
      [1, 'c2', 15],
      [2, 'c3', 10],
    ]);
    expect(p.occurrences.map((o) => [o.kind, o.creativeKey, o.adIndex, o.loop ?? false])).toEqual([
      ['ad', 'c1', 0, false],
      ['ad', 'c2', 1, false],
      ['ad', 'c3', 2, false],
      ['slate', 'slate', undefined, true],
    ]);
    expect(p).toMatchObject({ originAvailDurationSec: 60, filledDurationSec: 45, fillRate: 0.75, skipped: [] });
  });

  it('drops an ad longer than the time left (AVAIL_DURATION_EXCEEDED) and still uses a later one that fits', () => {
    const p = fill({ availDurationSec: 30, candidates: candidates(20, 15, 10), slate: SLATE });
    expect(p.ads.map((a) => a.creative.creativeKey)).toEqual(['c1', 'c3']);
    expect(p.ads.map((a) => a.index)).toEqual([0, 1]);
    expect(p.skipped).toEqual([expect.objectContaining({ vastAdId: 'ad-2', creativeId: 'cr-2', creativeUniqueId: 'cr-2', skippedReason: 'AVAIL_DURATION_EXCEEDED', vastDurationSec: 15 })]);
    expect(p).toMatchObject({ filledDurationSec: 30, fillRate: 1 });
  });

  it('docs/mediatailor-compat.md §6.4: a 70 s break and two 40 s ads → one ad and slate; a 30 s break and 40 s ads → no ads', () => {
    const a = fill({ availDurationSec: 70, candidates: candidates(40, 40), slate: SLATE });
    expect(a.ads).toHaveLength(1);
    expect(a.occurrences.at(-1)).toMatchObject({ kind: 'slate', loop: true });
    expect(a.skipped.map((s) => s.skippedReason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
    const b = fill({ availDurationSec: 30, candidates: candidates(40), slate: SLATE });
    expect(b).toMatchObject({ outcome: 'slate', ads: [], fillRate: 0, filledDurationSec: 0 });
    expect(b.occurrences).toEqual([expect.objectContaining({ kind: 'slate', loop: true })]);
  });

  it('an ad is not truncated: a few milliseconds over (encoder rounding) still fits, a whole segment over does not', () => {
    expect(fill({ availDurationSec: 30, candidates: candidates(30.2) }).ads).toHaveLength(1);
    expect(fill({ availDurationSec: 30, candidates: candidates(32) }).ads).toHaveLength(0);
  });

  it('without slate the rest of the break is content: only the ads are planned', () => {
    const p = fill({ availDurationSec: 60, candidates: candidates(20) });
    expect(p.outcome).toBe('filled');
    expect(p.occurrences.map((o) => o.kind)).toEqual(['ad']);
    expect(p.slate).toBeUndefined();
  });

  it('no playable ad and no slate → content, with the reason given', () => {
    const p = fill({ availDurationSec: 60, candidates: [], reason: 'ADS timeout' });
    expect(p).toMatchObject({ outcome: 'content', occurrences: [], ads: [], fillRate: 0, reason: 'ADS timeout' });
  });

  it('no playable ad with slate → slate for the whole break', () => {
    expect(fill({ availDurationSec: 60, candidates: [], slate: SLATE })).toMatchObject({ outcome: 'slate', occurrences: [{ kind: 'slate', loop: true }] });
  });

  it('a bare CUE-OUT (no duration) takes every ad; the cue-in cuts them (fill rate 1 with ads)', () => {
    const p = fill({ candidates: candidates(40, 40, 40), slate: SLATE });
    expect(p.ads).toHaveLength(3);
    expect(p.fillRate).toBe(1);
    expect(p.originAvailDurationSec).toBeUndefined();
  });

  it('skipped creatives keep their reason, message and mezzanine URL', () => {
    const [a1, a2] = vastAds(2) as [VastInlineAd, VastInlineAd];
    const p = fill({
      availDurationSec: 30,
      candidates: [
        { ad: a1, wrapperDepth: 1, vastDurationSec: 10, creative: { skip: 'NEW_CREATIVE', message: 'queued for packaging', mezzanineUrl: 'https://cdn.example/m.mp4' } },
        { ad: a2, wrapperDepth: 0, vastDurationSec: 10, creative: media('c2', 10) },
      ],
    });
    expect(p.skipped).toEqual([
      {
        vastAdId: 'ad-1',
        creativeId: 'cr-1',
        creativeUniqueId: 'cr-1',
        adMezzanineUrl: 'https://cdn.example/m.mp4',
        skippedReason: 'NEW_CREATIVE',
        vastDurationSec: 10,
        message: 'queued for packaging',
      },
    ]);
    expect(p.ads.map((a) => [a.index, a.ad.id])).toEqual([[0, 'ad-2']]);
    expect(p.fillRate).toBeCloseTo(1 / 3, 9);
  });
});

describe('PersonalizationThresholdSeconds (docs/mediatailor-compat.md §6.5)', () => {
  it('abandons the break when the unfilled time exceeds it: no ads, no slate, every ad skipped with LEFTOVER_AVAIL_EXCEEDED_THRESHOLD', () => {
    const p = fill({ availDurationSec: 60, candidates: candidates(20, 15), slate: SLATE, personalizationThresholdSec: 20 });
    expect(p).toMatchObject({ outcome: 'content', ads: [], occurrences: [], filledDurationSec: 0, fillRate: 0 });
    expect(p.skipped.map((s) => [s.vastAdId, s.skippedReason])).toEqual([
      ['ad-1', 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD'],
      ['ad-2', 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD'],
    ]);
  });

  it('keeps ads and slate when the unfilled time is at or under it', () => {
    expect(fill({ availDurationSec: 60, candidates: candidates(20, 15), slate: SLATE, personalizationThresholdSec: 25 })).toMatchObject({ outcome: 'filled', fillRate: 35 / 60 });
    expect(fill({ availDurationSec: 60, candidates: candidates(20, 15), slate: SLATE, personalizationThresholdSec: 30 }).outcome).toBe('filled');
  });

  it('keeps the skip reasons of ads dropped before the threshold check', () => {
    const p = fill({ availDurationSec: 60, candidates: candidates(10, 70), slate: SLATE, personalizationThresholdSec: 5 });
    expect(p.skipped.map((s) => [s.vastAdId, s.skippedReason])).toEqual([
      ['ad-2', 'AVAIL_DURATION_EXCEEDED'],
      ['ad-1', 'LEFTOVER_AVAIL_EXCEEDED_THRESHOLD'],
    ]);
  });

  it('does not apply without a signalled duration, nor to VOD insertion', () => {
    expect(fill({ candidates: candidates(5), slate: SLATE, personalizationThresholdSec: 1 }).outcome).toBe('filled');
    expect(fill({ insertion: true, availDurationSec: 0, candidates: candidates(5), personalizationThresholdSec: 1 }).outcome).toBe('filled');
  });
});

describe('VOD insertion', () => {
  it('inserts every ad whatever its length, never slate', () => {
    const p = fill({ insertion: true, availDurationSec: 0, candidates: candidates(30, 45, 15), slate: SLATE });
    expect(p.ads.map((a) => a.mediaDurationSec)).toEqual([30, 45, 15]);
    expect(p.occurrences.every((o) => o.kind === 'ad')).toBe(true);
    expect(p).toMatchObject({ outcome: 'filled', fillRate: 1, skipped: [] });
  });

  it('with nothing playable the insertion point plays content', () => {
    expect(fill({ insertion: true, availDurationSec: 0, candidates: [], slate: SLATE })).toMatchObject({ outcome: 'content', occurrences: [] });
  });
});

describe('unplayedPlan', () => {
  it('turns the ads of a plan that did not play into skipped ads, fill rate 0', async () => {
    const { unplayedPlan, planFill } = await import('../../../src/core/avails/plan.ts');
    const { parseVast } = await import('../../../src/core/vast/index.ts');
    const vast = parseVast(
      '<VAST version="4.2"><Ad id="a1"><InLine><AdSystem>s</AdSystem><AdTitle>t</AdTitle><Impression>https://i.example/</Impression><Creatives><Creative id="c1"><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://m.example/a.m3u8</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>',
    );
    if (!vast.ok || vast.document.ads[0]?.kind !== 'inline') throw new Error('fixture');
    const ad = vast.document.ads[0];
    const plan = planFill({
      breakKey: 'b',
      availIndex: 1,
      availDurationSec: 10,
      insertion: false,
      nowMs: 0,
      candidates: [{ ad, wrapperDepth: 0, vastDurationSec: 10, creative: { creativeKey: 'k', source: 'streaming', sourceUrl: 'u', refDurationsSec: [5, 5] } }],
    });
    expect(plan.fillRate).toBe(1);
    const un = unplayedPlan(plan, 'ADS_TIMEOUT', 'late');
    expect(un).toMatchObject({ outcome: 'content', fillRate: 0, filledDurationSec: 0, ads: [], occurrences: [] });
    expect(un.skipped).toEqual([expect.objectContaining({ vastAdId: 'a1', creativeId: 'c1', skippedReason: 'ADS_TIMEOUT' })]);
  });
});
