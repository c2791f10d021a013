/**
 * @module demo/dash-origin
 * The demo's DASH origin: MPDs generated from the DASH media catalog. Pure: the clock and the
 * media root come in as arguments; demo/dash-routes serves them.
 *
 * - VOD (`dashVodMpd`): the content loop twice, as three periods `vod-1` [0, 30 s), `vod-2`
 *   [30, 58 s), `vod-3` [58, 60 s), each starting with an `urn:scte:scte35:2013:xml` splice_insert
 *   cue-out Event of duration 0: pre-, mid- and (before the last segment) post-roll insertion
 *   points, as the HLS demo VOD has them. Multi-period and single-period detection both find them.
 * - Live (`dashLiveMpd`): one period per content loop (`live-{k}`, 30 s, media times restart at
 *   every loop), sliding with the clock (SegmentTimeline listing the segments available at `now`,
 *   `timeShiftBufferDepth` 40 s). Every 2 minutes the period at 30 s into the cycle is a 30 s
 *   break: its first Event is a cue-out, in a scheme that rotates per cycle: XML splice_insert,
 *   binary (`urn:scte:scte35:2014:xml+bin`) splice_insert, XML time_signal with a provider
 *   placement opportunity start (0x34) segmentation descriptor. The period after the break has an
 *   overlay placement opportunity (binary time_signal, 0x38) 10 s into it, once published.
 * - Creatives (`dashCreativeMpd`): one static MPD per demo ad / slate, for a VAST MediaFile
 *   `delivery="streaming" type="application/dash+xml"`; URLs relative to the MPD.
 */
import { element, formatDuration, rational, serializeMpd, slicePeriod, textNode, type DashCreativeRendition, type XElement, type XNode } from '../src/core/dash/index.ts';
import { encodeSpliceInsert, encodeTimeSignal } from '../src/core/scte35/index.ts';
import { dashCatalog, type DashCatalogItem } from './dash-catalog.ts';
import { LIVE } from './origin.ts';

const { rat } = rational;

export const DASH_LIVE = {
  epochMs: LIVE.epochMs,
  loopSec: 30,
  /** Periods per cycle; the period at `breakLoop` of each cycle is a break. */
  cycleLoops: 4,
  breakLoop: 1,
  windowSec: 40,
  segmentSec: 2,
  /** The period at `overlayLoop` of each cycle has an overlay opportunity `overlayAtSec` into it. */
  overlayLoop: 2,
  overlayAtSec: 10,
  overlaySec: 10,
} as const;

export type DashSignalScheme = 'xml-splice-insert' | 'bin-splice-insert' | 'xml-time-signal';
const SCHEMES: readonly DashSignalScheme[] = ['xml-splice-insert', 'bin-splice-insert', 'xml-time-signal'];

const NS = {
  xmlns: 'urn:mpeg:dash:schema:mpd:2011',
  'xmlns:scte35': 'http://www.scte.org/schemas/35/2016',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  'xsi:schemaLocation': 'urn:mpeg:dash:schema:mpd:2011 DASH-MPD.xsd',
};
const CHANNELS = 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011';

/** The break of live period `k`, or undefined when `k` is content. */
export function dashLiveBreak(k: number): { eventId: number; scheme: DashSignalScheme; durationSec: number } | undefined {
  if (k < 0 || k % DASH_LIVE.cycleLoops !== DASH_LIVE.breakLoop) return undefined;
  const cycle = Math.floor(k / DASH_LIVE.cycleLoops);
  return { eventId: 2000 + cycle, scheme: SCHEMES[cycle % SCHEMES.length] ?? 'xml-splice-insert', durationSec: DASH_LIVE.loopSec };
}

/** The overlay placement opportunity of live period `k`, or undefined when it has none. */
export function dashLiveOverlay(k: number): { eventId: number; offsetSec: number; durationSec: number } | undefined {
  if (k < 0 || k % DASH_LIVE.cycleLoops !== DASH_LIVE.overlayLoop) return undefined;
  return { eventId: 3000 + Math.floor(k / DASH_LIVE.cycleLoops), offsetSec: DASH_LIVE.overlayAtSec, durationSec: DASH_LIVE.overlaySec };
}

/**
 * Static MPD of the content loop played twice, with three insertion points; without `markers`,
 * the same periods with no EventStream (the ad schedule then comes from a VMAP).
 */
export function dashVodMpd(mediaRoot: string, markers = true): string {
  const content = dashCatalog().content;
  const loop = (id: string, startSec: number): XElement => contentPeriod(content, id, startSec, undefined) ?? element('Period', { id });
  const withCue = (p: XElement, eventId: number): XElement => (markers ? { ...p, children: [cueOutStream(eventId, 0, 'xml-splice-insert', 0), ...p.children] } : p);
  const second = loop('vod-2', 30);
  const lastSegSec = content.durationSec - DASH_LIVE.segmentSec;
  const periods = [
    withCue(loop('vod-1', 0), 1),
    withCue(slicePeriod(second, { id: 'vod-2', start: rat(30n), from: rat(0n), to: rat(BigInt(lastSegSec)) }).period, 2),
    withCue(slicePeriod(second, { id: 'vod-3', start: rat(BigInt(30 + lastSegSec)), from: rat(BigInt(lastSegSec)), to: rat(BigInt(content.durationSec)) }).period, 3),
  ];
  const mpd = element(
    'MPD',
    {
      ...NS,
      profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
      type: 'static',
      mediaPresentationDuration: formatDuration(rat(BigInt(2 * content.durationSec))),
      minBufferTime: 'PT2S',
      maxSegmentDuration: 'PT3S',
    },
    [element('BaseURL', {}, [textNode(`${mediaRoot}${content.dir}/`)]), ...periods],
  );
  return serializeMpd({ prolog: [{ kind: 'pi', target: 'xml', attrs: { version: '1.0', encoding: 'UTF-8' } }], root: mpd, epilog: [] });
}

/**
 * Dynamic MPD at `nowMs`: the loops overlapping the last `windowSec`, segments available by then.
 * `utcTimingUrl` (ISO/IEC 23009-1 §5.8.4.11, `urn:mpeg:dash:utc:http-iso:2014`) lets players take
 * the origin's clock, which the demo can move, instead of their own.
 */
export function dashLiveMpd(mediaRoot: string, nowMs: number, utcTimingUrl?: string): string {
  const content = dashCatalog().content;
  const elapsedMs = Math.max(0, nowMs - DASH_LIVE.epochMs);
  const loopMs = DASH_LIVE.loopSec * 1000;
  const current = Math.floor(elapsedMs / loopMs);
  const periods: XElement[] = [];
  let lastEndMs = 0;
  for (let k = Math.max(0, Math.floor((elapsedMs - DASH_LIVE.windowSec * 1000) / loopMs)); k <= current; k++) {
    const availableMs = elapsedMs - k * loopMs;
    const brk = dashLiveBreak(k);
    const p = contentPeriod(content, `live-${k}`, k * DASH_LIVE.loopSec, availableMs);
    if (!p) continue;
    const done = availableMs >= loopMs;
    const period = { ...p, attrs: done ? { ...p.attrs, duration: formatDuration(rat(BigInt(DASH_LIVE.loopSec))) } : p.attrs };
    // The overlay's Event appears once the content it is over has been published.
    const overlay = dashLiveOverlay(k);
    const streams = [
      ...(brk ? [cueOutStream(brk.eventId, k * DASH_LIVE.loopSec, brk.scheme, brk.durationSec)] : []),
      ...(overlay && availableMs >= (overlay.offsetSec + DASH_LIVE.segmentSec) * 1000 ? [overlayStream(overlay.eventId, k * DASH_LIVE.loopSec, overlay.offsetSec, overlay.durationSec)] : []),
    ];
    periods.push(streams.length > 0 ? { ...period, children: [...streams, ...period.children] } : period);
    lastEndMs = k * loopMs + Math.min(loopMs, Math.floor(availableMs / (DASH_LIVE.segmentSec * 1000)) * DASH_LIVE.segmentSec * 1000);
  }
  const mpd = element(
    'MPD',
    {
      ...NS,
      profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
      type: 'dynamic',
      availabilityStartTime: new Date(DASH_LIVE.epochMs).toISOString(),
      // The end of the newest segment: the same MPD for the same state, later for a later one.
      publishTime: new Date(DASH_LIVE.epochMs + lastEndMs).toISOString(),
      minimumUpdatePeriod: 'PT2S',
      timeShiftBufferDepth: `PT${DASH_LIVE.windowSec}S`,
      suggestedPresentationDelay: 'PT6S',
      maxSegmentDuration: 'PT3S',
      minBufferTime: 'PT2S',
    },
    [
      element('BaseURL', {}, [textNode(`${mediaRoot}${content.dir}/`)]),
      ...periods,
      ...(utcTimingUrl === undefined ? [] : [element('UTCTiming', { schemeIdUri: 'urn:mpeg:dash:utc:http-iso:2014', value: utcTimingUrl })]),
    ],
  );
  return serializeMpd({ prolog: [{ kind: 'pi', target: 'xml', attrs: { version: '1.0', encoding: 'UTF-8' } }], root: mpd, epilog: [] });
}

/** Static MPD of one demo ad or the slate, URLs relative to the MPD (served from `{item.dir}/manifest.mpd`). */
export function dashCreativeMpd(item: DashCatalogItem): string {
  const p = contentPeriod(item, 'creative', 0, undefined);
  const mpd = element(
    'MPD',
    {
      ...NS,
      profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
      type: 'static',
      mediaPresentationDuration: formatDuration(rat(BigInt(Math.round(item.durationSec * 1000)), 1000n)),
      minBufferTime: 'PT2S',
    },
    p ? [p] : [],
  );
  return serializeMpd({ prolog: [{ kind: 'pi', target: 'xml', attrs: { version: '1.0', encoding: 'UTF-8' } }], root: mpd, epilog: [] });
}

/**
 * One loop of an item as a Period at `startSec`: a video set (every video rendition) and an
 * English audio set, SegmentTemplate `$RepresentationID$/seg$Number%03d$.m4s` with a timeline.
 * With `availableMs`, only the segments that end by then (undefined when none does yet).
 */
function contentPeriod(item: DashCatalogItem, id: string, startSec: number, availableMs: number | undefined): XElement | undefined {
  const sets: XNode[] = [];
  for (const kind of ['video', 'audio'] as const) {
    const reps = item.renditions.filter((r) => r.kind === kind);
    const first = reps[0];
    if (first?.segments.kind !== 'template') continue;
    const timeline = availableTimeline(first, availableMs);
    if (timeline.length === 0) return undefined;
    const template = element(
      'SegmentTemplate',
      { timescale: first.timescale, initialization: '$RepresentationID$/init.mp4', media: '$RepresentationID$/seg$Number%03d$.m4s', startNumber: first.segments.startNumber ?? 1 },
      [
        element(
          'SegmentTimeline',
          {},
          timeline.map((s) => element('S', { t: s.t, d: s.d, r: s.r || undefined })),
        ),
      ],
    );
    const representations = reps.map((r) =>
      element(
        'Representation',
        { id: r.id, bandwidth: r.bandwidth, codecs: r.codecs, width: r.width, height: r.height, frameRate: r.frameRate, audioSamplingRate: r.audioSamplingRate },
        r.channels === undefined ? [] : [element('AudioChannelConfiguration', { schemeIdUri: CHANNELS, value: r.channels })],
      ),
    );
    sets.push(
      element(
        'AdaptationSet',
        { id: kind === 'video' ? 1 : 2, contentType: kind, mimeType: first.mimeType, lang: kind === 'audio' ? first.lang : undefined, segmentAlignment: 'true', startWithSAP: 1 },
        [element('Role', { schemeIdUri: 'urn:mpeg:dash:role:2011', value: 'main' }), template, ...representations],
      ),
    );
  }
  return element('Period', { id, start: formatDuration(rat(BigInt(startSec))) }, sets);
}

/** The rendition's segments that end by `availableMs` (all when undefined), as S entries. */
function availableTimeline(r: DashCreativeRendition, availableMs: number | undefined): { t?: number; d: number; r: number }[] {
  if (r.segments.kind !== 'template') return [];
  const out: { t?: number; d: number; r: number }[] = [];
  let t = 0;
  for (const d of r.segments.segmentDurations) {
    if (availableMs !== undefined && ((t + d) * 1000) / r.timescale > availableMs) break;
    const last = out[out.length - 1];
    if (last && last.d === d) last.r += 1;
    else out.push({ ...(out.length === 0 ? { t } : {}), d, r: 0 });
    t += d;
  }
  return out;
}

/**
 * An EventStream (`urn:scte:scte35:2014:xml+bin`) with one overlay placement opportunity: a
 * time_signal with a provider overlay placement opportunity start (0x38) segmentation descriptor,
 * `offsetSec` into the period (docs/dash.md "Overlay avails").
 */
function overlayStream(eventId: number, periodStartSec: number, offsetSec: number, durationSec: number): XElement {
  const ticks = durationSec * 90_000;
  const bin = encodeTimeSignal({
    ptsTime90k: ((periodStartSec + offsetSec) * 90_000) % 2 ** 33,
    segmentationDescriptors: [{ segmentationEventId: eventId, segmentationTypeId: 0x38, segmentationDuration90k: ticks }],
  });
  return element('EventStream', { schemeIdUri: 'urn:scte:scte35:2014:xml+bin', timescale: 90_000 }, [
    element('Event', { presentationTime: offsetSec * 90_000, duration: ticks, id: eventId }, [
      element('scte35:Signal', {}, [element('scte35:Binary', {}, [textNode(bin.ok ? bin.value.base64 : '')])]),
    ]),
  ]);
}

/** An EventStream with one cue-out Event at `periodStartSec` (the period start), in `scheme`. */
function cueOutStream(eventId: number, periodStartSec: number, scheme: DashSignalScheme, durationSec: number): XElement {
  const ticks = durationSec * 90_000;
  const pts90k = (periodStartSec * 90_000) % 2 ** 33;
  const eventAttrs = { presentationTime: 0, duration: ticks, id: eventId };
  if (scheme === 'bin-splice-insert') {
    const bin = encodeSpliceInsert({
      spliceEventId: eventId,
      outOfNetworkIndicator: true,
      ptsTime90k: pts90k,
      ...(ticks > 0 ? { breakDuration: { autoReturn: true, duration90k: ticks } } : {}),
      uniqueProgramId: 1,
      availNum: 1,
      availsExpected: 1,
    });
    return element('EventStream', { schemeIdUri: 'urn:scte:scte35:2014:xml+bin', timescale: 90_000 }, [
      element('Event', eventAttrs, [element('scte35:Signal', {}, [element('scte35:Binary', {}, [textNode(bin.ok ? bin.value.base64 : '')])])]),
    ]);
  }
  const section =
    scheme === 'xml-time-signal'
      ? [
          element('scte35:TimeSignal', {}, [element('scte35:SpliceTime', { ptsTime: pts90k })]),
          element(
            'scte35:SegmentationDescriptor',
            { segmentationEventId: eventId, segmentationEventCancelIndicator: 'false', segmentationDuration: ticks, segmentationTypeId: 0x34, segmentNum: 1, segmentsExpected: 1 },
            [element('scte35:SegmentationUpid', { segmentationUpidType: 0x09, segmentationUpidFormat: 'text' }, [textNode(`demo-break-${eventId}`)])],
          ),
        ]
      : [
          element(
            'scte35:SpliceInsert',
            { spliceEventId: eventId, spliceEventCancelIndicator: 'false', outOfNetworkIndicator: 'true', spliceImmediateFlag: 'false', uniqueProgramId: 1, availNum: 1, availsExpected: 1 },
            [element('scte35:Program', {}, [element('scte35:SpliceTime', { ptsTime: pts90k })]), ...(ticks > 0 ? [element('scte35:BreakDuration', { autoReturn: 'true', duration: ticks })] : [])],
          ),
        ];
  return element('EventStream', { schemeIdUri: 'urn:scte:scte35:2013:xml', timescale: 90_000 }, [
    element('Event', eventAttrs, [element('scte35:SpliceInfoSection', { protocolVersion: 0, ptsAdjustment: 0, tier: 4095 }, section)]),
  ]);
}
