/**
 * Checks the live-window invariants of docs/architecture.md §6 over successive responses of one session:
 * 1. EXT-X-MEDIA-SEQUENCE never goes back; a (variant, sequence) always names the same segment.
 * 2. EXT-X-DISCONTINUITY-SEQUENCE is present and never goes back; each segment keeps its
 *    discontinuity number across reloads.
 * 3. All variants show the same segment kinds (content / which ad, which segment of it) and the
 *    same discontinuity number at each sequence.
 * 5. EXT-X-TARGETDURATION covers every EXTINF.
 * (4 — break duration vs content duration — is checked by the test that knows the origin.)
 */
export interface ParsedSegment {
  readonly seq: number;
  readonly disc: number;
  readonly durationSec: number;
  readonly uri: string;
  readonly pdt?: string;
}

export interface ParsedPlaylist {
  readonly mediaSequence: number;
  readonly discontinuitySequence: number | undefined;
  readonly targetDuration: number;
  readonly segments: ParsedSegment[];
}

export function parsePlaylistForCheck(text: string): ParsedPlaylist {
  const lines = text.split('\n');
  let ms = 0;
  let ds: number | undefined;
  let td = 0;
  const segs: ParsedSegment[] = [];
  let disc = 0;
  let dur = 0;
  let pdt: string | undefined;
  let started = false;
  for (const l of lines) {
    if (l.startsWith('#EXT-X-MEDIA-SEQUENCE:')) ms = Number(l.slice(22));
    else if (l.startsWith('#EXT-X-DISCONTINUITY-SEQUENCE:')) ds = Number(l.slice(30));
    else if (l.startsWith('#EXT-X-TARGETDURATION:')) td = Number(l.slice(22));
    else if (l === '#EXT-X-DISCONTINUITY') disc++;
    else if (l.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) pdt = l.slice(25);
    else if (l.startsWith('#EXTINF:')) dur = Number(l.slice(8).split(',')[0]);
    else if (l && !l.startsWith('#')) {
      if (!started) started = true;
      segs.push({ seq: ms + segs.length, disc: (ds ?? 0) + disc, durationSec: dur, uri: l, ...(pdt ? { pdt } : {}) });
      pdt = undefined;
    }
  }
  return { mediaSequence: ms, discontinuitySequence: ds, targetDuration: td, segments: segs };
}

/** A segment's identity independent of the variant: content origin seq, or ad key + segment index. */
export type Identify = (uri: string) => string;

export class InvariantChecker {
  readonly #lastMs = new Map<string, number>();
  readonly #lastDs = new Map<string, number>();
  readonly #uriAt = new Map<string, string>();
  readonly #discAt = new Map<string, number>();
  readonly #kindAt = new Map<number, string>();
  readonly #discAtSeq = new Map<number, number>();
  readonly violations: string[] = [];

  constructor(private readonly identify: Identify) {}

  check(variant: string, text: string): ParsedPlaylist {
    const p = parsePlaylistForCheck(text);
    const v = (m: string): void => void this.violations.push(`${variant}: ${m}`);
    if (p.discontinuitySequence === undefined) v('EXT-X-DISCONTINUITY-SEQUENCE missing');
    const lastMs = this.#lastMs.get(variant);
    if (lastMs !== undefined && p.mediaSequence < lastMs) v(`media sequence went back ${lastMs} → ${p.mediaSequence}`);
    this.#lastMs.set(variant, p.mediaSequence);
    const lastDs = this.#lastDs.get(variant);
    if (lastDs !== undefined && (p.discontinuitySequence ?? 0) < lastDs) v(`discontinuity sequence went back ${lastDs} → ${p.discontinuitySequence}`);
    this.#lastDs.set(variant, p.discontinuitySequence ?? 0);
    for (const s of p.segments) {
      if (Math.round(s.durationSec) > p.targetDuration) v(`EXTINF ${s.durationSec} exceeds target ${p.targetDuration}`);
      const key = `${variant}#${s.seq}`;
      const prev = this.#uriAt.get(key);
      if (prev !== undefined && prev !== s.uri) v(`seq ${s.seq} was ${prev}, now ${s.uri}`);
      this.#uriAt.set(key, s.uri);
      const prevDisc = this.#discAt.get(key);
      if (prevDisc !== undefined && prevDisc !== s.disc) v(`seq ${s.seq} discontinuity number ${prevDisc} → ${s.disc}`);
      this.#discAt.set(key, s.disc);
      // Invariant 2 across renditions (docs/mediatailor-compat.md §6.2: the discontinuity sequence advances
      // identically in every variant), so players can switch renditions.
      const discElsewhere = this.#discAtSeq.get(s.seq);
      if (discElsewhere !== undefined && discElsewhere !== s.disc) v(`seq ${s.seq} has discontinuity number ${s.disc} here but ${discElsewhere} in another variant`);
      this.#discAtSeq.set(s.seq, s.disc);
      const kind = this.identify(s.uri);
      const other = this.#kindAt.get(s.seq);
      if (other !== undefined && other !== kind) v(`seq ${s.seq} is ${kind} here but ${other} in another variant`);
      this.#kindAt.set(s.seq, kind);
    }
    return p;
  }
}
