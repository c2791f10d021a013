/**
 * Overlay avails in DASH (issue 13 §4; docs/dash.md "Overlay avails"; docs/mediatailor-compat.md
 * §6.9): an SCTE-35 overlay placement opportunity (0x38) in a live MPD's EventStream asks the ad
 * server once, leaves every period as the origin wrote it, and the response's NonLinear creatives
 * are offered in the tracking API at the Event's time on the MPD timeline; never a linear break,
 * in either origin manifest type; none in VOD, none inside a break being personalized, none when
 * the session turned them off.
 */
import { describe, expect, it } from 'vitest';
import { detectDashBreaks, parseMpd } from '../../../src/core/dash/index.ts';
import type { AdLogEvent } from '../../../src/core/logs/events.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { registerDashOverlays, type DashTimeline } from '../../../src/core/session/dash-timeline.ts';
import { encodeTimeSignal } from '../../../src/core/scte35/index.ts';
import { DASH_LIVE, dashLiveMpd, dashLiveOverlay } from '../../../demo/dash-origin.ts';
import { DashSession, dashRecord, servedPeriods } from '../../helpers/dash-session.ts';
import { decisionFor, NONLINEAR_VAST, vmapNonLinear } from '../../helpers/overlay-decisions.ts';

const ROOT = 'https://origin.example/media/';
/** 80 s into the demo's live cycle: live-1 (the break, 30–60 s) and live-2 with its overlay at 70 s. */
const AT_MS = DASH_LIVE.epochMs + 80_000;
const OVERLAY_ID = 'live-2_3000';

const parsed = (text: string) => {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const trackingOf = (s: DashSession, token: string | null = null) => {
  const t = sessionTracking(s.state, AT_MS, token);
  if (!t.ok) throw new Error(t.error.kind);
  return t.value;
};

describe('DASH overlay signals', () => {
  it('the demo live MPD signals its overlay once the content under it is published', () => {
    expect(dashLiveOverlay(2)).toEqual({ eventId: 3000, offsetSec: 10, durationSec: 10 });
    expect(dashLiveMpd(ROOT, DASH_LIVE.epochMs + 71_000)).not.toContain('3000');
    expect(dashLiveMpd(ROOT, AT_MS)).toContain('id="3000"');
  });

  it('a 0x38 time_signal Event is an overlay in both origin manifest types, never a break', () => {
    const mpd = parsed(dashLiveMpd(ROOT, AT_MS));
    for (const mode of ['MULTI_PERIOD', 'SINGLE_PERIOD'] as const) {
      const found = detectDashBreaks(mpd, mode);
      expect(found.overlays).toMatchObject([{ id: OVERLAY_ID, startSec: 70, durationSec: 10, signal: { kind: 'overlay-start', eventId: 3000 } }]);
      expect(found.breaks.map((b) => b.id)).not.toContain(OVERLAY_ID);
      expect(found.breaks.every((b) => b.signal.kind === 'cue-out')).toBe(true);
    }
  });

  it('an overlay Event without duration takes the segmentation duration, else has none', () => {
    const bin = (durationSec?: number) => {
      const r = encodeTimeSignal({
        ptsTime90k: 0,
        segmentationDescriptors: [{ segmentationEventId: 9, segmentationTypeId: 0x38, ...(durationSec === undefined ? {} : { segmentationDuration90k: durationSec * 90_000 }) }],
      });
      if (!r.ok) throw new Error(r.error);
      return r.value.base64;
    };
    const mpdWith = (b64: string) =>
      parsed(
        `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z"><Period id="p" start="PT100S">` +
          `<EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="10"><Event presentationTime="50" id="e"><Signal xmlns="http://www.scte.org/schemas/35/2016"><Binary>${b64}</Binary></Signal></Event></EventStream>` +
          `<AdaptationSet mimeType="video/mp4"><SegmentTemplate media="$Number$.m4s" duration="2" startNumber="1"/><Representation id="v" bandwidth="1"/></AdaptationSet></Period></MPD>`,
      );
    expect(detectDashBreaks(mpdWith(bin(7)), 'MULTI_PERIOD').overlays).toMatchObject([{ id: 'p_e', startSec: 105, durationSec: 7 }]);
    const none = detectDashBreaks(mpdWith(bin()), 'MULTI_PERIOD').overlays[0];
    expect(none?.startSec).toBe(105);
    expect(none?.durationSec).toBeUndefined();
  });
});

describe('DASH overlay avails in a live session', () => {
  it('one ADS call, the MPD as without it, the NonLinear creative offered at the Event time', async () => {
    const s = new DashSession(dashRecord({}, false), () => ['ad-10s']);
    const offer = await decisionFor(NONLINEAR_VAST);
    s.overlayAnswer = () => offer;
    const off = dashRecord({}, false);
    const plain = new DashSession({ ...off, params: { ...off.params, features: { overlayAvails: false } } }, () => ['ad-10s']);
    plain.overlayAnswer = () => offer;

    const text = s.serve(dashLiveMpd(ROOT, AT_MS), AT_MS);
    expect(s.askedOverlays).toMatchObject([{ key: OVERLAY_ID, overlay: true, signalledDurationSec: 10, availIndex: 2, insertion: false }]);
    expect(s.askedOverlays[0]?.scte?.ads['segmentation_type_id']).toBe(56);
    // Content left as it is: the same periods as a session with overlays off.
    expect(servedPeriods(text)).toEqual(servedPeriods(plain.serve(dashLiveMpd(ROOT, AT_MS), AT_MS)));
    expect(plain.askedOverlays).toEqual([]);
    // Reloads do not ask again.
    s.serve(dashLiveMpd(ROOT, AT_MS + 2_000), AT_MS + 2_000);
    expect(s.askedOverlays).toHaveLength(1);

    const t = trackingOf(s);
    expect(t.nonLinearAvails).toEqual([]);
    const overlay = t.avails.find((a) => a.availId === OVERLAY_ID);
    expect(overlay).toMatchObject({ ads: [], startTimeInSeconds: 70, durationInSeconds: 10, duration: 'PT10S', availProgramDateTime: null });
    expect(overlay?.nonLinearAdsList[0]?.nonLinearAdList[0]).toMatchObject({ adId: 'ov-1', creativeId: '18', staticResource: 'https://cdn.example/overlay.png' });
    expect(overlay?.nonLinearAdsList[0]?.trackingEvents.map((e) => (e as { eventType: string }).eventType)).toEqual(['impression', 'creativeView', 'close']);
    expect(t.dashAvailabilityStartTime).toBe(new Date(DASH_LIVE.epochMs).toISOString());
  });

  it('a VMAP nonlinear break goes under nonLinearAvails', async () => {
    const s = new DashSession(dashRecord({}, false), () => []);
    const offer = await decisionFor(vmapNonLinear('nonlinear'));
    s.overlayAnswer = () => offer;
    s.serve(dashLiveMpd(ROOT, AT_MS), AT_MS);
    const t = trackingOf(s);
    expect(t.avails.find((a) => a.availId === OVERLAY_ID)).toBeUndefined();
    expect(t.nonLinearAvails).toMatchObject([{ availId: OVERLAY_ID, startTimeInSeconds: 70, adBreakTrackingEvents: [{ eventType: 'breakStart' }] }]);
  });

  it('a response without NonLinear creatives offers nothing; the exchange is logged under the overlay id', async () => {
    const s = new DashSession(dashRecord({}, false), () => []);
    const offer = await decisionFor('<VAST version="4.2"/>');
    s.overlayAnswer = () => offer;
    s.serve(dashLiveMpd(ROOT, AT_MS), AT_MS);
    expect(trackingOf(s).avails.find((a) => a.availId === OVERLAY_ID)).toBeUndefined();
    const mine = (s.logged as AdLogEvent[]).filter((e) => e.availId === OVERLAY_ID);
    expect(mine.map((e) => e.kind)).toContain('ads-request');
    expect(mine.some((e) => e.kind === 'filled-avail')).toBe(false);
  });

  it('none in VOD, none once its period has left the window (its plan forgotten)', () => {
    const s = new DashSession(dashRecord({}, false), () => []);
    s.serve(dashLiveMpd(ROOT, AT_MS), AT_MS);
    expect(s.askedOverlays).toHaveLength(1);
    expect(s.state.plans.has(OVERLAY_ID)).toBe(true);
    // 70 s later live-2 (60–90 s) has left the 40 s window.
    s.serve(dashLiveMpd(ROOT, AT_MS + 70_000), AT_MS + 70_000);
    expect(s.state.dash?.overlays?.map((o) => o.key)).toEqual([]);
    expect(s.state.plans.has(OVERLAY_ID)).toBe(false);
    const tl: DashTimeline = { vod: true, availCount: 0, avails: [] };
    const mpd = parsed(dashLiveMpd(ROOT, AT_MS));
    expect(registerDashOverlays(tl, mpd, detectDashBreaks(mpd, 'MULTI_PERIOD').overlays, [], () => undefined)).toEqual([]);
  });

  it('an opportunity inside a break being personalized is not offered; inside one played as content it is', () => {
    const mpd = parsed(dashLiveMpd(ROOT, AT_MS));
    const found = detectDashBreaks(mpd, 'MULTI_PERIOD');
    const overlay = found.overlays[0];
    if (!overlay) throw new Error('no overlay');
    // A break covering the overlay's time: the live-1 break stretched over it.
    const covering = { ...(found.breaks[0] as (typeof found.breaks)[number]), startSec: 60, durationSec: 30 };
    const tl = (mode: 'pending' | 'personalize' | 'passthrough'): DashTimeline => ({
      vod: false,
      availCount: 1,
      avails: [{ availId: covering.id, availIndex: 1, periodKey: 'live-1', offset: '0/1', insertion: false, mode }],
    });
    expect(registerDashOverlays(tl('personalize'), mpd, [overlay], [covering], () => undefined)).toEqual([]);
    expect(registerDashOverlays(tl('pending'), mpd, [overlay], [covering], () => undefined)).toEqual([]);
    expect(registerDashOverlays(tl('passthrough'), mpd, [overlay], [covering], () => undefined)).toMatchObject([{ key: OVERLAY_ID, availIndex: 2 }]);
  });
});
