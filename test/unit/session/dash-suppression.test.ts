/**
 * Avail suppression in live DASH sessions (docs/dash.md "Avail suppression"; MediaTailor
 * `AvailSuppression`): the live edge at join is the first MPD's publishTime on the MPD timeline;
 * BEHIND_LIVE_EDGE leaves the avails at or before it (minus Value) as content, AFTER_LIVE_EDGE
 * those within Value after it, PARTIAL_AVAIL fills the rest of one in progress; a suppressed avail
 * is never asked about; session values override the configuration's; VOD is not suppressed.
 * The demo live MPD: a 30 s break in period live-1 (30–60 s), live-5 (150–180 s), ….
 */
import { describe, expect, it } from 'vitest';
import type { AvailSuppression } from '../../../src/core/config/playback-configuration.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { DashSession, dashRecord, servedPeriods } from '../../helpers/dash-session.ts';

const ROOT = 'https://origin.example/media/';
const at = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;

function session(config?: AvailSuppression, features?: AvailSuppression): DashSession {
  const r = dashRecord(config ? { AvailSuppression: config } : {}, false);
  return new DashSession(features ? { ...r, params: { ...r.params, features: { availSuppression: features } } } : r, () => ['ad-10s']);
}

/** Joins at 45 s (inside live-1's break; the first MPD's edge is its newest segment end, 44 s), then plays on to 155 s. */
function run(s: DashSession): { join: string; later: string } {
  const join = s.serve(dashLiveMpd(ROOT, at(45)), at(45));
  const later = s.serve(dashLiveMpd(ROOT, at(155)), at(155));
  return { join, later };
}

const askedKeys = (s: DashSession): string[] => s.asked.map((a) => a.key);
const ids = (text: string): string[] => servedPeriods(text).map((p) => p.id);

describe('DASH avail suppression', () => {
  it('off: the break in progress at join and the next one are both asked about and filled', () => {
    const s = session();
    const { join } = run(s);
    expect(s.state.dash?.joinEdge).toBe('44/1');
    expect(askedKeys(s)).toEqual(['live-1', 'live-5']);
    expect(ids(join)).toContain('live-1_1');
  });

  it('BEHIND_LIVE_EDGE 00:00:00: the break before the edge stays content and is never asked about; the next one is filled', () => {
    const s = session({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' });
    const join = s.serve(dashLiveMpd(ROOT, at(45)), at(45));
    expect(s.state.dash?.avails.find((a) => a.availId === 'live-1')).toMatchObject({ mode: 'passthrough', reason: 'avail suppression BEHIND_LIVE_EDGE 00:00:00' });
    const later = s.serve(dashLiveMpd(ROOT, at(155)), at(155));
    expect(askedKeys(s)).toEqual(['live-5']);
    expect(ids(join)).toContain('live-1');
    expect(ids(join).some((id) => id.startsWith('live-1_'))).toBe(false);
    expect(ids(later)).toContain('live-5_1');
  });

  it('BEHIND_LIVE_EDGE with a Value reaching back less than the break start: the break is filled', () => {
    const s = session({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:20' });
    run(s);
    // 30 s (the break start) is after 44 − 20 = 24 s: not behind the suppressed part.
    expect(askedKeys(s)).toEqual(['live-1', 'live-5']);
  });

  it('PARTIAL_AVAIL: the break in progress is filled from the edge on (16 s of its 30 s)', () => {
    const s = session({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' });
    const { join } = run(s);
    expect(s.asked[0]).toMatchObject({ key: 'live-1', signalledDurationSec: 16 });
    const first = servedPeriods(join).find((p) => p.id.startsWith('live-1_'));
    expect(first?.start).toBe(44);
    expect(askedKeys(s)).toEqual(['live-1', 'live-5']);
  });

  it('AFTER_LIVE_EDGE 00:02:00: breaks starting within 2 minutes after the edge stay content; the one in progress is filled', () => {
    const s = session({ Mode: 'AFTER_LIVE_EDGE', Value: '00:02:00' });
    const { later } = run(s);
    // live-5 starts at 150 s, within [44, 164).
    expect(askedKeys(s)).toEqual(['live-1']);
    expect(ids(later)).toContain('live-5');
    expect(s.state.dash?.avails.find((a) => a.availId === 'live-5')?.reason).toBe('avail suppression AFTER_LIVE_EDGE 00:02:00');
  });

  it("session values override the configuration's field by field", () => {
    const off = session({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' }, { Mode: 'OFF' });
    run(off);
    expect(askedKeys(off)).toEqual(['live-1', 'live-5']);
    const on = session(undefined, { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' });
    run(on);
    expect(askedKeys(on)).toEqual(['live-5']);
  });

  it('VOD is not suppressed', () => {
    const s = session({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' });
    s.serve(dashVodMpd(ROOT));
    expect(askedKeys(s)).toEqual(['vod-1', 'vod-2', 'vod-3']);
    expect(s.state.dash?.joinEdge).toBeUndefined();
  });
});
