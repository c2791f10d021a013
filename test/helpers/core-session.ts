/**
 * A playback session driven through the pure session rules (core/session) the way the
 * SessionObject drives them, with its I/O in memory: the origin's playlists are given, the ad
 * server is a scripted one (test/helpers/scripted-ad-server), creatives are made up from their
 * VAST ids, beacon endpoints answer as the test says. Collects every ad-log event the session
 * emits, so tests can project them into the three formats.
 */
import type { Candidate } from '../../src/core/avails/plan.ts';
import type { CreativeMedia } from '../../src/core/creatives/creative-media.ts';
import type { AdLogEvent } from '../../src/core/logs/events.ts';
import { adSegment } from '../../src/core/session/ad-segment.ts';
import { beaconAttempted } from '../../src/core/session/beacon-log.ts';
import { availAds, recordAvailDecision, vodScheduleBreaks } from '../../src/core/session/decisions.ts';
import type { AvailDecisionResult, DecisionTrace, VodScheduleResult } from '../../src/core/session/decision-types.ts';
import type { QueuedBeacon, SessionEffect } from '../../src/core/session/effects.ts';
import { finishHlsMedia, openHlsMedia } from '../../src/core/session/hls-media.ts';
import { serveMultivariant } from '../../src/core/session/master.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import type { BeaconOutcome } from '../../src/core/beacons/index.ts';
import type { ResolvedAd } from '../../src/core/vast/index.ts';
import type { ScriptedAdServer } from './scripted-ad-server.ts';

export const SEGMENT_SEC = 2;

export function testRecord(adsUrl: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    sessionId: '5e0c7a52-2f4b-4c1d-9a7e-3b8d6f1e2a90',
    accountId: 'acct',
    configName: 'cfg',
    config: { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example', AdDecisionServerUrl: adsUrl, LogConfiguration: { AdLogFormats: ['mediatailor', 'brightcove', 'uplynk'] } },
    assetPath: 'movie/master.m3u8',
    originUrl: 'https://origin.example/movie/master.m3u8',
    kind: 'implicit',
    sessionType: 'HLS',
    serverBeacons: true,
    params: { playerParams: {}, manifestParams: [], originParams: [], features: {}, warnings: [] },
    client: { userAgent: 'Player/1.0', ip: '203.0.113.9' },
    createdAtMs: 0,
    selfOrigin: 'https://edge.example',
    ...overrides,
  };
}

export const MASTER = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000000,RESOLUTION=640x360\nv1/index.m3u8\n';

/** A VOD media playlist of `count` 2 s segments; `cueOutAt` are insertion points (CUE-OUT:0 + CUE-IN before that segment). */
export function vodPlaylist(count: number, cueOutAt: readonly number[] = []): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${SEGMENT_SEC}`, '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-MEDIA-SEQUENCE:0'];
  for (let i = 0; i < count; i++) {
    if (cueOutAt.includes(i)) lines.push('#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN');
    lines.push(`#EXTINF:${SEGMENT_SEC}.000,`, `seg${i}.ts`);
  }
  lines.push('#EXT-X-ENDLIST', '');
  return lines.join('\n');
}

/** Every ad is 10 s of 2 s segments, packaged at a made-up CDN under its VAST creative id. */
function creativeOf(ad: ResolvedAd): CreativeMedia {
  const key = ad.ad.creatives.find((c) => c.linear)?.id ?? ad.ad.id ?? 'ad';
  const segments = Array.from({ length: 5 }, (_, i) => ({ uri: `https://cdn.example/${key}/v1/seg${i}.ts`, durationSec: SEGMENT_SEC }));
  return {
    creativeKey: key,
    source: 'streaming',
    sourceUrl: `https://cdn.example/${key}/master.m3u8`,
    renditions: [{ kind: 'video', bandwidth: 1_000_000, width: 640, height: 360, segments }],
    refDurationsSec: segments.map((s) => s.durationSec),
    durationSec: 10,
  };
}

export class CoreSession {
  readonly state: SessionState;
  readonly events: AdLogEvent[] = [];
  /** Beacons claimed and not yet sent (the durable outbox). */
  queued: QueuedBeacon[] = [];
  /** Segment request id that claimed each beacon (by pending id), as the test saw it. */
  readonly claimedBy = new Map<string, string>();
  nowMs = 1_700_000_000_000;
  #ids = 0;

  constructor(
    record: SessionRecord,
    readonly server: ScriptedAdServer,
  ) {
    this.state = newSessionState(record);
    serveMultivariant(this.state, MASTER);
  }

  readonly newId = (): string => `00000000-0000-4000-8000-${String(++this.#ids).padStart(12, '0')}`;

  /** One media playlist request: the decisions it asks for run to the end before it is finished. */
  async media(originText: string): Promise<string> {
    const rendition = this.state.renditions?.[0];
    if (!rendition) throw new Error('no rendition');
    const opened = openHlsMedia(this.state, { rendition, originText, random: () => 0.5 });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    const vodSchedule = await this.answer(opened.value.effects);
    const done = finishHlsMedia(this.state, opened.value.opened, { nowMs: this.nowMs, newId: this.newId, ...(vodSchedule ? { vodSchedule } : {}) });
    this.run(done.effects);
    return done.text;
  }

  /** `/v1/segment/…/{seq}` of rendition 0 with request id `requestId`; the beacons it claims are queued. */
  segment(seq: number, requestId: string): string {
    const r = adSegment(this.state, { index: 0, seq, client: this.state.record.client, probe: false, nowMs: this.nowMs, cacheBusting: '12345678', requestId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    for (const e of r.value.effects) if (e.kind === 'send-beacons') for (const q of e.beacons) this.claimedBy.set(q.beacon.id, requestId);
    this.run(r.value.effects);
    return r.value.url;
  }

  /** One attempt of every queued beacon; `outcome` decides what its endpoint answered. Retries stay queued. */
  sendBeacons(outcome: (q: QueuedBeacon) => BeaconOutcome = () => ({ kind: 'response', status: 204 })): void {
    const pending = this.queued;
    this.queued = [];
    for (const q of pending) {
      const { decision, event } = beaconAttempted(this.state, { ...q, outcome: outcome(q), startedAtMs: this.nowMs, finishedAtMs: this.nowMs + 40 }, this.newId);
      this.events.push(event);
      if (decision.action === 'retry') this.queued.push({ ...q, beacon: decision.state });
    }
  }

  /** Output sequence numbers of the ad segments (`/v1/segment/` URIs) of a stitched playlist. */
  static adSegmentSeqs(text: string): number[] {
    return text
      .split('\n')
      .filter((l) => l.includes('/segment/'))
      .map((l) => Number(l.split('?')[0]?.split('/').pop()));
  }

  protected run(effects: readonly SessionEffect[]): void {
    for (const e of effects) {
      if (e.kind === 'log') this.events.push(...e.events);
      if (e.kind === 'send-beacons') this.queued.push(...e.beacons);
    }
  }

  /** Runs the decisions a request asks for (recorded in the state); the VOD schedule, if it asks for one. */
  protected async answer(effects: readonly SessionEffect[]): Promise<VodScheduleResult | undefined> {
    let vodSchedule: VodScheduleResult | undefined;
    for (const e of effects) {
      if (e.kind === 'decide-avail') recordAvailDecision(this.state, e.avail, await this.decide(e.request.url), this.nowMs);
      if (e.kind === 'decide-vod-schedule') vodSchedule = await this.schedule(e.request.url, e.contentDurationSec);
    }
    return vodSchedule;
  }

  protected async decide(url: string): Promise<AvailDecisionResult> {
    const startedAtMs = this.nowMs;
    const resolution = await this.server.resolve(url);
    const { ads, breakTracking } = availAds(resolution);
    return { trace: this.trace(url, startedAtMs, resolution), candidates: ads.map((a) => this.candidate(a)), breakTracking };
  }

  protected async schedule(url: string, contentDurationSec: number): Promise<VodScheduleResult> {
    const startedAtMs = this.nowMs;
    const resolution = await this.server.resolve(url);
    return {
      trace: this.trace(url, startedAtMs, resolution),
      breaks: vodScheduleBreaks(resolution, contentDurationSec).map((b) => ({
        offsetSec: b.offsetSec,
        ...(b.vmapBreakIndex !== undefined ? { vmapBreakIndex: b.vmapBreakIndex } : {}),
        candidates: b.ads.map((a) => this.candidate(a)),
        breakTracking: b.breakTracking,
      })),
    };
  }

  protected trace(url: string, startedAtMs: number, resolution: DecisionTrace['resolution']): DecisionTrace {
    return { adsRequestUrl: url, unresolvedVariables: [], requestHeaders: { 'User-Agent': 'Player/1.0' }, ...(resolution ? { resolution } : {}), startedAtMs, finishedAtMs: startedAtMs + 120 };
  }

  /** The candidate of a resolved ad, its creative stored in the session (HLS: made up from its ids). */
  protected candidate(a: ResolvedAd): Candidate {
    const media = creativeOf(a);
    putCreative(this.state, media);
    return {
      ad: a.ad,
      ...(a.sequence !== undefined ? { sequence: a.sequence } : {}),
      wrapperDepth: a.depth,
      vastDurationSec: 10,
      creative: { creativeKey: media.creativeKey, source: media.source, sourceUrl: media.sourceUrl, refDurationsSec: media.refDurationsSec },
    };
  }
}
