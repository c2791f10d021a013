/**
 * @module core/hls/start-time
 * The session's start time (`aws.startTime` / `"startTime"` at init; MediaTailor "Service
 * variables for session control"): a player joining a live DVR window starts at that point, not
 * at the live edge. MediaTailor resolves the time to the nearest segment boundary and writes
 * `EXT-X-START:TIME-OFFSET` (RFC 8216 §4.3.5.2: seconds from the playlist's start) in the media
 * playlist. Boundaries are the segments' program date-times as written, so a window without
 * `EXT-X-PROGRAM-DATE-TIME`, or a time outside it, gets no tag (the player joins at the edge).
 * Pure.
 */

/** Follows the written items (in order) and picks the boundary nearest the start time. */
export class StartTimeTracker {
  #best: { diffMs: number; offsetSec: number } | undefined;
  #firstMs: number | undefined;
  #endMs: number | undefined;

  constructor(private readonly startAtMs: number) {}

  /** An item about to be written: its program date-time (if known), where it starts in the playlist, its duration. */
  see(pdtMs: number | undefined, offsetSec: number, durationSec: number): void {
    if (pdtMs === undefined || !Number.isFinite(pdtMs)) return;
    this.#firstMs ??= pdtMs;
    this.#endMs = pdtMs + durationSec * 1000;
    const diffMs = Math.abs(pdtMs - this.startAtMs);
    if (!this.#best || diffMs < this.#best.diffMs) this.#best = { diffMs, offsetSec };
  }

  /** The `EXT-X-START` line, when the start time falls inside what was written. */
  line(): string | undefined {
    if (!this.#best || this.#firstMs === undefined || this.#endMs === undefined) return undefined;
    if (this.startAtMs < this.#firstMs || this.startAtMs > this.#endMs) return undefined;
    return `#EXT-X-START:TIME-OFFSET=${this.#best.offsetSec.toFixed(3)}`;
  }
}

/** The header lines with the origin's `EXT-X-START` replaced by `start` (one per playlist, RFC 8216 §4.3.5.2). */
export function withStartLine(headerLines: readonly string[], start: string | undefined): readonly string[] {
  if (start === undefined) return headerLines;
  return [...headerLines.filter((l) => !l.startsWith('#EXT-X-START:')), start];
}
