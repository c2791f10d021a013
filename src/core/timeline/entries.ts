/**
 * @module core/timeline/entries
 * What a session's timeline records (docs/session-timeline.md): one entry per thing that happened
 * to the session, in the order it happened. The SessionObject stores them in a bounded ring and
 * serves them to operators; the session rules and the platform build them from what they already
 * have (core/timeline/facts). Every text field is bounded, so one entry is small whatever the
 * origin, ad server or player sent. Pure types.
 *
 * Units ride in names: `atMs` (epoch ms, UTC), `latencyMs`, `...Sec` (session media time or
 * durations in seconds).
 */
import type { AvailSignal } from '../scte35/index.ts';

/** An upstream request's outcome as the platform's fetch reports it (platform/upstream.ts kinds). */
export type FetchOutcome = 'ok' | 'http' | 'timeout' | 'network' | 'disallowed' | 'too_large';

/** The session was created (first entry of every timeline). */
export interface SessionEntry {
  readonly kind: 'session';
  readonly atMs: number;
  readonly init: 'implicit' | 'explicit';
  readonly reportingMode: 'client' | 'server';
  readonly assetPath: string;
  readonly originUrl: string;
  readonly logMode?: 'DEBUG' | 'DISABLED';
  /** `[player_params.*]` names the session carries (values are left out: they may be personal). */
  readonly playerParams: readonly string[];
}

/** What a personalized media playlist (HLS) or MPD (DASH) held when it was served. */
export interface ServedWindow {
  /** HLS: the playlist's segments (`#EXTINF` lines). */
  readonly segments?: number;
  /** DASH: the MPD's Periods (content, ad and slate). */
  readonly periods?: number;
  readonly durationSec: number;
  /** DASH: session media time at the start of the MPD (its first Period@start). */
  readonly startSec?: number;
  /** Session media time at the end of the window: the live edge the player was given. */
  readonly endSec: number;
  /** Ad breaks (personalized) and breaks left as content in the window. */
  readonly adBreaks: number;
  readonly contentBreaks: number;
  /** `EXT-X-ENDLIST` present, or a static MPD (VOD). */
  readonly complete: boolean;
}

/** One manifest request: the origin fetch behind it, and what was served. */
export interface ManifestEntry {
  readonly kind: 'manifest';
  readonly atMs: number;
  /** `mpd`: a DASH session's MPD (`/v1/dash/…`). */
  readonly request: 'multivariant' | 'media' | 'mpd';
  /** Media playlist index `n` of `/v1/manifest/…/{n}.m3u8`. */
  readonly rendition?: number;
  readonly renditionKind?: string;
  readonly originUrl: string;
  /** HTTP status of the origin's answer (absent: no answer). */
  readonly originStatus?: number;
  readonly originLatencyMs: number;
  /** Status the player got. */
  readonly status: number;
  /** Why the request failed (the message the player got), when it did. */
  readonly error?: string;
  readonly served?: ServedWindow;
}

/** An ad break found in the origin manifest. */
export interface MarkerEntry {
  readonly kind: 'marker';
  readonly atMs: number;
  readonly breakKey: string;
  readonly availIndex: number;
  /** HLS: origin media sequence of the break's first segment (VOD insertion: the segment it precedes). */
  readonly originSeq?: number;
  /** DASH: the origin Period (its @id, else its start) and the break's offset in it. */
  readonly period?: string;
  readonly offsetSec?: number;
  readonly insertion: boolean;
  readonly durationSec?: number;
  /** HLS: the marker tags as the origin wrote them (at most a few, each cut to a bounded length). */
  readonly tags: readonly string[];
  /** The decoded SCTE-35 signal that opened the break, when there is one (ANSI/SCTE 35 §9.7, §10.3.3). */
  readonly scte?: AvailSignal;
}

/** One HTTP exchange with an ad server (the ADS request, a wrapper hop, a VMAP AdTagURI). */
export interface AdsRequestEntry {
  readonly kind: 'ads-request';
  readonly atMs: number;
  readonly breakKey: string;
  readonly availIndex: number;
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly outcome: FetchOutcome;
  readonly status?: number;
  readonly latencyMs: number;
  readonly message?: string;
  /** The response body, cut at the timeline's limit (`bodyTruncated` says so). */
  readonly body?: string;
  readonly bodyChars?: number;
  readonly bodyTruncated?: boolean;
}

export interface PlanAdEntry {
  readonly index: number;
  readonly vastAdId: string;
  readonly title: string;
  readonly creativeId: string;
  readonly durationSec: number;
  readonly mediaUrl: string;
}

export interface PlanSkipEntry {
  readonly creativeUniqueId: string;
  readonly reason: string;
  readonly message?: string;
  readonly mediaUrl?: string;
}

/** An avail's plan: what it plays, what fills the rest, what was skipped and why. */
export interface PlanEntry {
  readonly kind: 'plan';
  readonly atMs: number;
  readonly breakKey: string;
  readonly availIndex: number;
  readonly outcome: 'filled' | 'slate' | 'content';
  readonly reason?: string;
  readonly availDurationSec?: number;
  readonly filledDurationSec: number;
  readonly fillRate: number;
  readonly ads: readonly PlanAdEntry[];
  readonly slateUrl?: string;
  readonly skipped: readonly PlanSkipEntry[];
  readonly adsRequestUrl?: string;
  /** From the ADS request to the plan, when the plan came from a decision (not a VOD schedule). */
  readonly decisionMs?: number;
}

/** A `/v1/segment` (HLS) or `/v1/dashsegment` (DASH) request for an ad or slate segment. */
export interface SegmentEntry {
  readonly kind: 'segment';
  readonly atMs: number;
  /** HLS: media playlist index and media sequence (not `seq`: that is the entry's number in the record). */
  readonly rendition?: number;
  readonly mediaSeq?: number;
  /** DASH: the ad or slate Period and the creative path asked for. */
  readonly periodId?: string;
  readonly path?: string;
  readonly availId: string;
  readonly adIndex?: number;
  /** Session media time of the segment's start. */
  readonly timeSec: number;
  readonly url: string;
  readonly probe: boolean;
  /** Tracking events this request made due (claimed for sending). */
  readonly events: readonly string[];
}

/** One attempt to send a server-side beacon. */
export interface BeaconEntry {
  readonly kind: 'beacon';
  readonly atMs: number;
  readonly availId: string;
  readonly adIndex: number;
  readonly event: string;
  readonly url: string;
  readonly attempt: number;
  readonly outcome: 'fired' | 'failed';
  readonly status?: number;
  readonly latencyMs: number;
  /** Why it failed, and whether it will be retried or was given up. */
  readonly error?: string;
  /** Session media time the event belongs to (ad start + its share of the ad). */
  readonly timeSec?: number;
}

/** A client-side tracking API request. */
export interface TrackingEntry {
  readonly kind: 'tracking';
  readonly atMs: number;
  readonly avails: number;
  readonly status: number;
  readonly error?: string;
}

/** Something that went wrong outside the entries above (an ad decision that threw, a bug). */
export interface ErrorEntry {
  readonly kind: 'error';
  readonly atMs: number;
  readonly where: string;
  readonly message: string;
}

export type TimelineEntry =
  | SessionEntry
  | ManifestEntry
  | MarkerEntry
  | AdsRequestEntry
  | PlanEntry
  | SegmentEntry
  | BeaconEntry
  | TrackingEntry
  | ErrorEntry;

export type TimelineEntryKind = TimelineEntry['kind'];

/** A stored entry: its position in the session's record (1, 2, 3 … never reused). */
export type NumberedEntry = TimelineEntry & { readonly seq: number };
