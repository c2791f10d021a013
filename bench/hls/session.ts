/**
 * @module bench/hls/session
 * The personalization path the HLS benchmark times: the session rules a SessionObject runs for
 * one media playlist request (core/session/hls-media): `openHlsMedia` (parse, detect, register in
 * the session ledger) → the ADS decisions it asks for, answered at once with a prepared result
 * through the real fill rules (`recordAvailDecision`) → `finishHlsMedia` (settle, stitch, log the
 * placed decisions, keep the state bounded). The session reports server-side, so every ad slot is
 * a `/v1/segment` route URL. Origin fetch, ADS round trip and storage are I/O, not timed. Pure.
 */
import type { CreativeSummary } from '../../src/core/avails/plan.ts';
import type { CreativeMedia } from '../../src/core/creatives/creative-media.ts';
import type { Rendition } from '../../src/core/hls/multivariant.ts';
import { recordAvailDecision } from '../../src/core/session/decisions.ts';
import type { AvailDecisionResult } from '../../src/core/session/decision-types.ts';
import { finishHlsMedia, openHlsMedia } from '../../src/core/session/hls-media.ts';
import { parseInitBody } from '../../src/core/session/parse-init.ts';
import type { SessionRecord } from '../../src/core/session/session-record.ts';
import { newSessionState, putCreative, type SessionState } from '../../src/core/session/state.ts';
import type { VastInlineAd } from '../../src/core/vast/index.ts';

const ORIGIN_PLAYLIST_URL = 'https://origin.example.com/out/v1/7f3c/news/index_720p.m3u8';
/** What relative content URIs resolve against (for the minimal-rewrite baseline). */
export const ORIGIN_DIR = ORIGIN_PLAYLIST_URL.slice(0, ORIGIN_PLAYLIST_URL.lastIndexOf('/') + 1);
/** Marks ad segment URIs in the output (for the checks). */
export const AD_SEGMENT_MARK = '/segment/';

const RENDITION: Rendition = { index: 2, kind: 'variant', originUrl: ORIGIN_PLAYLIST_URL, bandwidth: 2_500_000, width: 1280, height: 720 };

function record(): SessionRecord {
  const params = parseInitBody('{"manifestParams": {"device": "ctv"}}');
  if (!params.ok) throw new Error(params.error);
  return {
    sessionId: '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10',
    accountId: 'acct-1',
    configName: 'news-cfg',
    config: { Name: 'news-cfg', VideoContentSourceUrl: 'https://origin.example.com/out/v1/7f3c', AdDecisionServerUrl: 'https://ads.example.com/vast?s=[session.id]' },
    assetPath: 'news/index.m3u8',
    originUrl: 'https://origin.example.com/out/v1/7f3c/news/index.m3u8',
    kind: 'implicit',
    sessionType: 'HLS',
    serverBeacons: true,
    params: params.value,
    client: { userAgent: 'bench' },
    createdAtMs: 0,
    selfOrigin: 'https://ssai.example.com',
  };
}

/** Segment durations of a creative transcoded to the content's segment length (last one shorter). */
function cut(totalSec: number, segmentSec: number): number[] {
  const out: number[] = [];
  for (let left = totalSec; left > 0; left -= segmentSec) out.push(Math.min(segmentSec, left));
  return out;
}

function creative(key: string, durations: number[]): CreativeMedia {
  return {
    creativeKey: key,
    source: 'streaming',
    sourceUrl: `https://ads-cdn.example.com/t/${key}/index.m3u8`,
    renditions: [{ kind: 'video', bandwidth: 2_000_000, width: 1280, height: 720, segments: durations.map((d, i) => ({ uri: `https://ads-cdn.example.com/t/${key}/720p/seg${i}.ts`, durationSec: d })) }],
    refDurationsSec: durations,
    durationSec: durations.reduce((a, b) => a + b, 0),
  };
}

const summary = (m: CreativeMedia): CreativeSummary => ({ creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec });

function inlineAd(id: string, durationSec: number): VastInlineAd {
  return { kind: 'inline', id, impressions: [{ url: `https://ads.example.com/imp/${id}` }], creatives: [{ id: `cr-${id}`, linear: { durationSec, mediaFiles: [], trackingEvents: {} } }], errors: [], extensions: [] } as unknown as VastInlineAd;
}

/** Every break gets the same decision: a 30 s ad, a 15 s ad, then looping slate. */
function decision(segmentSec: number): { result: AvailDecisionResult; creatives: CreativeMedia[] } {
  const a = creative('c-30s-a', cut(30, segmentSec));
  const b = creative('c-15s-b', cut(15, segmentSec));
  const slate = creative('slate', cut(Math.max(4, segmentSec), segmentSec));
  const trace = { adsRequestUrl: 'https://ads.example.com/vast', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 1 };
  return {
    creatives: [a, b, slate],
    result: {
      trace,
      candidates: [
        { ad: inlineAd('a', 30), wrapperDepth: 0, vastDurationSec: 30, creative: summary(a) },
        { ad: inlineAd('b', 15), wrapperDepth: 0, vastDurationSec: 15, creative: summary(b) },
      ],
      breakTracking: {},
      slate: summary(slate),
    },
  };
}

export interface BenchSession {
  readonly state: SessionState;
  /** One media playlist request: the full personalization of `originText` for this rendition. */
  personalize(originText: string): string;
}

let ids = 0;
const newId = (): string => `id-${++ids}`;
const random = (): number => 0.5;

export function newSession(segmentSec: number): BenchSession {
  const state = newSessionState(record());
  state.renditions = [RENDITION, RENDITION, RENDITION];
  const { result, creatives } = decision(segmentSec);
  for (const c of creatives) putCreative(state, c);
  return {
    state,
    personalize(originText: string): string {
      const opened = openHlsMedia(state, { rendition: RENDITION, originText, random });
      if (!opened.ok) throw new Error(opened.error.kind);
      for (const e of opened.value.effects) if (e.kind === 'decide-avail') recordAvailDecision(state, e.avail, result, 0);
      const text = finishHlsMedia(state, opened.value.opened, { nowMs: 0, newId }).text;
      // The writer returns a rope; reading a character flattens it, as writing the response does,
      // so the time of the flattening is counted (the baselines' joins are flat already).
      text.charCodeAt(text.length >> 1);
      return text;
    },
  };
}

/** Steady state: a session that has already served this window (ledger knows every break and plan). */
export function warmSession(originText: string, segmentSec: number): BenchSession {
  const s = newSession(segmentSec);
  s.personalize(originText);
  return s;
}

/** First request of a session: a fresh state every time. */
export function coldPersonalize(originText: string, segmentSec: number): string {
  return newSession(segmentSec).personalize(originText);
}
