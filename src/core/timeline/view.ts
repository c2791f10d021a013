/**
 * @module core/timeline/view
 * The JSON answer of the session timeline route (docs/session-timeline.md): who the session is,
 * its media timeline (core/timeline/media-layout) with the playhead of its last request, how much
 * of the record is kept, and the entries asked for. Pure.
 */
import type { SessionState } from '../session/state.ts';
import type { NumberedEntry } from './entries.ts';
import { mediaLayout, type MediaLayout } from './media-layout.ts';

/** How much of the session's record the ring holds. */
export interface RecordStats {
  /** Entries the ring keeps at most; older ones are dropped first. */
  readonly capacity: number;
  /** Entries recorded since the session began (the last `seq`). */
  readonly recorded: number;
  /** Entries dropped to stay within `capacity` (the oldest). */
  readonly dropped: number;
  /** `seq` of the oldest entry kept (0 when none). */
  readonly firstSeq: number;
}

/** Where the player was at its last request: the end of the last media playlist or MPD, or the last ad segment. */
export interface Playhead {
  readonly atMs: number;
  readonly timeSec: number;
  readonly source: 'playlist' | 'segment';
}

export interface TimelineView {
  readonly sessionId: string;
  readonly accountId: string;
  readonly configName: string;
  readonly sessionType: 'HLS' | 'DASH';
  readonly assetPath: string;
  readonly init: 'implicit' | 'explicit';
  readonly reportingMode: 'client' | 'server';
  readonly createdAtMs: number;
  readonly record: RecordStats;
  readonly media: MediaLayout & { readonly playhead?: Playhead };
  /** Entries with `seq` > the `since` asked for, oldest first. */
  readonly entries: readonly NumberedEntry[];
}

/** The playhead the newest position-bearing entry gives. */
export function playheadOf(last: NumberedEntry | undefined): Playhead | undefined {
  if (last?.kind === 'manifest' && last.served) return { atMs: last.atMs, timeSec: last.served.endSec, source: 'playlist' };
  if (last?.kind === 'segment') return { atMs: last.atMs, timeSec: last.timeSec, source: 'segment' };
  return undefined;
}

/** `lastServed`: the newest manifest entry that served a window (a DASH layout's span). */
export function timelineView(state: SessionState, record: RecordStats, entries: readonly NumberedEntry[], lastPosition: NumberedEntry | undefined, lastServed?: NumberedEntry): TimelineView {
  const r = state.record;
  const playhead = playheadOf(lastPosition);
  const served = lastServed?.kind === 'manifest' ? lastServed.served : undefined;
  return {
    sessionId: r.sessionId,
    accountId: r.accountId,
    configName: r.configName,
    sessionType: r.sessionType,
    assetPath: r.assetPath,
    init: r.kind,
    reportingMode: r.serverBeacons ? 'server' : 'client',
    createdAtMs: r.createdAtMs,
    record,
    media: { ...mediaLayout(state, served), ...(playhead ? { playhead } : {}) },
    entries,
  };
}
