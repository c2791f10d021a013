/**
 * Helpers of the session-rule tests (core/session): a session record and state, creatives and
 * decisions answered by hand, live windows with a CUE-OUT, and one media request run through
 * openHlsMedia → recordAvailDecision → finishHlsMedia, as the SessionObject runs it.
 */
import type { CreativeSummary } from '../../src/core/avails/plan.ts';
import type { CreativeMedia } from '../../src/core/creatives/creative-media.ts';
import type { Rendition } from '../../src/core/hls/multivariant.ts';
import { recordAvailDecision } from '../../src/core/session/decisions.ts';
import type { AvailDecisionResult, AvailRequest } from '../../src/core/session/decision-types.ts';
import type { SessionEffect } from '../../src/core/session/effects.ts';
import { finishHlsMedia, openHlsMedia } from '../../src/core/session/hls-media.ts';
import { parseInitBody } from '../../src/core/session/parse-init.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import type { VastInlineAd } from '../../src/core/vast/index.ts';
import { parseVast } from '../../src/core/vast/parse-vast.ts';

export const VIDEO: Rendition = { index: 0, kind: 'variant', originUrl: 'https://origin.example/live/v0.m3u8', bandwidth: 2_000_000, width: 1280, height: 720 };
export const IFRAME: Rendition = { index: 1, kind: 'iframe', originUrl: 'https://origin.example/live/iframe.m3u8' };

export function record(over: Partial<SessionRecord> = {}, body = '{}'): SessionRecord {
  const params = parseInitBody(body);
  if (!params.ok) throw new Error(params.error);
  return {
    sessionId: '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', accountId: 'acct', configName: 'cfg',
    config: { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example/live', AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]&i=[avail.index]&ua=[session.user_agent]' },
    assetPath: 'live/master.m3u8', originUrl: 'https://origin.example/live/master.m3u8', kind: 'implicit', sessionType: 'HLS', serverBeacons: true,
    params: params.value, client: { userAgent: 'Player/1.0', ip: '203.0.113.9' }, createdAtMs: 0, selfOrigin: 'https://ssai.example', ...over,
  };
}

export function state(r = record()): SessionState {
  const s = newSessionState(r);
  s.renditions = [VIDEO, IFRAME];
  return s;
}

export const creative = (key: string, durations: number[]): CreativeMedia => ({
  creativeKey: key, source: 'streaming', sourceUrl: `https://cdn.example/${key}/index.m3u8`,
  renditions: [{ kind: 'video', bandwidth: 1_500_000, height: 720, segments: durations.map((d, i) => ({ uri: `https://cdn.example/${key}/s${i}.ts`, durationSec: d })) }],
  refDurationsSec: durations, durationSec: durations.reduce((a, b) => a + b, 0),
});
export const summary = (m: CreativeMedia): CreativeSummary => ({ creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec });
/** An inline ad parsed from VAST 4.2: impression, start and complete trackers, creative `c-{id}`, 10 s. */
export function ad(id: string): VastInlineAd {
  const r = parseVast(`<VAST version="4.2"><Ad id="${id}"><InLine><AdSystem>T</AdSystem><AdTitle>${id}</AdTitle>
    <Impression>https://t.example/imp?ad=${id}</Impression><Creatives><Creative id="c-${id}"><Linear><Duration>00:00:10</Duration>
    <TrackingEvents><Tracking event="start">https://t.example/start?ad=${id}</Tracking><Tracking event="complete">https://t.example/complete?ad=${id}</Tracking></TrackingEvents>
    <MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://cdn.example/${id}/index.m3u8</MediaFile></MediaFiles>
    </Linear></Creative></Creatives></InLine></Ad></VAST>`);
  const a = r.ok ? r.document.ads[0] : undefined;
  if (a?.kind !== 'inline') throw new Error('test VAST did not parse');
  return a;
}

export function decision(s: SessionState, keys: string[]): AvailDecisionResult {
  const media = keys.map((k) => creative(k, [2, 2, 2, 2, 2]));
  for (const m of media) putCreative(s, m);
  return {
    trace: { adsRequestUrl: 'https://ads.example/vast', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 1, finishedAtMs: 2 },
    candidates: media.map((m, i) => ({ ad: ad(keys[i] as string), wrapperDepth: 0, vastDurationSec: 10, creative: summary(m) })),
    breakTracking: {},
  };
}

/** A live window of 2 s segments from `first` with a 20 s CUE-OUT at `breakAt`. */
export function live(first: number, n: number, breakAt: number): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let q = first; q < first + n; q++) {
    if (q === breakAt) lines.push('#EXT-X-CUE-OUT:20.000');
    if (q === breakAt + 10) lines.push('#EXT-X-CUE-IN');
    lines.push('#EXTINF:2.000,', `seg${q}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

export const of = <K extends SessionEffect['kind']>(effects: readonly SessionEffect[], kind: K): Extract<SessionEffect, { kind: K }>[] =>
  effects.filter((e): e is Extract<SessionEffect, { kind: K }> => e.kind === kind);

/** One media request: open, answer the decisions it asks for with `decide`, finish. */
export function serve(s: SessionState, text: string, decide: (a: AvailRequest) => AvailDecisionResult | undefined, rendition = VIDEO) {
  const opened = openHlsMedia(s, { rendition, originText: text, random: () => 0.25 });
  if (!opened.ok) throw new Error(opened.error.kind);
  for (const e of of(opened.value.effects, 'decide-avail')) {
    const d = decide(e.avail);
    if (d) recordAvailDecision(s, e.avail, d, 3);
  }
  return { asked: opened.value.effects, ...finishHlsMedia(s, opened.value.opened, { nowMs: 4, newId: ids() }) };
}
export const ids = (): (() => string) => {
  let n = 0;
  return () => `id-${++n}`;
};

