/**
 * Random live origins for property tests: random segment durations (1–10 s), breaks in random
 * dialects (CUE-OUT with a duration, bare CUE-OUT, OATCLS, DATERANGE OUT/IN, SCTE35-CMD,
 * SPLICEPOINT), sometimes back to back, sometimes ended by their duration only, random origin
 * discontinuities (also on break boundaries), PDT on every segment or on the first of each window,
 * optional encryption. Everything comes from the seeded Prng, so a failing seed replays.
 */
import { mark, OriginTimeline, type TimelineSegment } from './origin-timeline.ts';
import { spliceIn, spliceOut, timeSignalHex } from './playlist-text.ts';
import type { Prng } from './prng.ts';

export type Dialect = 'cue-duration' | 'cue-bare' | 'oatcls' | 'daterange' | 'scte35-cmd' | 'splicepoint';
const DIALECTS: readonly Dialect[] = ['cue-duration', 'cue-bare', 'oatcls', 'daterange', 'scte35-cmd', 'splicepoint'];

export interface RandomBreak {
  readonly startSeq: number;
  readonly endSeq: number;
  readonly dialect: Dialect;
}

export interface RandomOrigin {
  readonly timeline: OriginTimeline;
  readonly breaks: readonly RandomBreak[];
  readonly keyLine?: string;
}

const b64ToHex = (b64: string): string => `0x${Buffer.from(b64, 'base64').toString('hex').toUpperCase()}`;
const hexToB64 = (hex: string): string => Buffer.from(hex.slice(2), 'hex').toString('base64');

export function randomOrigin(rng: Prng, segments = 240): RandomOrigin {
  const nominal = rng.duration(1, 10);
  const segs: TimelineSegment[] = Array.from({ length: segments }, () => ({ durationSec: rng.chance(0.7) ? nominal : rng.duration(1, 10) }));
  for (let i = 1; i < segs.length; i++) if (rng.chance(0.04)) mark(segs, i, [], true);
  const t0 = new OriginTimeline(segs); // for PDTs and durations while writing markers
  const breaks: RandomBreak[] = [];
  let i = rng.int(2, 12);
  let eventId = rng.int(1, 1000);
  while (i < segments - 40) {
    const len = rng.int(1, 20);
    const start = i;
    const end = start + len;
    const dialect = rng.pick(DIALECTS);
    const dur = Math.round(segs.slice(start, end).reduce((t, s) => t + s.durationSec, 0) * 1000) / 1000;
    const cmdDuration = rng.chance(0.5);
    // Without an end marker and without a signalled duration a break would never end.
    const withEnd = dialect === 'cue-bare' || (dialect === 'scte35-cmd' && !cmdDuration) || rng.chance(0.75);
    const id = ++eventId;
    const startSeq = t0.baseSeq + start;
    const startDate = t0.pdtOf(startSeq);
    let outLines: string[];
    let inLines: string[] = [];
    switch (dialect) {
      case 'cue-duration':
        outLines = [rng.pick([`#EXT-X-CUE-OUT:${dur}`, `#EXT-X-CUE-OUT:${dur.toFixed(3)}`, `#EXT-X-CUE-OUT:DURATION=${dur}`])];
        inLines = ['#EXT-X-CUE-IN'];
        for (let k = start + 1; k < end; k++) {
          const el = Math.round((t0.startSec(t0.baseSeq + k) - t0.startSec(startSeq)) * 1000) / 1000;
          mark(segs, k, [rng.chance(0.5) ? `#EXT-X-CUE-OUT-CONT:ElapsedTime=${el},Duration=${dur}` : `#EXT-X-CUE-OUT-CONT:${el.toFixed(3)}/${dur.toFixed(3)}`]);
        }
        break;
      case 'cue-bare':
        outLines = ['#EXT-X-CUE-OUT'];
        inLines = ['#EXT-X-CUE-IN'];
        break;
      case 'oatcls':
        outLines = [`#EXT-OATCLS-SCTE35:${spliceOut(id, dur)}`, `#EXT-X-ASSET:CAID=0x${id.toString(16)}`, `#EXT-X-CUE-OUT:${dur.toFixed(3)}`];
        inLines = ['#EXT-X-CUE-IN'];
        for (let k = start + 1; k < end; k++)
          mark(segs, k, [`#EXT-X-CUE-OUT-CONT:ElapsedTime=${(t0.startSec(t0.baseSeq + k) - t0.startSec(startSeq)).toFixed(3)},Duration=${dur},SCTE35=${spliceOut(id, dur)}`]);
        break;
      case 'daterange':
        outLines = [`#EXT-X-DATERANGE:ID="splice-${id}",START-DATE="${startDate}",${rng.chance(0.5) ? 'PLANNED-DURATION' : 'DURATION'}=${dur},SCTE35-OUT=${b64ToHex(spliceOut(id, dur))}`];
        inLines = [`#EXT-X-DATERANGE:ID="splice-${id}",START-DATE="${startDate}",SCTE35-IN=${b64ToHex(spliceIn(id))}`];
        break;
      case 'scte35-cmd':
        outLines = [`#EXT-X-DATERANGE:ID="ts-${id}-out",START-DATE="${startDate}",SCTE35-CMD=${timeSignalHex(id, 0x34, cmdDuration ? dur : undefined)}`];
        inLines = [`#EXT-X-DATERANGE:ID="ts-${id}-in",START-DATE="${t0.pdtOf(t0.baseSeq + end)}",SCTE35-CMD=${timeSignalHex(id, 0x35)}`];
        break;
      case 'splicepoint':
        outLines = [`#EXT-X-SPLICEPOINT-SCTE35:${hexToB64(timeSignalHex(id, 0x34, dur))}`];
        inLines = [`#EXT-X-SPLICEPOINT-SCTE35:${hexToB64(timeSignalHex(id, 0x35))}`];
        break;
    }
    mark(segs, start, outLines, rng.chance(0.1) ? true : undefined);
    if (withEnd) mark(segs, end, inLines, rng.chance(0.15) ? true : undefined);
    breaks.push({ startSeq, endSeq: t0.baseSeq + end, dialect });
    i = end + (rng.chance(0.2) ? 0 : rng.int(1, 25));
  }
  const pdt = rng.chance(0.7) ? 'every' : 'first';
  const encrypted = rng.chance(0.3);
  return {
    timeline: new OriginTimeline(segs, { pdt }),
    breaks,
    ...(encrypted ? { keyLine: '#EXT-X-KEY:METHOD=AES-128,URI="keys/k.bin",IV=0x0000000000000000000000000000000A' } : {}),
  };
}
