/**
 * Overlay avails (issue 13 §4; docs/mediatailor-compat.md §6.9; MediaTailor "Overlay ads"): a
 * SCTE-35 overlay placement opportunity (0x38) in a live window asks the ad server once, leaves
 * the content in the playlist, and the response's VAST NonLinear creatives are offered in the
 * tracking API (`avails[].nonLinearAdsList`, or `nonLinearAvails` for a VMAP nonlinear break),
 * with their tracking events; `overlayAvails: off` and VOD get none.
 */
import { describe, expect, it } from 'vitest';
import { detectHlsBreaks, type DetectedOverlay } from '../../../src/core/avails/detect-hls.ts';
import { readDateRangeLine, readMarkerLine } from '../../../src/core/hls/markers.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { encodeTimeSignal } from '../../../src/core/scte35/index.ts';
import { recordOverlayDecision } from '../../../src/core/session/decisions.ts';
import type { AvailRequest, OverlayDecisionResult } from '../../../src/core/session/decision-types.ts';
import { finishHlsMedia, openHlsMedia } from '../../../src/core/session/hls-media.ts';
import type { SessionState } from '../../../src/core/session/state.ts';
import { sessionTracking } from '../../../src/core/session/tracking.ts';
import { decisionFor, NONLINEAR_VAST, vmapNonLinear } from '../../helpers/overlay-decisions.ts';
import { ids, of, record, state, VIDEO } from '../../helpers/session-rules.ts';

const overlaySignal = (typeId = 0x38, durationSec = 10): string => {
  const r = encodeTimeSignal({ ptsTime90k: 900_000, segmentationDescriptors: [{ segmentationEventId: 77, segmentationTypeId: typeId, segmentationDuration90k: durationSec * 90_000 }] });
  if (!r.ok) throw new Error(r.error);
  return r.value.base64;
};

/** A live window of 2 s segments from `first`, an overlay opportunity (OATCLS) before `at`. */
function liveWithOverlay(first: number, n: number, at: number, vod = false): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  if (vod) lines.push('#EXT-X-PLAYLIST-TYPE:VOD');
  for (let q = first; q < first + n; q++) {
    if (q === at) lines.push(`#EXT-OATCLS-SCTE35:${overlaySignal()}`);
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(Date.UTC(2026, 0, 1) + q * 2000).toISOString()}`, '#EXTINF:2.000,', `seg${q}.ts`);
  }
  if (vod) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** One media request; overlay avails answered with `overlay`. */
async function serveOverlays(s: SessionState, text: string, overlay: (a: AvailRequest) => Promise<OverlayDecisionResult>) {
  const opened = openHlsMedia(s, { rendition: VIDEO, originText: text, random: () => 0.25 });
  if (!opened.ok) throw new Error(opened.error.kind);
  const asked = of(opened.value.effects, 'decide-avail').map((e) => e.avail);
  for (const a of asked) if (a.overlay) recordOverlayDecision(s, a, await overlay(a), 3);
  return { asked, ...finishHlsMedia(s, opened.value.opened, { nowMs: 4, newId: ids() }) };
}

const trackingOf = (s: SessionState, token: string | null = null) => {
  const t = sessionTracking(s, 10, token);
  if (!t.ok) throw new Error(t.error.kind);
  return t.value;
};

describe('overlay signals', () => {
  it('an OATCLS time_signal of type 0x38 is an overlay; 0x39 and a linear type are not', () => {
    expect(readMarkerLine(`#EXT-OATCLS-SCTE35:${overlaySignal()}`)).toMatchObject([{ kind: 'overlay', eventId: '77', durationSec: 10 }]);
    expect(readMarkerLine(`#EXT-OATCLS-SCTE35:${overlaySignal(0x39)}`)).toEqual([]);
    expect(readMarkerLine(`#EXT-OATCLS-SCTE35:${overlaySignal(0x34)}`)[0]?.kind).toBe('out');
  });

  it('a DATERANGE SCTE35-OUT carrying an overlay opportunity is an overlay named by its ID, never a linear break', () => {
    const hex = `0x${Array.from(atob(overlaySignal(0x38, 8)), (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')}`;
    expect(readDateRangeLine(`#EXT-X-DATERANGE:ID="ov-9",START-DATE="2026-01-01T00:00:00Z",DURATION=12,SCTE35-OUT=${hex}`)).toMatchObject([{ kind: 'overlay', eventId: 'ov-9', durationSec: 12 }]);
    const model = parseMediaPlaylist(`#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXT-X-DATERANGE:ID="ov-9",START-DATE="2026-01-01T00:00:00Z",SCTE35-OUT=${hex}\n#EXTINF:2,\nb.ts\n`);
    const overlays: DetectedOverlay[] = [];
    expect(detectHlsBreaks(model, undefined, overlays)).toEqual([]);
    expect(overlays).toMatchObject([{ seq: 1, eventId: 'ov-9', durationSec: 8 }]);
  });
});

describe('overlay avails in a live session', () => {
  it('one ADS call, the content left as it is, the NonLinear creative and its events in avails[].nonLinearAdsList', async () => {
    const s = state(record({ serverBeacons: false }));
    const first = await serveOverlays(s, liveWithOverlay(100, 10, 105), () => decisionFor(NONLINEAR_VAST));
    expect(first.asked).toMatchObject([{ key: 'o105-77', overlay: true, signalledDurationSec: 10, availIndex: 1 }]);
    // Nothing stitched: every content segment is there, no discontinuity, no marker.
    expect(first.text.match(/seg\d+\.ts/g)).toHaveLength(10);
    expect(first.text).not.toMatch(/#EXT-X-DISCONTINUITY\n/);
    expect(first.text).not.toContain('OATCLS');
    const again = await serveOverlays(s, liveWithOverlay(102, 10, 105), () => decisionFor(NONLINEAR_VAST));
    expect(again.asked).toEqual([]);

    const t = trackingOf(s);
    expect(t.nonLinearAvails).toEqual([]);
    expect(t.avails).toHaveLength(1);
    const avail = t.avails[0];
    expect(avail).toMatchObject({
      ads: [],
      availId: '105',
      startTimeInSeconds: 10,
      durationInSeconds: 10,
      duration: 'PT10S',
      adMarkerDuration: 'PT10S',
      availProgramDateTime: '2026-01-01T00:03:30.000Z',
    });
    expect(avail?.nonLinearAdsList).toEqual([
      {
        extensions: [{ content: 'ext', type: 'x' }],
        nonLinearAdList: [
          {
            adId: 'ov-1',
            adParameters: null,
            adSystem: 'Overlays',
            adTitle: 'Lower third',
            apiFramework: 'none',
            clickThrough: 'https://brand.example/',
            clickTracking: 'https://t.example/click',
            clickTrackingId: 'ct',
            creativeAdId: 'ca-18',
            creativeId: '18',
            creativeSequence: '1',
            duration: 'PT10S',
            durationInSeconds: 10,
            expandedHeight: null,
            expandedWidth: null,
            height: '360',
            htmlResource: null,
            iFrameResource: null,
            maintainAspectRatio: false,
            minSuggestedDuration: '00:00:10',
            scalable: true,
            staticResource: 'https://cdn.example/overlay.png',
            staticResourceCreativeType: 'image/png',
            width: '640',
          },
        ],
        trackingEvents: ['impression', 'creativeView', 'close'].map((eventType, i) => ({
          beaconUrls: [['https://t.example/imp', 'https://t.example/view', 'https://t.example/close'][i]],
          duration: null,
          durationInSeconds: 0,
          eventId: null,
          eventProgramDateTime: null,
          eventType,
          startTime: null,
          startTimeInSeconds: 0,
        })),
      },
    ]);
    // Paged like an ad: listed once, then not again with the token.
    expect(trackingOf(s, t.nextToken).avails).toEqual([]);
  });

  it('a VMAP nonlinear break goes under nonLinearAvails with its break tracking; a linear one under avails', async () => {
    const s = state(record({ serverBeacons: false }));
    await serveOverlays(s, liveWithOverlay(100, 10, 105), () => decisionFor(vmapNonLinear('nonlinear')));
    const t = trackingOf(s);
    expect(t.avails).toEqual([]);
    expect(t.nonLinearAvails).toMatchObject([{ availId: '105', adBreakTrackingEvents: [{ eventType: 'breakStart', beaconUrls: ['https://t.example/bs'] }] }]);
    const linear = state(record({ serverBeacons: false }));
    await serveOverlays(linear, liveWithOverlay(100, 10, 105), () => decisionFor(vmapNonLinear('linear')));
    expect(trackingOf(linear).avails).toHaveLength(1);
  });

  it('a response without NonLinear creatives (linear ads, empty, failed) offers nothing', async () => {
    const s = state(record({ serverBeacons: false }));
    const linearOnly = `<VAST version="4.2"><Ad><InLine><AdSystem>T</AdSystem><AdTitle>t</AdTitle><Impression>https://t.example/i</Impression><Creatives><Creative id="c"><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://cdn.example/a.m3u8</MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>`;
    const r = await serveOverlays(s, liveWithOverlay(100, 10, 105), () => decisionFor(linearOnly));
    expect(r.text).not.toContain('cdn.example');
    expect(trackingOf(s).avails).toEqual([]);
    expect(s.plans.get('o105-77')?.reason).toBe('no non-linear ad in the response');
    const broken = state(record({ serverBeacons: false }));
    await serveOverlays(broken, liveWithOverlay(100, 10, 105), () => decisionFor('<html>not VAST</html>'));
    expect(trackingOf(broken).avails).toEqual([]);
  });

  it('none with overlayAvails off (init body or aws.overlayAvails), nor for VOD', async () => {
    for (const body of ['{"overlayAvails":"off"}']) {
      const off = state(record({ serverBeacons: false }, body));
      expect((await serveOverlays(off, liveWithOverlay(100, 10, 105), () => decisionFor(NONLINEAR_VAST))).asked).toEqual([]);
    }
    const vod = state(record({ serverBeacons: false }));
    const r = await serveOverlays(vod, liveWithOverlay(0, 10, 5, true), () => decisionFor(NONLINEAR_VAST));
    expect(r.asked.filter((a) => a.overlay)).toEqual([]);
  });

  it('the ADS exchange of an overlay is logged under its availId, then FILLED_OVERLAY_AVAIL (no FILLED_AVAIL)', async () => {
    const s = state(record({ serverBeacons: false }));
    const r = await serveOverlays(s, liveWithOverlay(100, 10, 105), () => decisionFor(NONLINEAR_VAST));
    const events = of(r.effects, 'log').flatMap((e) => e.events);
    expect(events.map((e) => e.kind)).toEqual(['ads-request', 'vast-response', 'filled-overlay-avail']);
    expect(new Set(events.map((e) => e.availId))).toEqual(new Set(['105']));
  });
});
