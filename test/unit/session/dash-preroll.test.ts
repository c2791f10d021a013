/**
 * The live pre-roll of a DASH session (core/session/dash-preroll; MediaTailor "Pre-roll ad
 * insertion"): placed on the first MPD at (publishTime − availabilityStartTime) −
 * max(suggestedPresentationDelay, minBufferTime), rounded down to a segment start; asked of its own
 * ad server for at most MaxDurationSeconds; its ads play whole, past the end of the period they
 * start in, then the content; an origin break it overlaps is cut where it starts, filled from where
 * it ends, or played as content; a late decision, `preroll: disabled` and VOD give none.
 */
import { describe, expect, it } from 'vitest';
import { parseMpd } from '../../../src/core/dash/index.ts';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { recordAvailDecision } from '../../../src/core/session/decisions.ts';
import { dashPrerollStart } from '../../../src/core/session/dash-preroll.ts';
import type { SessionRecord } from '../../../src/core/session/session-record.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, dashRecord, demoDashClip, pod } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';
const LOOP = DASH_LIVE.loopSec;
const nowAt = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;
const PREROLL_ADS = 'https://preroll.example/vast?d=[session.avail_duration_secs]';

function preRecord(maxSec?: number, disabled = false): SessionRecord {
  const r = dashRecord({ LivePreRollConfiguration: { AdDecisionServerUrl: PREROLL_ADS, ...(maxSec !== undefined ? { MaxDurationSeconds: maxSec } : {}) } });
  return disabled ? { ...r, params: { ...r.params, features: { preroll: false } } } : r;
}
function periods(text: string): [string, number, number | undefined][] {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.periods.map((p) => [p.id ?? '', p.startSec, p.durationSec]);
}
const filled = (events: readonly unknown[]) => (events as AdLogEvent[]).filter((e): e is Extract<AdLogEvent, { kind: 'filled-avail' }> => e.kind === 'filled-avail');
/** Pre-roll ads from `pre`, origin breaks' ads from `mid`. */
const decide = (pre: readonly string[] | 'hold', mid: readonly string[]) => (a: { preroll?: boolean }) => (a.preroll ? pre : mid);

describe('where the DASH pre-roll starts', () => {
  it('(publishTime − availabilityStartTime) − max(suggestedPresentationDelay, minBufferTime)', () => {
    const mpd = parseMpd(dashLiveMpd(ROOT, nowAt(400 * LOOP + 20)));
    if (!mpd.ok) throw new Error('mpd');
    // publishTime is the newest segment's end (20 s into live-400); the delay max(6 s, 2 s).
    expect(dashPrerollStart(mpd.value)).toEqual({ n: BigInt(400 * LOOP + 14), d: 1n });
  });
});

describe('DASH live pre-roll', () => {
  it('plays its ads from the live edge minus the delay, asked of its own ad server, then the content; the origin break it runs into is filled from its end', () => {
    const s = new DashSession(preRecord(30), decide(['ad-10s', 'ad-14s'], ['ad-10s', 'ad-10s']), 'slate');
    // 20 s into live-400: the pre-roll starts at 14 s (a segment start) and its 24 s of ads run 8 s into live-401, the break.
    const first = s.serve(dashLiveMpd(ROOT, nowAt(400 * LOOP + 20)));
    expect(s.asked.map((a) => [a.key, a.availIndex, a.preroll, a.signalledDurationSec])).toEqual([['live-400_PT14S', 1, true, 30]]);
    expect(s.state.plans.get('live-400_PT14S')?.adsRequestUrl).toBe('https://preroll.example/vast?d=30');
    expect(periods(first).slice(-3)).toEqual([
      ['live-400', 400 * LOOP, 14],
      ['live-400_PT14S_1', 400 * LOOP + 14, 10],
      ['live-400_PT14S_2', 400 * LOOP + 24, 14],
    ]);
    // The break period appears: its first 8 s are the pre-roll's, its ads fill the 22 s after; the
    // slate after them waits until the origin has published that far (3 s of live-401 so far).
    const next = s.serve(dashLiveMpd(ROOT, nowAt(401 * LOOP + 3)));
    expect(s.asked.slice(1).map((a) => [a.key, a.preroll, a.signalledDurationSec])).toEqual([['live-401', undefined, 22]]);
    expect(periods(next).slice(-5)).toEqual([
      ['live-400', 400 * LOOP, 14],
      ['live-400_PT14S_1', 400 * LOOP + 14, 10],
      ['live-400_PT14S_2', 400 * LOOP + 24, 14],
      ['live-401_1', 401 * LOOP + 8, 10],
      ['live-401_2', 401 * LOOP + 18, 10],
    ]);
    // The tracking JSON follows the MPD the player has: live-401 is 20 s of it so far.
    const t = sessionTracking(s.state, 0, null);
    expect(t.ok && t.value.avails.map((a) => [a.availId, a.startTimeInSeconds, a.durationInSeconds, a.ads.length])).toEqual([
      ['live-400_PT14S', 400 * LOOP + 14, 24, 2],
      ['live-401', 401 * LOOP + 8, 20, 2],
    ]);
    // Once live-400 has left the window, the pre-roll still cuts what it covered of live-401.
    const later = s.serve(dashLiveMpd(ROOT, nowAt(402 * LOOP + 15)));
    expect(periods(later).slice(0, 3)).toEqual([
      ['live-401_1', 401 * LOOP + 8, 10],
      ['live-401_2', 401 * LOOP + 18, 10],
      ['live-401_3', 401 * LOOP + 28, 2],
    ]);
    const whole = sessionTracking(s.state, 0, null);
    expect(whole.ok && whole.value.avails.find((a) => a.availId === 'live-401')?.durationInSeconds).toBe(22);
  });

  it('fits its ads under MaxDurationSeconds, without slate or bumpers, and gives the rest back to the content', () => {
    const bumpers = { start: demoDashClip('bumper-in', 4) };
    const s = new DashSession(preRecord(25), decide(['ad-14s', 'ad-20s', 'ad-10s'], []), 'slate', bumpers);
    const text = s.serve(dashLiveMpd(ROOT, nowAt(400 * LOOP + 20)));
    expect(periods(text).slice(-3)).toEqual([
      ['live-400', 400 * LOOP, 14],
      ['live-400_PT14S_1', 400 * LOOP + 14, 14],
      ['live-400_PT14S_2', 400 * LOOP + 28, 10],
    ]);
    const plan = s.state.plans.get('live-400_PT14S');
    expect(plan?.skipped.map((x) => x.skippedReason)).toEqual(['AVAIL_DURATION_EXCEEDED']);
    expect(plan?.bumpers).toBeUndefined();
  });

  it('an origin break that began before it ends where it starts; its plan is fitted again to what is left', () => {
    // 20 s into the break live-401: the pre-roll starts 14 s into it.
    const s = new DashSession(preRecord(30), decide(['ad-10s'], ['ad-10s', 'ad-14s']), 'slate');
    const text = s.serve(dashLiveMpd(ROOT, nowAt(401 * LOOP + 20)));
    expect(periods(text).filter((p) => p[0].startsWith('live-401'))).toEqual([
      ['live-401_1', 401 * LOOP, 10],
      ['live-401_2', 401 * LOOP + 10, 4],
      ['live-401_PT14S_1', 401 * LOOP + 14, 10],
    ]);
    const plan = s.state.plans.get('live-401');
    expect(plan?.originAvailDurationSec).toBe(14);
    expect(plan?.skipped.map((x) => [x.vastAdId, x.skippedReason])).toEqual([['ad-14s-2', 'AVAIL_DURATION_EXCEEDED']]);
  });

  it('an origin break it covers whole plays as content; its ads run on into the periods after, whose content they cut', () => {
    const s = new DashSession(preRecord(60), decide(['ad-20s', 'ad-14s', 'ad-10s'], ['ad-10s']), 'slate');
    // 3 s into the break live-401 (its first segment out): the pre-roll starts at 26 s of live-400 and lasts 44 s.
    const first = s.serve(dashLiveMpd(ROOT, nowAt(401 * LOOP + 3)));
    expect(s.state.dash?.avails.find((a) => a.availId === 'live-401')).toMatchObject({ mode: 'passthrough', reason: 'inside the live pre-roll' });
    expect(periods(first).filter((p) => p[0] !== 'live-399')).toEqual([
      ['live-400', 400 * LOOP, 26],
      ['live-400_PT26S_1', 400 * LOOP + 26, 20],
      ['live-400_PT26S_2', 400 * LOOP + 46, 14],
      ['live-400_PT26S_3', 400 * LOOP + 60, 10],
    ]);
    // live-402 has begun, but no segment after the pre-roll's end yet: its open tail waits.
    const during = s.serve(dashLiveMpd(ROOT, nowAt(402 * LOOP + 5)));
    expect(periods(during).map((p) => p[0])).toEqual(['live-400', 'live-400_PT26S_1', 'live-400_PT26S_2', 'live-400_PT26S_3']);
    // The ad periods leave the MPD with the period they start in (live-400); live-402 starts where they ended.
    const later = s.serve(dashLiveMpd(ROOT, nowAt(402 * LOOP + 20)));
    expect(periods(later)).toEqual([['live-402_PT10S', 402 * LOOP + 10, undefined]]);
    expect(
      filled(s.logged)
        .find((e) => e.availId === 'live-401')
        ?.avail.skippedAds.map((x) => x.skippedReason),
    ).toEqual(['AVAIL_DURATION_EXCEEDED']);
  });

  it('a pre-roll decision not ready for the first MPD: content for good, logged; the origin breaks play as usual', () => {
    const s = new DashSession(preRecord(30), decide('hold', ['ad-10s']), 'slate');
    const first = s.serve(dashLiveMpd(ROOT, nowAt(400 * LOOP + 20)));
    expect(periods(first).some((p) => p[0].includes('PT14S'))).toBe(false);
    const pre = s.asked[0];
    if (!pre) throw new Error('no pre-roll asked');
    recordAvailDecision(
      s.state,
      pre,
      { trace: { adsRequestUrl: 'u', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 3_000 }, candidates: pod(s.state, ['ad-10s']), breakTracking: {} },
      3_000,
    );
    const next = s.serve(dashLiveMpd(ROOT, nowAt(401 * LOOP + 3)));
    // live-401's ad; its slate waits until the origin has published that far.
    expect(
      periods(next)
        .slice(-2)
        .map((p) => p[0]),
    ).toEqual(['live-400', 'live-401_1']);
    const after = s.serve(dashLiveMpd(ROOT, nowAt(402 * LOOP + 3)));
    expect(
      periods(after)
        .filter((p) => p[0].startsWith('live-401_'))
        .map((p) => p[0]),
    ).toEqual(['live-401_1', 'live-401_2', 'live-401_3']);
    const log = filled(s.logged).find((e) => e.availId === 'live-400_PT14S');
    expect([log?.podLocation, log?.avail.skippedAds.map((x) => x.skippedReason)]).toEqual(['preroll', ['ADS_TIMEOUT']]);
  });

  it('none with preroll disabled for the session, none for VOD, none without the configuration', () => {
    for (const s of [new DashSession(preRecord(30, true), () => ['ad-10s']), new DashSession(dashRecord(), () => ['ad-10s'])]) {
      s.serve(dashLiveMpd(ROOT, nowAt(400 * LOOP + 20)));
      expect(s.asked).toEqual([]);
    }
    const vod = new DashSession(preRecord(30), () => ['ad-10s']);
    vod.serve(dashVodMpd(ROOT));
    expect(vod.asked.every((a) => !a.preroll)).toBe(true);
  });
});
