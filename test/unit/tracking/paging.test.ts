/** nextToken paging of the tracking JSON (docs/mediatailor-compat.md §3.4). */
import { describe, expect, it } from 'vitest';
import { buildTrackingResponse, parseNextToken, TOKEN_LIFETIME_MS, type TrackingAvailInput, type TrackingResponseJson } from '../../../src/core/tracking/index.ts';
import { availPlan, inlineAds, placeAds, plannedAd, repeat, RICH_VAST, standardAvail } from './helpers.ts';

const T0 = Date.UTC(2024, 0, 1, 12);

function call(avails: readonly TrackingAvailInput[], nowMs: number, sinceToken?: string) {
  return buildTrackingResponse({ avails, hlsAnchorMediaSequenceNumber: 0, dashAvailabilityStartTime: null, nowMs, ...(sinceToken !== undefined ? { sinceToken } : {}) });
}

function mustCall(avails: readonly TrackingAvailInput[], nowMs: number, sinceToken?: string): TrackingResponseJson {
  const r = call(avails, nowMs, sinceToken);
  if (!r.ok) throw new Error(r.error.kind);
  return r.value;
}

const tokenStartMs = (token: string | null): number | undefined => {
  const r = token === null ? undefined : parseNextToken(token, T0);
  return r?.ok ? r.value.lastEventStartMs : undefined;
};

/** A second avail, later in the session (starts at 200 s, seq 300). */
function laterAvail(): TrackingAvailInput {
  const [, ad2] = inlineAds(RICH_VAST);
  if (!ad2) throw new Error('ad');
  return { placement: placeAds({ firstSeq: 300, startTimeSec: 200, ads: [[4, 4, 2]] }), plan: availPlan([plannedAd(ad2, 0, [4, 4, 2])]) };
}

describe('nextToken paging', () => {
  it('first call: everything, and a token at the last event start', () => {
    const json = mustCall([standardAvail()], T0);
    expect(json.avails[0]?.ads).toHaveLength(2);
    // Last event: ad 2 complete at 90 s.
    expect(tokenStartMs(json.nextToken)).toBe(90_000);
    expect(atob(json.nextToken ?? '')).toBe('PT1M30S_2024-01-01T12:00:00.000Z_1');
  });

  it('nothing new: the same token comes back, no avails', () => {
    const first = mustCall([standardAvail()], T0);
    const again = mustCall([standardAvail()], T0 + 6000, first.nextToken ?? '');
    expect(again.avails).toEqual([]);
    expect(again.nextToken).toBe(first.nextToken);
    expect(again.nonLinearAvails).toEqual([]);
  });

  it('a new avail after the token: only it, and a new token', () => {
    const first = mustCall([standardAvail()], T0);
    const next = mustCall([standardAvail(), laterAvail()], T0 + 6000, first.nextToken ?? '');
    expect(next.avails.map((a) => a.availId)).toEqual(['300']);
    expect(next.avails[0]?.ads[0]?.trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start', 'complete']);
    expect(tokenStartMs(next.nextToken)).toBe(210_000);
    expect(atob(next.nextToken ?? '')).toContain('_2024-01-01T12:00:06.000Z_1');
  });

  it('a token mid-avail: only later events; ads with none left are dropped', () => {
    // A token at 72 s: ad 1 keeps thirdQuartile (75) and complete (80); ad 2 (80…90) keeps all.
    const token = btoa('PT1M12S_2024-01-01T12:00:00Z_1');
    const json = mustCall([standardAvail()], T0, token);
    const [ad1, ad2] = json.avails[0]?.ads ?? [];
    expect(ad1?.trackingEvents.map((e) => [e.eventType, e.startTimeInSeconds])).toEqual([
      ['thirdQuartile', 75],
      ['complete', 80],
    ]);
    expect(ad2?.trackingEvents.map((e) => e.eventType)).toEqual(['impression', 'start', 'complete']);
    // Later than, not at: a token at 80 s drops ad 1 entirely, keeps ad 2's complete only.
    const at80 = mustCall([standardAvail()], T0, btoa('PT1M20S_2024-01-01T12:00:00Z_1'));
    expect(at80.avails[0]?.ads.map((a) => [a.adId, a.trackingEvents.map((e) => e.eventType)])).toEqual([['110', ['complete']]]);
    // Other ad fields are unchanged by paging.
    expect(ad1?.companionAds).toHaveLength(1);
    expect(json.avails[0]?.adBreakTrackingEvents).toEqual([]);
  });

  it('an ad with no tracking events is listed once, by its start time', () => {
    const bare = inlineAds(`<VAST version="4.2"><Ad id="x"><InLine><AdSystem>s</AdSystem><AdTitle>t</AdTitle>
      <Creatives><Creative><Linear><Duration>00:00:10</Duration><MediaFiles/></Linear></Creative></Creatives></InLine></Ad></VAST>`)[0];
    if (!bare) throw new Error('ad');
    const avail = { placement: placeAds({ firstSeq: 1, startTimeSec: 30, ads: [repeat(2, 5)] }), plan: availPlan([plannedAd(bare, 0, repeat(2, 5))]) };
    const first = mustCall([avail], T0);
    expect(first.avails[0]?.ads[0]?.trackingEvents).toEqual([]);
    expect(tokenStartMs(first.nextToken)).toBe(30_000);
    const again = mustCall([avail], T0, first.nextToken ?? '');
    expect(again.avails).toEqual([]);
    expect(again.nextToken).toBe(first.nextToken);
  });

  it('expired (> 24 h) and malformed tokens are error values', () => {
    const first = mustCall([standardAvail()], T0);
    expect(call([standardAvail()], T0 + TOKEN_LIFETIME_MS + 1, first.nextToken ?? '')).toEqual({ ok: false, error: { kind: 'expired', issuedAtMs: T0 } });
    const bad = call([standardAvail()], T0, 'not a token');
    expect(!bad.ok && bad.error.kind).toBe('malformed');
  });

  it('an empty or blank token is no token', () => {
    expect(mustCall([standardAvail()], T0, '').avails).toHaveLength(1);
    expect(mustCall([standardAvail()], T0, '  ').avails).toHaveLength(1);
  });

  it("MediaTailor's own token (nanosecond issue time) is accepted within its day", () => {
    const doc = 'UFQzOS4zMzlTXzIwMjMtMDctMzFUMTY6NTQ6MDQuODA1Mzk2NTI5Wl8x'; // PT39.339S_2023-07-31T16:54:04.805396529Z_1
    const now = Date.UTC(2023, 6, 31, 17);
    const json = mustCall([standardAvail()], now, doc);
    expect(json.avails[0]?.ads.map((a) => a.adId)).toEqual(['100', '110']);
  });
});
