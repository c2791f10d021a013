/**
 * @module platform/ad-decision
 * Runs the ADS request of one avail (effect `decide-avail` of core/session): the request the
 * session rules built, wrappers resolved by the core resolver with MediaTailor's limits (7 hops,
 * 3 s per request, 10 s per avail), then each ad's media and the slate loaded. Never throws: every
 * failure is a result without candidates, and the rules turn it into content or slate
 * (docs/architecture.md "Failure policy"). Runs in the SessionObject, once per (session, avail).
 */
import type { BumperInput, BumperMedia } from '../core/avails/bumpers.ts';
import { availAds, vodScheduleBreaks } from '../core/session/decisions.ts';
import type { AdsRequestSpec, AvailDecisionResult, DecisionTrace, OverlayDecisionResult, VodScheduleResult } from '../core/session/decision-types.ts';
import { overlayOffer } from '../core/avails/overlays.ts';
import type { Candidate, CreativeSummary } from '../core/avails/plan.ts';
import type { SessionCreative } from '../core/creatives/dash-creative.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { loggableResponseHeaders } from '../core/logs/http-headers.ts';
import type { AdsExchange } from '../core/timeline/facts.ts';
import { resolveAdResponse, type AdResolution, type FetchAdXml, type HttpMeasure, type ResolvedAd } from '../core/vast/index.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { loadCreativeForAd, loadSlate, type CreativeLoader, type CreativeOutcome } from './creatives.ts';
import { fetchText, upstreamUrlCheck, type UpstreamResult } from './upstream.ts';

export const ADS_REQUEST_TIMEOUT_MS = 3_000;
export const AVAIL_BUDGET_MS = 10_000;

export interface DecisionDeps {
  readonly env: Env;
  readonly record: SessionRecord;
  readonly loader: CreativeLoader;
  readonly nowMs: () => number;
  /** Told of every HTTP exchange with the ad server (the session's timeline and metrics). */
  readonly observe?: (x: AdsExchange, root: boolean) => void;
}

/** One ADS call for one avail, then its candidates' media. */
export async function runAvailDecision(deps: DecisionDeps, req: AdsRequestSpec, budgetMs = AVAIL_BUDGET_MS): Promise<AvailDecisionResult> {
  const startedAtMs = deps.nowMs();
  const [slateLoad, bumpers] = await Promise.all([loadConfiguredSlate(deps), loadConfiguredBumpers(deps)]);
  const slate = slateLoad?.ok ? summary(slateLoad.media) : undefined;
  const slateProblem = slateLoad && !slateLoad.ok ? { slateProblem: `${slateLoad.skip}: ${slateLoad.message}` } : {};
  const fillers = { ...(slate ? { slate } : {}), ...(bumpers ? { bumpers } : {}) };
  if (!req.ok) return { trace: { ...traceOf(deps, req, startedAtMs, { failure: req.error }), ...slateProblem }, candidates: [], breakTracking: {}, ...fillers };
  const resolution = await resolve(deps, req, budgetMs);
  const { ads, breakTracking } = availAds(resolution);
  const candidates = await Promise.all(ads.map((a) => candidateFor(deps.loader, a)));
  return { trace: { ...traceOf(deps, req, startedAtMs, { resolution }), ...slateProblem }, candidates, breakTracking, ...fillers };
}

/** One ADS call for an overlay avail: its non-linear ads, no media loaded (the player renders them). */
export async function runOverlayDecision(deps: DecisionDeps, req: AdsRequestSpec, budgetMs = AVAIL_BUDGET_MS): Promise<OverlayDecisionResult> {
  const startedAtMs = deps.nowMs();
  if (!req.ok) return { trace: traceOf(deps, req, startedAtMs, { failure: req.error }), offer: { ads: [], nonLinearBreak: false }, breakTracking: {} };
  const resolution = await resolve(deps, req, budgetMs);
  const { ads, breakTracking } = availAds(resolution);
  return { trace: traceOf(deps, req, startedAtMs, { resolution }), offer: overlayOffer(resolution, ads), breakTracking };
}

/** A VOD time-based schedule: one ADS call; VMAP → breaks at offsets, VAST → one pre-roll. */
export async function runVodSchedule(deps: DecisionDeps, req: AdsRequestSpec, contentDurationSec: number): Promise<VodScheduleResult> {
  const startedAtMs = deps.nowMs();
  if (!req.ok) return { breaks: [], trace: traceOf(deps, req, startedAtMs, { failure: req.error }) };
  const [resolution, bumpers] = await Promise.all([resolve(deps, req, AVAIL_BUDGET_MS), loadConfiguredBumpers(deps)]);
  const trace = traceOf(deps, req, startedAtMs, { resolution });
  const breaks = await Promise.all(
    vodScheduleBreaks(resolution, contentDurationSec).map(async (b) => ({
      offsetSec: b.offsetSec,
      ...(b.vmapBreakIndex !== undefined ? { vmapBreakIndex: b.vmapBreakIndex } : {}),
      candidates: await Promise.all(b.ads.map((a) => candidateFor(deps.loader, a))),
      breakTracking: b.breakTracking,
    })),
  );
  return { breaks, trace, ...(bumpers ? { bumpers } : {}) };
}

function adsFetcher(deps: DecisionDeps, req: AdsRequestSpec): FetchAdXml {
  return async (url, { timeoutMs }) => {
    // The configured method and body apply to the ADS request itself; wrappers are fetched with GET.
    const isRoot = url === req.url;
    const post = isRoot && req.method === 'POST' ? await postBody(req.body ?? '', req.gzip === true) : undefined;
    const startedAtMs = deps.nowMs();
    const res = await fetchText(url, {
      timeoutMs,
      allowPrivateHosts: allowPrivateHosts(deps.env),
      selfOrigin: deps.record.selfOrigin,
      env: deps.env,
      headers: post ? { ...req.headers, ...req.bodyHeaders } : req.headers,
      maxBytes: 2 * 1024 * 1024,
      ...(post ? { method: 'POST' as const, body: post.body } : {}),
    });
    deps.observe?.(
      {
        startedAtMs,
        url,
        method: post ? 'POST' : 'GET',
        outcome: res.ok ? 'ok' : res.kind,
        ...(res.status !== undefined ? { status: res.status } : {}),
        latencyMs: res.durationMs,
        ...(res.ok ? {} : { message: res.message }),
        ...(res.body !== undefined ? { body: res.body } : {}),
      },
      isRoot,
    );
    const measure = measureOf(res);
    if (res.ok) return { ok: true, status: res.status, body: res.body, durationMs: res.durationMs, measure };
    const kind = res.kind === 'timeout' || res.kind === 'http' || res.kind === 'disallowed' ? res.kind : 'network';
    return { ok: false, kind, ...(res.status !== undefined ? { status: res.status } : {}), message: res.message, durationMs: res.durationMs, measure };
  };
}

/** What the request did, for the ad log: timings, size, and the headers a log may show. */
function measureOf(res: UpstreamResult): HttpMeasure {
  return {
    ...(res.headersMs !== undefined ? { headersMs: res.headersMs } : {}),
    ...(res.bodyMs !== undefined ? { bodyMs: res.bodyMs } : {}),
    ...(res.responseBytes !== undefined ? { responseBytes: res.responseBytes } : {}),
    ...(res.responseHeaders ? { responseHeaders: loggableResponseHeaders(res.responseHeaders).map((h) => [h.name, h.value] as const) } : {}),
  };
}

/**
 * The body of a POST ad request. `HttpRequest.CompressRequest: GZIP` (AWS MediaTailor API model:
 * "the compression method to apply to requests sent to the ad decision server", POST only) sends
 * it gzip-compressed with `Content-Encoding: gzip`.
 */
async function postBody(body: string, gzip: boolean): Promise<{ body: string | Uint8Array }> {
  if (!gzip) return { body };
  const compressed = new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')));
  return { body: new Uint8Array(await compressed.arrayBuffer()) };
}

function resolve(deps: DecisionDeps, req: AdsRequestSpec, budgetMs: number): Promise<AdResolution> {
  const allow = allowPrivateHosts(deps.env);
  return resolveAdResponse({
    rootUrl: req.url,
    fetchXml: adsFetcher(deps, req),
    maxDepth: 7,
    requestTimeoutMs: ADS_REQUEST_TIMEOUT_MS,
    isAllowedUrl: (url) => {
      const c = upstreamUrlCheck(url, allow, deps.record.selfOrigin);
      return c.ok ? { ok: true } : { ok: false, reason: c.error.message };
    },
    budgetMs,
    nowMs: deps.nowMs,
  });
}

function traceOf(deps: DecisionDeps, req: AdsRequestSpec, startedAtMs: number, outcome: { resolution: AdResolution } | { failure: string }): DecisionTrace {
  const post = req.method === 'POST' && req.body !== undefined;
  return {
    adsRequestUrl: req.url,
    unresolvedVariables: req.unresolved,
    requestHeaders: post ? { ...req.headers, ...req.bodyHeaders } : req.headers,
    ...(post ? { requestBody: req.body } : {}),
    ...outcome,
    startedAtMs,
    finishedAtMs: deps.nowMs(),
  };
}

async function candidateFor(loader: CreativeLoader, r: ResolvedAd): Promise<Candidate> {
  const media = await loadCreativeForAd(loader, r.ad);
  const linear = r.ad.creatives.find((c) => c.linear)?.linear;
  return {
    ad: r.ad,
    ...(r.sequence !== undefined ? { sequence: r.sequence } : {}),
    wrapperDepth: r.depth,
    vastDurationSec: linear?.durationSec ?? 0,
    creative: media.ok ? summary(media.media) : { skip: media.skip, message: media.message, ...(media.mezzanineUrl ? { mezzanineUrl: media.mezzanineUrl } : {}) },
  };
}

/** The configuration's slate, if any; an unusable one is logged here and reported in the trace. */
async function loadConfiguredSlate(deps: DecisionDeps): Promise<CreativeOutcome | undefined> {
  const url = deps.record.config.SlateAdUrl;
  if (!url) return undefined;
  const r = await loadSlate(deps.loader, url);
  if (!r.ok) console.warn(JSON.stringify({ msg: 'slate unusable; the break plays content where ads do not fill it', session: deps.record.sessionId, url, skip: r.skip, message: r.message }));
  return r;
}

/**
 * The configuration's bumpers, if any, each loaded like slate (an HLS playlist, or a packaged
 * progressive file); one that cannot be used is logged here and skipped by the fill rules with
 * the reason (core/avails/bumpers).
 */
async function loadConfiguredBumpers(deps: DecisionDeps): Promise<BumperInput | undefined> {
  const b = deps.record.config.Bumper;
  if (!b?.StartUrl && !b?.EndUrl) return undefined;
  const load = async (position: 'start' | 'end', url: string | undefined): Promise<BumperMedia | undefined> => {
    if (!url) return undefined;
    const r = await loadSlate(deps.loader, url, `${position} bumper`);
    if (r.ok) return { creative: summary(r.media) };
    console.warn(JSON.stringify({ msg: 'bumper unusable; breaks play without it', session: deps.record.sessionId, position, url, skip: r.skip, message: r.message }));
    return { url, problem: `${r.skip}: ${r.message}` };
  };
  const [start, end] = await Promise.all([load('start', b.StartUrl), load('end', b.EndUrl)]);
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

function summary(m: SessionCreative): CreativeSummary {
  return { creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec };
}
