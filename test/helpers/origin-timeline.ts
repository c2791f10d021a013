/**
 * A scripted origin for stitching tests: a list of segments (durations, tags before each,
 * discontinuities) from which any live window [first, last] of any rendition is written the
 * way a packager would (media sequence, discontinuity sequence counting the tags that slid out,
 * PDT, relative URIs). Renditions share numbering and timing (MediaTailor's origin requirement).
 */
export interface TimelineSegment {
  readonly durationSec: number;
  /** Tag lines before the segment (markers, DATERANGE, KEY, MAP, vendor tags). */
  readonly lines?: readonly string[];
  readonly discontinuity?: boolean;
}

export interface WindowOptions {
  /** Write the lines of segment last+1 after the last segment (a cue-in published early). */
  readonly trailingLinesOfNext?: boolean;
  readonly endList?: boolean;
  readonly playlistType?: 'VOD' | 'EVENT';
  readonly headerLines?: readonly string[];
}

export interface TimelineOptions {
  readonly baseSeq?: number;
  readonly epochMs?: number;
  /** PDT on every segment, on the first of the window only, or never. */
  readonly pdt?: 'every' | 'first' | 'none';
  readonly version?: number;
}

export const ORIGIN_BASE = 'https://origin.example/live/';

export class OriginTimeline {
  readonly baseSeq: number;
  readonly epochMs: number;
  readonly #starts: number[] = [];
  readonly #discBefore: number[] = [];

  constructor(
    readonly segments: readonly TimelineSegment[],
    readonly opts: TimelineOptions = {},
  ) {
    this.baseSeq = opts.baseSeq ?? 1000;
    this.epochMs = opts.epochMs ?? Date.UTC(2026, 0, 1);
    let t = 0;
    let d = 0;
    for (const s of segments) {
      this.#starts.push(t);
      this.#discBefore.push(d);
      t += s.durationSec;
      if (s.discontinuity) d++;
    }
    this.#starts.push(t);
  }

  get endSeq(): number {
    return this.baseSeq + this.segments.length;
  }

  seg(seq: number): TimelineSegment {
    const s = this.segments[seq - this.baseSeq];
    if (!s) throw new Error(`no segment ${seq}`);
    return s;
  }

  /** Origin time of the start of `seq` (seconds from the first segment). */
  startSec(seq: number): number {
    return this.#starts[seq - this.baseSeq] ?? Number.NaN;
  }

  pdtOf(seq: number): string {
    return new Date(this.epochMs + Math.round(this.startSec(seq) * 1000)).toISOString();
  }

  targetSec(): number {
    return Math.max(1, ...this.segments.map((s) => Math.round(s.durationSec)));
  }

  uri(rendition: string, seq: number): string {
    return `${rendition}/seg${seq}.ts`;
  }

  /** The playlist of `rendition` showing segments first..last (inclusive). */
  window(rendition: string, first: number, last: number, o: WindowOptions = {}): string {
    const pdt = this.opts.pdt ?? 'every';
    const lines = [
      '#EXTM3U',
      `#EXT-X-VERSION:${this.opts.version ?? 3}`,
      `#EXT-X-TARGETDURATION:${this.targetSec()}`,
      `#EXT-X-MEDIA-SEQUENCE:${first}`,
      `#EXT-X-DISCONTINUITY-SEQUENCE:${this.#discBefore[first - this.baseSeq] ?? 0}`,
      ...(o.playlistType ? [`#EXT-X-PLAYLIST-TYPE:${o.playlistType}`] : []),
      ...(o.headerLines ?? []),
    ];
    for (let seq = first; seq <= last; seq++) {
      const s = this.seg(seq);
      lines.push(...(s.lines ?? []));
      if (s.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
      if (pdt === 'every' || (pdt === 'first' && seq === first)) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${this.pdtOf(seq)}`);
      lines.push(`#EXTINF:${s.durationSec.toFixed(3)},`, this.uri(rendition, seq));
    }
    const next = this.segments[last + 1 - this.baseSeq];
    if (o.trailingLinesOfNext && next?.lines) lines.push(...next.lines);
    if (o.endList) lines.push('#EXT-X-ENDLIST');
    return `${lines.join('\n')}\n`;
  }
}

/** `n` segments of `durationSec` each. */
export function plain(n: number, durationSec: number): TimelineSegment[] {
  return Array.from({ length: n }, () => ({ durationSec }));
}

/** Returns `segs` with `lines` added before segment index `i` (and optional discontinuity). */
export function mark(segs: TimelineSegment[], i: number, lines: readonly string[], discontinuity?: boolean): TimelineSegment[] {
  const s = segs[i];
  if (!s) throw new Error(`no segment index ${i}`);
  segs[i] = { ...s, lines: [...(s.lines ?? []), ...lines], ...(discontinuity !== undefined ? { discontinuity } : {}) };
  return segs;
}
