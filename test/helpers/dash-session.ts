/**
 * A pure DASH session for unit tests: the SessionObject's `dash` request without I/O. A session
 * record, the demo's DASH creatives read as a session would (core/creatives/dash-creative), and
 * `serve(originText)`: openDashMedia → the ad decisions it asks for, answered here by
 * `decide(avail)` through the same fill rules (recordAvailDecision) → finishDashMedia.
 */
import type { Candidate } from '../../src/core/avails/plan.ts';
import type { PlaybackConfiguration } from '../../src/core/config/playback-configuration.ts';
import { dashCreativeFromMpd, type DashCreativeMedia } from '../../src/core/creatives/dash-creative.ts';
import { childElements, parseMpd, textContent } from '../../src/core/dash/index.ts';
import type { AvailRequest, OverlayDecisionResult, VodScheduleResult } from '../../src/core/session/decision-types.ts';
import { recordAvailDecision, recordOverlayDecision } from '../../src/core/session/decisions.ts';
import { finishDashMedia, openDashMedia } from '../../src/core/session/dash-media.ts';
import type { SessionEffect } from '../../src/core/session/effects.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import { parseVast } from '../../src/core/vast/parse-vast.ts';
import type { VastInlineAd } from '../../src/core/vast/model.ts';
import { dashCatalogItem } from '../../demo/dash-catalog.ts';
import { dashCreativeMpd } from '../../demo/dash-origin.ts';

export const SELF = 'https://edge.example';
export const SID = '0f3c6f1e-2b7a-4c1d-9e8f-123456789abc';

export function dashRecord(config: Partial<PlaybackConfiguration> = {}, serverBeacons = true): SessionRecord {
  return {
    sessionId: SID,
    accountId: 'acct',
    configName: 'cfg',
    config: { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example/out', AdDecisionServerUrl: 'https://ads.example/vast', ...config },
    assetPath: 'live/index.mpd',
    originUrl: 'https://origin.example/out/live/index.mpd',
    kind: 'implicit',
    sessionType: 'DASH',
    serverBeacons,
    params: { playerParams: {}, manifestParams: [], originParams: [], features: {}, warnings: [] },
    client: { userAgent: 'UnitPlayer/1.0', ip: '203.0.113.9' },
    createdAtMs: 0,
    selfOrigin: SELF,
  };
}

/** A demo ad or the slate as a DASH session loads it (creative MPD at `https://ads.example/{key}/manifest.mpd`). */
export function demoDashCreative(key: string): DashCreativeMedia {
  const item = dashCatalogItem(key);
  const mpd = item ? parseMpd(dashCreativeMpd(item)) : undefined;
  if (!item || !mpd?.ok) throw new Error(`no demo creative ${key}`);
  const r = dashCreativeFromMpd(`d-${key}`, 'streaming', `https://ads.example/${key}/manifest.mpd`, mpd.value, `https://ads.example/${key}/manifest.mpd`);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** An inline VAST ad with the six linear beacons at `https://beacons.example/{id}/{event}`. */
export function vastAd(id: string, durationSec: number): VastInlineAd {
  const ev = (e: string): string => `<Tracking event="${e}"><![CDATA[https://beacons.example/${id}/${e}]]></Tracking>`;
  const doc = parseVast(
    `<VAST version="4.2"><Ad id="${id}"><InLine><AdSystem>t</AdSystem><AdTitle>${id}</AdTitle><Impression><![CDATA[https://beacons.example/${id}/impression]]></Impression><Creatives><Creative id="${id}"><Linear><Duration>00:00:${String(durationSec).padStart(2, '0')}</Duration><TrackingEvents>${['start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete'].map(ev).join('')}</TrackingEvents><MediaFiles><MediaFile delivery="streaming" type="application/dash+xml"><![CDATA[https://ads.example/${id}/manifest.mpd]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>`,
  );
  const ad = doc.ok ? doc.document.ads[0] : undefined;
  if (ad?.kind !== 'inline') throw new Error('VAST');
  return ad;
}

/** The candidates of a pod of demo creatives, stored in the session as the loader would. */
export function pod(state: SessionState, keys: readonly string[]): Candidate[] {
  return keys.map((key, i) => {
    const media = demoDashCreative(key);
    putCreative(state, media);
    return {
      ad: vastAd(`${key}-${i + 1}`, media.durationSec),
      wrapperDepth: 0,
      vastDurationSec: media.durationSec,
      creative: { creativeKey: media.creativeKey, source: media.source, sourceUrl: media.sourceUrl, refDurationsSec: media.refDurationsSec },
    };
  });
}

/**
 * A bumper (or any short clip) cut from a demo creative: the segments of each rendition that start
 * in the first `seconds`, under its own creative key and URL (`https://ads.example/{key}/manifest.mpd`).
 * `kinds` keeps only those media types (a bumper without audio).
 */
export function demoDashClip(key: string, seconds: number, from = 'ad-10s', kinds: readonly string[] = ['video', 'audio', 'text']): DashCreativeMedia {
  const m = demoDashCreative(from);
  const cut = (durations: readonly number[], timescale: number): number[] => {
    const out: number[] = [];
    let t = 0;
    for (const d of durations) {
      if (t / timescale >= seconds - 1e-9) break;
      out.push(d);
      t += d;
    }
    return out;
  };
  const renditions = m.creative.renditions
    .filter((r) => kinds.includes(r.kind))
    .map((r) => (r.segments.kind === 'template' ? { ...r, segments: { ...r.segments, segmentDurations: cut(r.segments.segmentDurations, r.timescale) } } : r));
  const ref = renditions.find((r) => r.kind === 'video');
  const refDurationsSec = ref && ref.segments.kind === 'template' ? ref.segments.segmentDurations.map((d) => d / ref.timescale) : [];
  const sourceUrl = `https://ads.example/${key}/manifest.mpd`;
  return {
    ...m,
    creativeKey: key,
    sourceUrl,
    refDurationsSec,
    durationSec: refDurationsSec.reduce((a, b) => a + b, 0),
    creative: { ...m.creative, id: key, renditions, baseUrl: `https://ads.example/${key}/` },
  };
}

export type Decide = (avail: AvailRequest, state: SessionState) => readonly string[] | 'hold';

/** Start and end bumpers a session's decisions get, as the platform loads them (`Bumper.StartUrl` / `EndUrl`). */
export interface DashBumpers {
  readonly start?: DashCreativeMedia;
  readonly end?: DashCreativeMedia;
}

const summaryOf = (m: DashCreativeMedia) => ({ creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec });

export class DashSession {
  readonly state: SessionState;
  readonly asked: AvailRequest[] = [];
  readonly logged: unknown[] = [];
  readonly effects: SessionEffect[] = [];
  /** Overlay avails asked about (kept apart from `asked`, the linear avails). */
  readonly askedOverlays: AvailRequest[] = [];
  /** The ad server's answer to an overlay avail: by default a response with no non-linear ad. */
  overlayAnswer: (a: AvailRequest) => OverlayDecisionResult = (a) => ({
    trace: { adsRequestUrl: `https://ads.example/overlay/${a.key}`, unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 0 },
    offer: { ads: [], nonLinearBreak: false },
    breakTracking: {},
  });
  #ids = 0;

  constructor(
    record: SessionRecord,
    private readonly decide: Decide,
    private readonly slate?: string,
    private readonly bumpers?: DashBumpers,
  ) {
    this.state = newSessionState(record);
  }

  /** One MPD request; `vodSchedule` answers a `decide-vod-schedule` effect. */
  serve(originText: string, nowMs = 0, vodSchedule?: (s: SessionState) => VodScheduleResult): string {
    const opened = openDashMedia(this.state, { originText, originUrl: this.state.record.originUrl, random: () => 0.5 });
    if (!opened.ok) throw new Error(opened.error.kind === 'origin-invalid' ? opened.error.message : opened.error.kind);
    let schedule: VodScheduleResult | undefined;
    for (const e of opened.value.effects) {
      if (e.kind === 'decide-vod-schedule' && vodSchedule) schedule = vodSchedule(this.state);
      if (e.kind !== 'decide-avail') continue;
      if (e.avail.overlay) {
        this.askedOverlays.push(e.avail);
        recordOverlayDecision(this.state, e.avail, this.overlayAnswer(e.avail), nowMs);
        continue;
      }
      this.asked.push(e.avail);
      const keys = this.decide(e.avail, this.state);
      if (keys === 'hold') continue;
      const slate = this.slate ? demoDashCreative(this.slate) : undefined;
      if (slate) putCreative(this.state, slate);
      const { start, end } = this.bumpers ?? {};
      for (const b of [start, end]) if (b) putCreative(this.state, b);
      recordAvailDecision(
        this.state,
        e.avail,
        {
          trace: { adsRequestUrl: e.request.url, unresolvedVariables: [], requestHeaders: {}, startedAtMs: nowMs, finishedAtMs: nowMs },
          candidates: pod(this.state, keys),
          breakTracking: {},
          ...(slate ? { slate: summaryOf(slate) } : {}),
          ...(start || end ? { bumpers: { ...(start ? { start: { creative: summaryOf(start) } } : {}), ...(end ? { end: { creative: summaryOf(end) } } : {}) } } : {}),
        },
        nowMs,
      );
    }
    const done = finishDashMedia(this.state, opened.value.opened, { nowMs, newId: () => `id-${++this.#ids}`, ...(schedule ? { vodSchedule: schedule } : {}) });
    this.effects.push(...done.effects);
    for (const e of done.effects) if (e.kind === 'log') this.logged.push(...e.events);
    // As the SessionObject saves and loads it: structured data only.
    if (this.state.dash) this.state.dash = structuredClone(this.state.dash);
    return done.text;
  }
}

/** A period of a served MPD, as the session-rule tests read it: id, start, duration, its own BaseURL. */
export interface ServedPeriod {
  id: string;
  start: number;
  duration?: number;
  base?: string;
}

export function servedPeriods(text: string): ServedPeriod[] {
  const r = parseMpd(text);
  if (!r.ok) throw new Error(r.error.message);
  const els = childElements(r.value.doc.root, 'Period');
  return r.value.periods.map((p, i) => {
    const b = els[i] ? childElements(els[i], 'BaseURL')[0] : undefined;
    return { id: p.id ?? '', start: p.startSec, ...(p.durationSec !== undefined ? { duration: p.durationSec } : {}), ...(b ? { base: textContent(b) } : {}) };
  });
}
