/**
 * Seeded random static MPDs for the DASH property tests: 1–4 periods, video and audio (1–2
 * languages), segment information at Period, AdaptationSet or Representation level, as
 * SegmentTemplate with SegmentTimeline ($Number$ or $Time$), SegmentTemplate with @duration, or
 * SegmentList; random timescales (up to 10 MHz) and presentation time offsets (epoch-sized).
 */
import type { Prng } from './prng.ts';

// Whole ticks per millisecond, so the ms insertion points of the tests fall on whole ticks (the
// half-tick rounding of coarser timescales is unit-tested apart).
const TIMESCALES = [1000, 30000, 48000, 90000, 10_000_000] as const;

export interface RandomMpd {
  readonly text: string;
  /** Period lengths in seconds (exact decimals with ms precision). */
  readonly periodMs: readonly number[];
}

function timeline(rng: Prng, ts: number, pto: bigint, lengthMs: number): { s: string; count: number } {
  // Segments of ~2 s, some jittered, covering the period; the first sometimes starts before the
  // period (as packagers cut), the last may overhang its end.
  const nominal = BigInt(2 * ts);
  const jitter = Math.floor(ts / 20);
  const t0 = pto - BigInt(pto > BigInt(ts) && rng.chance(0.3) ? Math.floor(ts / 10) : 0);
  const end = pto + (BigInt(lengthMs) * BigInt(ts)) / 1000n;
  const ds: bigint[] = [];
  for (let t = t0; t < end; ) {
    const d = jitter > 0 && rng.chance(0.3) ? nominal + BigInt(rng.int(-jitter, jitter)) : nominal;
    ds.push(d);
    t += d;
  }
  let s = '';
  let cur = t0;
  for (let i = 0; i < ds.length; ) {
    const d = ds[i] ?? nominal;
    let r = 0;
    while (ds[i + r + 1] === d) r++;
    s += `<S${i === 0 || rng.chance(0.2) ? ` t="${cur}"` : ''} d="${d}"${r > 0 ? ` r="${r}"` : ''}/>`;
    cur += d * BigInt(r + 1);
    i += r + 1;
  }
  return { s: `<SegmentTimeline>${s}</SegmentTimeline>`, count: ds.length };
}

function segInfo(rng: Prng, name: string, lengthMs: number): { el: string; kind: string } {
  const ts = rng.pick(TIMESCALES);
  const pto = rng.chance(0.5) ? 0n : BigInt(rng.int(0, 2_000_000)) * BigInt(ts);
  const ptoAttr = pto === 0n && rng.chance(0.5) ? '' : ` presentationTimeOffset="${pto}"`;
  const startNumber = rng.int(0, 3) === 0 ? '' : ` startNumber="${rng.int(0, 100_000)}"`;
  const kind = rng.pick(['timeline-number', 'timeline-time', 'duration', 'list'] as const);
  if (kind === 'duration') {
    return { el: `<SegmentTemplate timescale="${ts}"${ptoAttr}${startNumber} duration="${2 * ts}" media="${name}/$Number$.m4s" initialization="${name}/init.mp4"/>`, kind };
  }
  const tl = timeline(rng, ts, pto, lengthMs);
  if (kind === 'list') {
    const urls = Array.from({ length: tl.count }, (_, i) => `<SegmentURL media="${name}/l${i}.m4s"/>`).join('');
    return { el: `<SegmentList timescale="${ts}"${ptoAttr}${startNumber}><Initialization sourceURL="${name}/init.mp4"/>${tl.s}${urls}</SegmentList>`, kind };
  }
  const media = kind === 'timeline-time' ? `${name}/t$Time$.m4s` : `${name}/n$Number$.m4s`;
  return { el: `<SegmentTemplate timescale="${ts}"${ptoAttr}${startNumber} media="${media}" initialization="${name}/init.mp4">${tl.s}</SegmentTemplate>`, kind };
}

export function randomMpd(rng: Prng): RandomMpd {
  const periods: string[] = [];
  const periodMs: number[] = [];
  let startMs = 0;
  const count = rng.int(1, 4);
  for (let p = 0; p < count; p++) {
    const lengthMs = rng.int(4_000, 40_000);
    const name = `p${p}`;
    const langs = rng.chance(0.5) ? ['en'] : ['en', 'fr'];
    const sets: string[] = [];
    // Video: addressing at AdaptationSet level shared by 1–2 representations, or per representation.
    const shared = rng.chance(0.5);
    const vInfo = segInfo(rng, `${name}/video`, lengthMs);
    const reps = Array.from({ length: rng.int(1, 2) }, (_, i) => {
      const own = shared || vInfo.kind === 'list' ? (vInfo.kind === 'list' && !shared ? vInfo.el : '') : segInfo(rng, `${name}/v${i}`, lengthMs).el;
      return `<Representation id="${name}v${i}" bandwidth="${(i + 1) * 100000}" codecs="avc1.42c01e" width="${320 * (i + 1)}" height="${180 * (i + 1)}">${own}</Representation>`;
    });
    const setLevel = shared || vInfo.kind === 'list' ? (vInfo.kind === 'list' && !shared ? '' : vInfo.el) : '';
    sets.push(`<AdaptationSet id="1" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1">${setLevel}${reps.join('')}</AdaptationSet>`);
    langs.forEach((lang, i) => {
      const a = segInfo(rng, `${name}/audio-${lang}`, lengthMs);
      sets.push(
        `<AdaptationSet id="${2 + i}" contentType="audio" mimeType="audio/mp4" lang="${lang}"><Role schemeIdUri="urn:mpeg:dash:role:2011" value="${i === 0 ? 'main' : 'dub'}"/><Representation id="${name}a${lang}" bandwidth="64000" codecs="mp4a.40.2" audioSamplingRate="48000">${a.el}</Representation></AdaptationSet>`,
      );
    });
    const start = p === 0 && rng.chance(0.5) ? '' : ` start="PT${startMs / 1000}S"`;
    periods.push(`<Period id="${name}"${start} duration="PT${lengthMs / 1000}S">${sets.join('')}</Period>`);
    periodMs.push(lengthMs);
    startMs += lengthMs;
  }
  const text = `<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" profiles="urn:mpeg:dash:profile:isoff-live:2011" mediaPresentationDuration="PT${startMs / 1000}S" minBufferTime="PT2S"><BaseURL>https://origin.example/vod/</BaseURL>${periods.join('')}</MPD>`;
  return { text, periodMs };
}
