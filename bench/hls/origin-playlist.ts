/**
 * @module bench/hls/origin-playlist
 * Generates the live origin media playlists the HLS personalization benchmark measures
 * (docs/architecture.md §11). Shaped like a packager's live/DVR output: relative segment URIs, a media
 * sequence far from 0, breaks every 5–9 minutes lasting 30–120 s in two marker dialects
 * (Elemental `CUE-OUT:DURATION` / `CUE-OUT-CONT:ElapsedTime=…,SCTE35=<base64>` / `CUE-IN`, and
 * `EXT-OATCLS-SCTE35` + `CUE-OUT:60.000` / `CUE-OUT-CONT:2.000/60.000` / `CUE-IN`) carrying real
 * SCTE-35 binaries, AES-128 key rotation every 30 minutes, `EXT-X-DISCONTINUITY` around every
 * third break and every 2 hours of content, and `EXT-X-PROGRAM-DATE-TIME` either on every
 * segment or after each discontinuity. The window starts and ends on content, so a session that
 * has seen it once has every break closed (the steady-state reload). Deterministic; setup only.
 */
import { encodeSpliceInsert } from '../../src/core/scte35/index.ts';

export interface OriginShape {
  readonly segments: number;
  readonly segmentSec: number;
  /** `EXT-X-PROGRAM-DATE-TIME` on every segment (else only on the first and after discontinuities). */
  readonly pdtEverySegment: boolean;
  /** Offset of the first break from the window start. */
  readonly firstBreakAtSec: number;
  /** Break durations, cycled (default 60, 90, 30, 120 s). */
  readonly breaksSec?: readonly number[];
}

export interface OriginBreak {
  /** Origin media sequence of the first segment of the break. */
  readonly startSeq: number;
  readonly segments: number;
  readonly durationSec: number;
}

export interface OriginPlaylist {
  readonly text: string;
  readonly firstSeq: number;
  readonly segments: number;
  readonly breaks: readonly OriginBreak[];
  readonly keyLines: number;
  readonly discontinuities: number;
  readonly pdtLines: number;
}

const FIRST_SEQ = 1_482_000;
const EPOCH_MS = Date.UTC(2026, 2, 1, 6, 0, 0);
/** Content between breaks and break durations, cycled (≈ 12 ad minutes per hour). */
const GAPS_SEC = [300, 420, 360, 540] as const;
const BREAKS_SEC = [60, 90, 30, 120] as const;
const KEY_ROTATION_SEC = 1800;
const ENCODER_RESTART_SEC = 7200;

export function originPlaylist(shape: OriginShape): OriginPlaylist {
  const { segments: n, segmentSec } = shape;
  const breaks = scheduleBreaks(shape);
  const byStart = new Map(breaks.map((b, i) => [b.startSeq, { b, i }]));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${segmentSec}`, `#EXT-X-MEDIA-SEQUENCE:${FIRST_SEQ}`, '#EXT-X-DISCONTINUITY-SEQUENCE:37', '#EXT-X-INDEPENDENT-SEGMENTS'];
  let keyLines = 0;
  let discontinuities = 0;
  let pdtLines = 0;
  let open: { b: OriginBreak; i: number; at: number; scte: string } | undefined;
  const segsPerKey = Math.max(1, Math.round(KEY_ROTATION_SEC / segmentSec));
  const segsPerRestart = Math.max(1, Math.round(ENCODER_RESTART_SEC / segmentSec));

  for (let i = 0; i < n; i++) {
    const seq = FIRST_SEQ + i;
    let disc = i > 0 && i % segsPerRestart === 0;
    const starting = byStart.get(seq);
    if (open && seq === open.b.startSeq + open.b.segments) {
      lines.push('#EXT-X-CUE-IN');
      disc ||= open.i % 3 === 2;
      open = undefined;
    }
    if (starting) {
      open = { ...starting, at: i, scte: spliceOut(starting.b, starting.i, seq, segmentSec) };
      lines.push(...cueOut(starting.b, starting.i, open.scte));
      disc ||= starting.i % 3 === 2;
    } else if (open) {
      lines.push(cueOutCont(open.b, open.i, (i - open.at) * segmentSec, open.scte));
    }
    if (disc) {
      lines.push('#EXT-X-DISCONTINUITY');
      discontinuities++;
    }
    if (i % segsPerKey === 0) {
      const k = Math.floor((FIRST_SEQ + i) / segsPerKey);
      lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="keys/k${k}.key",IV=0x${k.toString(16).padStart(32, '0')}`);
      keyLines++;
    }
    if (shape.pdtEverySegment || disc || i === 0) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(EPOCH_MS + i * segmentSec * 1000).toISOString()}`);
      pdtLines++;
    }
    lines.push(`#EXTINF:${segmentSec.toFixed(3)},`, `index_720p_${String(seq).padStart(8, '0')}.ts`);
  }
  return { text: `${lines.join('\n')}\n`, firstSeq: FIRST_SEQ, segments: n, breaks, keyLines, discontinuities, pdtLines };
}

/** Breaks that fit entirely inside the window, with at least one content segment after each. */
function scheduleBreaks(shape: OriginShape): OriginBreak[] {
  const out: OriginBreak[] = [];
  const windowSec = shape.segments * shape.segmentSec;
  let t = shape.firstBreakAtSec;
  for (let i = 0; ; i++) {
    const durations = shape.breaksSec ?? BREAKS_SEC;
    const durationSec = durations[i % durations.length] ?? 60;
    const startIdx = Math.round(t / shape.segmentSec);
    const segments = Math.max(1, Math.round(durationSec / shape.segmentSec));
    if ((startIdx + segments + 1) * shape.segmentSec > windowSec) return out;
    out.push({ startSeq: FIRST_SEQ + startIdx, segments, durationSec });
    t += durationSec + (GAPS_SEC[i % GAPS_SEC.length] as number);
  }
}

function spliceOut(b: OriginBreak, i: number, seq: number, segmentSec: number): string {
  const r = encodeSpliceInsert({
    spliceEventId: 7000 + i,
    outOfNetworkIndicator: true,
    ptsTime90k: (seq * segmentSec * 90_000) % 2 ** 33,
    breakDuration: { autoReturn: true, duration90k: b.durationSec * 90_000 },
    uniqueProgramId: 1,
    availNum: 1,
    availsExpected: 1,
  });
  if (!r.ok) throw new Error(`SCTE-35 encode: ${r.error}`);
  return r.value.base64;
}

/** Dialect by break index: Elemental-style CUE-OUT for even breaks, OATCLS + CUE-OUT for odd. */
function cueOut(b: OriginBreak, i: number, scte: string): string[] {
  return i % 2 === 0 ? [`#EXT-X-CUE-OUT:DURATION=${b.durationSec}`] : [`#EXT-OATCLS-SCTE35:${scte}`, `#EXT-X-CUE-OUT:${b.durationSec.toFixed(3)}`];
}

function cueOutCont(b: OriginBreak, i: number, elapsedSec: number, scte: string): string {
  return i % 2 === 0 ? `#EXT-X-CUE-OUT-CONT:ElapsedTime=${elapsedSec.toFixed(3)},Duration=${b.durationSec},SCTE35=${scte}` : `#EXT-X-CUE-OUT-CONT:${elapsedSec.toFixed(3)}/${b.durationSec.toFixed(3)}`;
}
