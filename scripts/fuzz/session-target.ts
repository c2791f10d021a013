/**
 * @module scripts/fuzz/session-target
 * The whole HLS personalization of a session as one fuzz entry point: the input is an origin
 * media playlist; a live session (server-side reporting, slate) reads it, every avail it asks for
 * gets a 3-segment ad and slate, it is stitched, then reloaded once more (the warm path), and a
 * few ad segment requests claim beacons. Everything the session rules do with origin input.
 */
import type { CreativeMedia } from '../../src/core/creatives/creative-media.ts';
import type { Rendition } from '../../src/core/hls/multivariant.ts';
import { adSegment } from '../../src/core/session/ad-segment.ts';
import { recordAvailDecision } from '../../src/core/session/decisions.ts';
import type { AvailDecisionResult } from '../../src/core/session/decision-types.ts';
import { finishHlsMedia, openHlsMedia } from '../../src/core/session/hls-media.ts';
import { parseInitBody } from '../../src/core/session/parse-init.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import type { VastInlineAd } from '../../src/core/vast/index.ts';

const RENDITION: Rendition = { index: 0, kind: 'variant', originUrl: 'https://origin.example/live/v0.m3u8', bandwidth: 2_000_000 };
const params = parseInitBody('{}');

/** A live session with server-side beacons on the origin `https://origin.example/live` (the DASH target's too). */
export function fuzzRecord(sessionType: SessionRecord['sessionType'], assetPath: string): SessionRecord {
  if (!params.ok) throw new Error(params.error);
  return {
    sessionId: '00000000-0000-4000-8000-000000000000',
    accountId: 'a',
    configName: 'c',
    config: { Name: 'c', VideoContentSourceUrl: 'https://origin.example/live', AdDecisionServerUrl: 'https://ads.example/v?d=[session.avail_duration_secs]' },
    assetPath,
    originUrl: `https://origin.example/live/${assetPath}`,
    kind: 'implicit',
    sessionType,
    serverBeacons: true,
    params: params.value,
    client: {},
    createdAtMs: 0,
    selfOrigin: 'https://ssai.example',
  };
}

/** The one ad every avail gets, and the trace of its decision. */
export const FUZZ_AD = {
  kind: 'inline',
  id: 'a',
  impressions: [{ url: 'https://t.example/i' }],
  creatives: [{ id: 'c', linear: { durationSec: 10, mediaFiles: [], trackingEvents: {} } }],
  errors: [],
  extensions: [],
} as unknown as VastInlineAd;
export const FUZZ_TRACE = { adsRequestUrl: 'https://ads.example/v', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 1 };

const media = (key: string, durations: number[]): CreativeMedia => ({
  creativeKey: key,
  source: 'streaming',
  sourceUrl: `https://cdn.example/${key}.m3u8`,
  renditions: [{ kind: 'video', bandwidth: 1, segments: durations.map((d, i) => ({ uri: `https://cdn.example/${key}/${i}.ts`, durationSec: d })) }],
  refDurationsSec: durations,
  durationSec: durations.reduce((a, b) => a + b, 0),
});
const AD = media('ad', [4, 4, 2]);
const SLATE = media('slate', [2]);
const DECISION: AvailDecisionResult = {
  trace: FUZZ_TRACE,
  candidates: [{ ad: FUZZ_AD, wrapperDepth: 0, vastDurationSec: 10, creative: { creativeKey: 'ad', source: 'streaming', sourceUrl: AD.sourceUrl, refDurationsSec: AD.refDurationsSec } }],
  breakTracking: {},
  slate: { creativeKey: 'slate', source: 'streaming', sourceUrl: SLATE.sourceUrl, refDurationsSec: SLATE.refDurationsSec },
};

function request(state: SessionState, text: string, n: number): unknown {
  const opened = openHlsMedia(state, { rendition: RENDITION, originText: text, random: () => 0.5 });
  if (!opened.ok) return opened.error;
  for (const e of opened.value.effects) if (e.kind === 'decide-avail') recordAvailDecision(state, e.avail, DECISION, n);
  let id = 0;
  return finishHlsMedia(state, opened.value.opened, { nowMs: n, newId: () => `id${++id}` }).text.length;
}

export function personalizeTwice(text: string): unknown {
  const state = newSessionState(fuzzRecord('HLS', 'm.m3u8'));
  state.renditions = [RENDITION];
  putCreative(state, AD);
  putCreative(state, SLATE);
  const out = [request(state, text, 1), request(state, text, 2)];
  for (const b of state.ledger.breaks.slice(0, 4)) {
    if (b.outStartSeq !== undefined) out.push(adSegment(state, { index: 0, seq: b.outStartSeq, client: {}, probe: false, nowMs: 3, cacheBusting: '0', requestId: 'r' }).ok);
  }
  return out;
}
