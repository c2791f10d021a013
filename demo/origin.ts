/**
 * @module demo/origin
 * The demo origin: HLS playlists generated from the media catalog. A VOD asset with
 * `CUE-OUT:0` insertion points (pre, mid, post; contracts §6.4), a VOD asset without markers
 * (VMAP-driven), and a live stream whose window slides with the clock, with a 30 s break every
 * 2 minutes signalled in a rotating dialect: CUE-OUT/CUE-OUT-CONT/CUE-IN, DATERANGE
 * SCTE35-OUT/IN, and OATCLS + EXT-X-ASSET + CUE-OUT (DESIGN §6), and an overlay placement
 * opportunity (OATCLS time_signal 0x38) later in each cycle. Markers carry real SCTE-35 binaries.
 * Pure: time and media come in as arguments.
 */
import { encodeSpliceInsert, encodeTimeSignal } from '../src/core/scte35/index.ts';

export interface MediaSegmentRef {
  readonly uri: string;
  readonly durationSec: number;
}

export interface MediaRendition {
  /** File name stem of the rendition's playlist (`v0`, `v1`, `a0`). */
  readonly name: string;
  readonly kind: 'video' | 'audio' | 'subtitles';
  readonly bandwidth: number;
  readonly averageBandwidth?: number;
  readonly width?: number;
  readonly height?: number;
  readonly codecs: string;
  readonly frameRate?: number;
  /** Segment URIs relative to the media root (`/demo/media/`). */
  readonly segments: readonly MediaSegmentRef[];
}

export interface MediaAsset {
  readonly key: string;
  readonly durationSec: number;
  readonly renditions: readonly MediaRendition[];
}

export const LIVE = {
  epochMs: Date.UTC(2026, 0, 1),
  segmentSec: 2,
  windowSegments: 20,
  cycleSegments: 60,
  breakOffsetSegments: 10,
  breakSegments: 15,
  /** An overlay placement opportunity (SCTE-35 time_signal, segmentation type 0x38) at this position of each cycle. */
  overlayOffsetSegments: 40,
  overlaySegments: 5,
} as const;

export type Dialect = 'cue' | 'daterange' | 'oatcls';
const DIALECTS: readonly Dialect[] = ['cue', 'daterange', 'oatcls'];

/** Multivariant playlist for content; `mediaUri(rendition)` names each media playlist. */
export function multivariantPlaylist(content: MediaAsset): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  const audio = content.renditions.filter((r) => r.kind === 'audio');
  audio.forEach((a, i) =>
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=${i === 0 ? 'YES' : 'NO'},AUTOSELECT=YES,CHANNELS="1",URI="${a.name}.m3u8"`),
  );
  const subs = content.renditions.filter((r) => r.kind === 'subtitles');
  subs.forEach((t) => lines.push(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="${t.name}.m3u8"`));
  // Catalog video renditions carry their EXT-X-STREAM-INF values (video + audio bandwidth and codecs).
  for (const v of content.renditions.filter((r) => r.kind === 'video')) {
    const attrs = [
      `BANDWIDTH=${v.bandwidth}`,
      ...(v.averageBandwidth ? [`AVERAGE-BANDWIDTH=${v.averageBandwidth}`] : []),
      ...(v.width && v.height ? [`RESOLUTION=${v.width}x${v.height}`] : []),
      `CODECS="${v.codecs}"`,
      ...(v.frameRate ? [`FRAME-RATE=${v.frameRate.toFixed(3)}`] : []),
      ...(audio.length ? ['AUDIO="aud"'] : []),
      ...(subs.length ? ['SUBTITLES="subs"'] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, `${v.name}.m3u8`);
  }
  return `${lines.join('\n')}\n`;
}

/** VOD: the content loop twice, with insertion points at 0, the loop seam and before the last segment. */
export function vodMediaPlaylist(r: MediaRendition, mediaRoot: string, withMarkers: boolean): string {
  const segs = [...r.segments, ...r.segments];
  const insertBefore = new Set(withMarkers ? [0, r.segments.length, segs.length - 1] : []);
  const lines = header(Math.ceil(Math.max(...segs.map((s) => s.durationSec))), 0, 0, 'VOD');
  segs.forEach((s, i) => {
    if (i === r.segments.length) lines.push('#EXT-X-DISCONTINUITY');
    if (insertBefore.has(i)) lines.push('#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN');
    lines.push(`#EXTINF:${s.durationSec.toFixed(3)},`, mediaRoot + s.uri);
  });
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** The break `k` (0, 1, 2, …) of the live schedule. */
export function liveBreak(k: number): { startSeq: number; endSeq: number; dialect: Dialect; eventId: number } {
  const startSeq = k * LIVE.cycleSegments + LIVE.breakOffsetSegments;
  return { startSeq, endSeq: startSeq + LIVE.breakSegments, dialect: DIALECTS[k % DIALECTS.length] ?? 'cue', eventId: 1000 + k };
}

/** Live media playlist at `nowMs`: the last `windowSegments` completed segments. */
export function liveMediaPlaylist(r: MediaRendition, mediaRoot: string, nowMs: number): string {
  const n = r.segments.length;
  const lastSeq = Math.floor((nowMs - LIVE.epochMs) / (LIVE.segmentSec * 1000)) - 1;
  const firstSeq = Math.max(0, lastSeq - LIVE.windowSegments + 1);
  // A discontinuity at every loop seam (timestamps restart), counted once it slides out.
  const discSeq = firstSeq >= 1 ? Math.floor((firstSeq - 1) / n) : 0;
  const lines = header(LIVE.segmentSec, firstSeq, discSeq);
  for (let seq = firstSeq; seq <= lastSeq; seq++) {
    lines.push(...liveMarkers(seq));
    if (seq > 0 && seq % n === 0) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(LIVE.epochMs + seq * LIVE.segmentSec * 1000).toISOString()}`);
    const s = r.segments[seq % n];
    if (s) lines.push(`#EXTINF:${s.durationSec.toFixed(3)},`, mediaRoot + s.uri);
  }
  return `${lines.join('\n')}\n`;
}

function header(targetSec: number, mediaSequence: number, discSeq: number, type?: string): string[] {
  const h = ['#EXTM3U', '#EXT-X-VERSION:6', `#EXT-X-TARGETDURATION:${targetSec}`, `#EXT-X-MEDIA-SEQUENCE:${mediaSequence}`, `#EXT-X-DISCONTINUITY-SEQUENCE:${discSeq}`];
  if (type) h.push(`#EXT-X-PLAYLIST-TYPE:${type}`);
  h.push('#EXT-X-INDEPENDENT-SEGMENTS');
  return h;
}

/** Marker lines placed before segment `seq`. */
export function liveMarkers(seq: number): string[] {
  const cyclePos = ((seq % LIVE.cycleSegments) + LIVE.cycleSegments) % LIVE.cycleSegments;
  const k = Math.floor(seq / LIVE.cycleSegments);
  const b = liveBreak(k);
  const durationSec = LIVE.breakSegments * LIVE.segmentSec;
  const elapsedSec = (seq - b.startSeq) * LIVE.segmentSec;
  const pdt = (s: number): string => new Date(LIVE.epochMs + s * LIVE.segmentSec * 1000).toISOString();
  const pts90k = (s: number): number => (s * LIVE.segmentSec * 90_000) % 2 ** 33;
  const out = (): ReturnType<typeof encodeSpliceInsert> =>
    encodeSpliceInsert({ spliceEventId: b.eventId, outOfNetworkIndicator: true, ptsTime90k: pts90k(b.startSeq), breakDuration: { autoReturn: true, duration90k: durationSec * 90_000 }, uniqueProgramId: 1, availNum: 1, availsExpected: 1 });
  const back = (): ReturnType<typeof encodeSpliceInsert> =>
    encodeSpliceInsert({ spliceEventId: b.eventId, outOfNetworkIndicator: false, ptsTime90k: pts90k(b.endSeq), uniqueProgramId: 1, availNum: 1, availsExpected: 1 });
  const b64 = (r: ReturnType<typeof encodeSpliceInsert>): string => (r.ok ? r.value.base64 : '');
  const hex = (r: ReturnType<typeof encodeSpliceInsert>): string => (r.ok ? `0x${r.value.hex.replace(/^0x/i, '')}` : '');

  if (cyclePos === LIVE.overlayOffsetSegments) {
    // Overlay ads (MediaTailor "Overlay ads"): the content plays on, the player may show a non-linear ad.
    const overlay = encodeTimeSignal({
      ptsTime90k: pts90k(seq),
      segmentationDescriptors: [{ segmentationEventId: 2000 + k, segmentationTypeId: 0x38, segmentationDuration90k: LIVE.overlaySegments * LIVE.segmentSec * 90_000 }],
    });
    return overlay.ok ? [`#EXT-OATCLS-SCTE35:${overlay.value.base64}`] : [];
  }
  if (cyclePos === LIVE.breakOffsetSegments) {
    switch (b.dialect) {
      case 'cue':
        return [`#EXT-X-CUE-OUT:DURATION=${durationSec}`];
      case 'daterange':
        return [`#EXT-X-DATERANGE:ID="splice-${b.eventId}",START-DATE="${pdt(b.startSeq)}",PLANNED-DURATION=${durationSec},SCTE35-OUT=${hex(out())}`];
      case 'oatcls':
        return [`#EXT-OATCLS-SCTE35:${b64(out())}`, `#EXT-X-ASSET:CAID=0x${(0x4000 + b.eventId).toString(16)},GENRE=demo`, `#EXT-X-CUE-OUT:${durationSec.toFixed(3)}`];
    }
  }
  if (cyclePos > LIVE.breakOffsetSegments && cyclePos < LIVE.breakOffsetSegments + LIVE.breakSegments) {
    switch (b.dialect) {
      case 'cue':
        return [`#EXT-X-CUE-OUT-CONT:ElapsedTime=${elapsedSec.toFixed(3)},Duration=${durationSec},SCTE35=${b64(out())}`];
      case 'daterange':
        return [];
      case 'oatcls':
        return [`#EXT-X-CUE-OUT-CONT:${elapsedSec.toFixed(3)}/${durationSec.toFixed(3)}`];
    }
  }
  if (cyclePos === LIVE.breakOffsetSegments + LIVE.breakSegments) {
    if (b.dialect === 'daterange') {
      return [`#EXT-X-DATERANGE:ID="splice-${b.eventId}",START-DATE="${pdt(b.startSeq)}",END-DATE="${pdt(b.endSeq)}",DURATION=${durationSec},SCTE35-IN=${hex(back())}`];
    }
    return ['#EXT-X-CUE-IN'];
  }
  return [];
}

/**
 * A subtitle rendition aligned with the content's segments (WebVTT generated by the demo media
 * route), so the demo shows blank subtitles during ads (DESIGN §5).
 */
export function subtitleRendition(like: MediaRendition): MediaRendition {
  return {
    name: 'subs',
    kind: 'subtitles',
    bandwidth: 1000,
    codecs: 'wvtt',
    segments: like.segments.map((s, i) => ({ uri: `vtt/seg${String(i).padStart(3, '0')}.vtt`, durationSec: s.durationSec })),
  };
}

/**
 * WebVTT for content segment `i` of the loop. X-TIMESTAMP-MAP ties the cue to the segment's
 * MPEG-TS time (the packager's first video PTS is 0.221333 s; RFC 8216bis §3.1.4).
 */
export function subtitleSegment(i: number, segmentSec: number): string {
  const pts = Math.round((0.221333 + i * segmentSec) * 90_000);
  return `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${pts},LOCAL:00:00:00.000\n\n00:00:00.100 --> 00:00:01.900\nContent, segment ${i + 1} of the loop\n`;
}
