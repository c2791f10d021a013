/**
 * The session's media timeline (core/timeline/media-layout; issue 14 §1): content, ad and slate
 * blocks in session media time from the ledger and the plans, as the manifests numbered them,
 * and the timeline entries of a session's facts, each bounded.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerBreak } from '../../../src/core/avails/ledger.ts';
import type { AvailPlan } from '../../../src/core/avails/plan.ts';
import type { SessionState } from '../../../src/core/session/state.ts';
import { adsRequestEntry, cut, markerEntries, MAX_ADS_BODY_CHARS, MAX_URL_CHARS, servedWindow } from '../../../src/core/timeline/facts.ts';
import { mediaLayout } from '../../../src/core/timeline/media-layout.ts';
import { playheadOf } from '../../../src/core/timeline/view.ts';
import { mark, OriginTimeline, plain } from '../../helpers/origin-timeline.ts';
import { ad, repeat, slate, slide, StitchSession } from '../../helpers/stitch-session.ts';

/** The state the layout reads: the simulated session's ledger, and its occurrences as plans. */
function stateOf(s: StitchSession, reasons: Record<string, string> = {}): SessionState {
  const plans = new Map<string, AvailPlan>();
  for (const [key, occurrences] of s.plans) plans.set(key, { occurrences, ...(reasons[key] ? { reason: reasons[key] } : {}) } as unknown as AvailPlan);
  return { record: { sessionType: 'HLS' }, ledger: s.ledger, plans } as unknown as SessionState;
}

describe('media layout', () => {
  it('draws a filled break as ads then slate, a break left as content as a marker, content around them', () => {
    // 2 s segments; break 1 at 20 s (30 s: a 20 s ad, then slate), break 2 at 80 s left as content.
    const t = new OriginTimeline(mark(mark(plain(70, 2), 10, ['#EXT-X-CUE-OUT:30']), 40, ['#EXT-X-CUE-OUT:20']));
    const s = new StitchSession({ decide: (b) => (b.originStartSeq === 1010 ? [ad('a20', 0, repeat(10, 2)), slate(repeat(2, 2))] : 'passthrough') });
    slide(s, t, 10, 1009, 1069, { renditions: ['v0'] });
    const layout = mediaLayout(stateOf(s));
    expect(layout.vod).toBe(false);
    const summary = layout.blocks.map((b) => [b.kind, b.startSec, b.durationSec, b.note ?? '']);
    expect(summary).toEqual([
      ['content', 0, 20, ''],
      ['ad', 20, 20, ''],
      ['slate', 40, 10, ''],
      ['content', 50, 30, ''],
      ['content', 80, 0, 'break played as content'],
      ['content', 80, 60, ''],
    ]);
    // The end is the end of the furthest window: 70 segments of 2 s, no drift from the break.
    expect(layout.endSec).toBe(140);
    const adBlock = layout.blocks[1];
    expect(adBlock).toMatchObject({ availId: String((s.ledger.breaks[0] as LedgerBreak).outStartSeq), adIndex: 0, availIndex: 1 });
  });

  it('a session before its first media playlist has an empty layout', () => {
    const layout = mediaLayout(stateOf(new StitchSession()));
    expect(layout).toEqual({ vod: false, startSec: 0, endSec: 0, blocks: [] });
  });
});

describe('timeline facts', () => {
  it('cuts what origins and ad servers send: URLs, bodies, marker tags', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abc', 4)).toBe('abc');
    const body = 'x'.repeat(MAX_ADS_BODY_CHARS + 10);
    const e = adsRequestEntry({ key: 'k', availIndex: 1 }, { startedAtMs: 1, url: `https://ads.example/?q=${'y'.repeat(10_000)}`, method: 'GET', outcome: 'ok', status: 200, latencyMs: 12.4, body });
    expect(e.url.length).toBe(MAX_URL_CHARS);
    expect(e.body?.length).toBe(MAX_ADS_BODY_CHARS);
    expect(e).toMatchObject({ bodyChars: body.length, bodyTruncated: true, latencyMs: 12 });
    const b = { key: 'k', availIndex: 2, originStartSeq: 7, insertion: false, startLines: Array.from({ length: 10 }, () => `#EXT-X-CUE-OUT:${'9'.repeat(5000)}`) } as unknown as LedgerBreak;
    const [m] = markerEntries([b], 5);
    expect(m?.tags.length).toBe(4);
    expect(m?.tags[0]?.length).toBe(1024);
  });

  it('a served window counts its segments and breaks and ends at the session time of its last segment', () => {
    const t = new OriginTimeline(mark(plain(30, 2), 10, ['#EXT-X-CUE-OUT:10']));
    const s = new StitchSession({ decide: () => [ad('a10', 0, repeat(5, 2))] });
    const served = s.serve('v0', t.window('v0', 1005, 1019));
    const w = servedWindow(s.ledger, served.window.index, served.text, served.durationSec, false);
    expect(w).toEqual({ segments: 15, durationSec: 30, endSec: 30, adBreaks: 1, contentBreaks: 0, complete: false });
  });

  it('the playhead is the newest position: a served playlist end, or an ad segment', () => {
    expect(playheadOf(undefined)).toBeUndefined();
    expect(playheadOf({ seq: 3, kind: 'segment', atMs: 9, rendition: 0, mediaSeq: 1021, availId: '5', timeSec: 12, url: '', probe: false, events: [] } as never)).toEqual({ atMs: 9, timeSec: 12, source: 'segment' });
    expect(playheadOf({ seq: 4, kind: 'manifest', atMs: 10, request: 'media', originUrl: '', originLatencyMs: 1, status: 200, served: { segments: 1, durationSec: 2, endSec: 42, adBreaks: 0, contentBreaks: 0, complete: false } })).toEqual({ atMs: 10, timeSec: 42, source: 'playlist' });
  });
});
