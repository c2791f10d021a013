/**
 * The session rules of core/session (issue 8 §1): state in, new state + response + effects out.
 * Each rule runs here without a Durable Object: the effects it asks for are read, answered by
 * hand, and fed back through the rules, as the SessionObject does.
 */
import { describe, expect, it } from 'vitest';
import { adSegment } from '../../../src/core/session/ad-segment.ts';
import { adsRequestFor } from '../../../src/core/session/ads-request.ts';
import { placeVodSchedule } from '../../../src/core/session/decisions.ts';
import { openHlsMedia } from '../../../src/core/session/hls-media.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { checkOwnership } from '../../../src/core/session/ownership.ts';
import { dropUnreachable, putCreative, type SessionState } from '../../../src/core/session/state.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { creative, decision, IFRAME, live, of, record, serve, state, VIDEO } from '../../helpers/session-rules.ts';

describe('ownership', () => {
  it('one rule: account and configuration must match the session', () => {
    const r = record();
    expect(checkOwnership(r, { accountId: 'acct', configName: 'cfg' })).toBeUndefined();
    expect(checkOwnership(r, { accountId: 'acct', configName: 'other' })).toEqual({ kind: 'unknown-session' });
    expect(checkOwnership(r, { accountId: 'other', configName: 'cfg' })).toEqual({ kind: 'unknown-session' });
    expect(checkOwnership(undefined, { accountId: 'acct', configName: 'cfg' })).toEqual({ kind: 'unknown-session' });
  });
});

describe('the ADS request of an avail', () => {
  it('fills the template from the session and the avail, and forwards the player', () => {
    const r = adsRequestFor(record(), { key: '10', availIndex: 3, insertion: false, signalledDurationSec: 30, asset: {} }, 0.5);
    expect(r.ok).toBe(true);
    expect(r.url).toBe('https://ads.example/vast?d=30&i=3&ua=Player%2F1.0');
    expect(r.headers).toEqual({ 'user-agent': 'Player/1.0', 'x-forwarded-for': '203.0.113.9' });
    expect(r.method).toBe('GET');
  });
  it('configured headers win and POST carries the body', () => {
    const base = record();
    const r = adsRequestFor(
      { ...base, config: { ...base.config, AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: '{"a":1}', Headers: { 'User-Agent': 'Configured' } } } } },
      { key: 'i0', availIndex: 1, insertion: true, asset: {} },
      0,
    );
    expect(r.method).toBe('POST');
    expect(r.body).toBe('{"a":1}');
    expect(r.headers['user-agent']).toBe('Configured');
  });
});

describe('a live media playlist request', () => {
  it('asks for one decision per new avail, plays its ads, and logs the decision once the break has a place', () => {
    const s = state();
    const first = serve(s, live(100, 12, 104), (a) => decision(s, [`ad${a.availIndex}`]));
    expect(of(first.asked, 'decide-avail').map((e) => e.avail.key)).toEqual(['104']);
    expect(first.text).toContain('../../../../segment/acct/cfg/');
    // A later reload of the same break: the plan is known, nothing is asked again.
    const again = serve(s, live(102, 14, 104), () => {
      throw new Error('asked twice');
    });
    expect(of(again.asked, 'decide-avail')).toEqual([]);
    const logged = [...of(first.effects, 'log'), ...of(again.effects, 'log')].flatMap((e) => e.events);
    expect(logged.filter((e) => e.kind === 'filled-avail')).toHaveLength(1);
    expect(of(again.effects, 'keep-alive')[0]?.timeoutMs).toBeGreaterThan(0);
  });
  it('an origin playlist with numbers the timeline cannot use is an error value, not an exception', () => {
    const opened = openHlsMedia(state(), { rendition: VIDEO, originText: '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:-1\n#EXTINF:2,\na.ts\n', random: () => 0 });
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.kind).toBe('origin-invalid');
  });
  it('an I-frame playlist passes through: no decision, origin numbering', () => {
    const s = state();
    const r = serve(s, live(100, 12, 104), () => undefined, IFRAME);
    expect(r.asked).toEqual([]);
    expect(r.text).toContain('#EXT-X-MEDIA-SEQUENCE:100');
    expect(r.text).not.toContain('/segment/');
  });
});

describe('a VOD asset without markers', () => {
  it('asks for its schedule once; VMAP offsets become insertion points, a post-roll after the last segment', () => {
    const s = state();
    const text = ['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-PLAYLIST-TYPE:VOD', ...Array.from({ length: 10 }, (_, i) => `#EXTINF:4.000,\nv${i}.ts`), '#EXT-X-ENDLIST', ''].join('\n');
    const opened = openHlsMedia(s, { rendition: VIDEO, originText: text, random: () => 0 });
    if (!opened.ok) throw new Error(opened.error.kind);
    expect(of(opened.value.effects, 'decide-vod-schedule')).toHaveLength(1);
    const d = decision(s, ['pre', 'mid', 'post']);
    const schedule = { trace: d.trace, breaks: d.candidates.map((c, i) => ({ offsetSec: [0, 18, 40][i] as number, candidates: [c], breakTracking: {} })) };
    placeVodSchedule(s, parseMediaPlaylist(text), schedule, 5);
    expect(s.ledger.breaks.map((b) => b.originStartSeq)).toEqual([0, 4, 10]);
    expect(s.vodScheduled).toBe(true);
    const reopened = openHlsMedia(s, { rendition: VIDEO, originText: text, random: () => 0 });
    if (!reopened.ok) throw new Error(reopened.error.kind);
    expect(of(reopened.value.effects, 'decide-vod-schedule')).toEqual([]);
  });
});

describe('an ad segment request', () => {
  function placed(): { s: SessionState; seq: number } {
    const s = state();
    const r = serve(s, live(100, 16, 104), (a) => decision(s, [`ad${a.availIndex}`]));
    const seq = Number(/segment\/acct\/cfg\/[^/]+\/0\/(\d+)/.exec(r.text)?.[1]);
    return { s, seq };
  }
  const req = (seq: number, probe: boolean) => ({ index: 0, seq, client: { userAgent: 'Player/1.0' }, probe, nowMs: 10, cacheBusting: '00000001', requestId: `seg-${seq}` });
  it('a HEAD probe answers the ad URL and claims nothing', () => {
    const { s, seq } = placed();
    const r = adSegment(s, req(seq, true));
    if (!r.ok) throw new Error(r.error.kind);
    expect(r.value.url).toMatch(/^https:\/\/cdn\.example\/ad1\//);
    expect(of(r.value.effects, 'send-beacons')).toEqual([]);
    expect(s.claims.size).toBe(0);
  });
  it('the first GET claims impression and start once; a repeat claims nothing', () => {
    const { s, seq } = placed();
    const first = adSegment(s, req(seq, false));
    if (!first.ok) throw new Error(first.error.kind);
    expect(of(first.value.effects, 'send-beacons')[0]?.beacons.map((b) => b.beacon.event)).toEqual(['impression', 'start']);
    expect(of(first.value.effects, 'send-beacons')[0]?.beacons[0]?.headers).toEqual({ 'user-agent': 'Player/1.0' });
    const again = adSegment(s, req(seq, false));
    if (!again.ok) throw new Error(again.error.kind);
    expect(of(again.value.effects, 'send-beacons')).toEqual([]);
  });
  it('a sequence that is no ad segment is a not-found value', () => {
    const { s } = placed();
    const r = adSegment(s, req(100, false));
    expect(r.ok ? undefined : r.error).toEqual({ kind: 'not-found', what: 'unknown ad segment' });
  });
});

describe('bounded state', () => {
  it('forgets the plans of pruned breaks and the creatives only they played; skipped creatives stay', () => {
    const s = state();
    serve(s, live(100, 16, 104), (a) => decision(s, [`ad${a.availIndex}`]));
    putCreative(s, creative('skipped', [2]));
    s.ledger.breaks.length = 0;
    s.unlogged = [];
    dropUnreachable(s);
    expect(s.plans.size).toBe(0);
    expect([...s.creatives.keys()]).toEqual(['skipped']);
    expect([...s.changes.droppedPlans]).toEqual(['104']);
  });
});

describe('tracking', () => {
  it('a malformed nextToken is a bad-request value', () => {
    const r = sessionTracking(state(), 0, 'not-a-token');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ kind: 'bad-request', message: expect.stringMatching(/nextToken is not valid/) });
  });
});
