/**
 * @module platform/ad-decision
 * Decides one avail (DESIGN §5): builds the ADS request from the template and the session's
 * variables (contracts §5), resolves VAST/VMAP with wrappers (≤ 7 hops, 3 s per request, 10 s
 * per avail), loads each ad's media and the slate, and fills the plan. Every failure is a plan
 * without ads, never an exception (DESIGN §9: ads never break playback). Runs in the
 * SessionObject, which calls it once per (session, avail).
 */
import { buildAdsRequestUrl, type AdsVariables } from '../core/ads-request/index.ts';
import type { LedgerBreak } from '../core/avails/ledger.ts';
import { planFill, type AvailPlan, type Candidate, type CreativeSummary } from '../core/avails/plan.ts';
import type { CreativeMedia } from '../core/creatives/creative-media.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { resolveAdResponse, type AdResolution, type FetchAdXml, type ResolvedAd, type VmapAdBreak } from '../core/vast/index.ts';
import { allowPrivateHosts, type Env } from '../env.ts';
import { loadCreativeForAd, loadSlate, type CreativeLoader } from './creatives.ts';
import { fetchText, upstreamUrlCheck } from './upstream.ts';

export const ADS_REQUEST_TIMEOUT_MS = 3_000;
export const AVAIL_BUDGET_MS = 10_000;
/** contracts §5: `[session.avail_duration_ms]` defaults to 300,000 ms when nothing is signalled. */
const DEFAULT_AVAIL_MS = 300_000;

export interface DecisionInput {
  readonly env: Env;
  readonly record: SessionRecord;
  readonly loader: CreativeLoader;
  readonly nowMs: () => number;
  readonly random: () => number;
}

/** Everything the caller needs to log what happened (core/avails/decision-log). */
export interface DecisionTrace {
  readonly adsRequestUrl: string;
  readonly unresolvedVariables: readonly string[];
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly resolution?: AdResolution;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly failure?: string;
}

export interface AvailDecision {
  readonly plan: AvailPlan;
  readonly trace: DecisionTrace;
}

/** One ADS call for one avail, then the plan. */
export async function decideAvail(input: DecisionInput, brk: LedgerBreak, budgetMs = AVAIL_BUDGET_MS): Promise<AvailDecision> {
  const startedAtMs = input.nowMs();
  const req = adsRequest(input, brk);
  const slate = await slateSummary(input);
  const base = { breakKey: brk.key, availIndex: brk.availIndex, insertion: brk.insertion, personalizationThresholdSec: input.record.config.PersonalizationThresholdSeconds, ...(brk.signalledDurationSec !== undefined && !brk.insertion ? { availDurationSec: brk.signalledDurationSec } : {}), ...(slate ? { slate } : {}), adsRequestUrl: req.url } as const;
  if (!req.ok) {
    const plan = planFill({ ...base, candidates: [], reason: req.error, nowMs: input.nowMs() });
    return { plan, trace: traceOf(input, req, startedAtMs, { failure: req.error }) };
  }
  const resolution = await resolve(input, req, budgetMs);
  const ads = resolution.responseKind === 'vmap' ? (resolution.breaks[0]?.ads ?? []) : resolution.ads;
  const breakTracking = resolution.responseKind === 'vmap' ? vmapBreakTracking(resolution.breaks[0]?.adBreak) : {};
  const candidates = await Promise.all(ads.map((a) => candidateFor(input.loader, a)));
  const reason = ads.length === 0 ? noAdReason(resolution) : undefined;
  const plan = planFill({ ...base, candidates, breakTracking, ...(reason ? { reason } : {}), nowMs: input.nowMs() });
  return { plan, trace: traceOf(input, req, startedAtMs, { resolution }) };
}

/** A VOD time-based schedule (contracts §6.4): one ADS call; VMAP → breaks at offsets, VAST → one pre-roll. */
export async function decideVodSchedule(input: DecisionInput, contentDurationSec: number): Promise<{ breaks: { offsetSec: number; candidates: Candidate[]; breakTracking: Record<string, string[]> }[]; trace: DecisionTrace }> {
  const startedAtMs = input.nowMs();
  const pseudo = { key: 'vod', availIndex: 1, insertion: true, asset: {}, startLines: [] } as unknown as LedgerBreak; // SAFETY: adsRequest reads only these fields.
  const req = adsRequest(input, pseudo);
  if (!req.ok) return { breaks: [], trace: traceOf(input, req, startedAtMs, { failure: req.error }) };
  const resolution = await resolve(input, req, AVAIL_BUDGET_MS);
  const trace = traceOf(input, req, startedAtMs, { resolution });
  if (resolution.responseKind === 'vmap') {
    const breaks = await Promise.all(
      resolution.breaks.map(async (b) => ({
        offsetSec: vmapOffsetSec(b.adBreak, contentDurationSec),
        candidates: await Promise.all(b.ads.map((a) => candidateFor(input.loader, a))),
        breakTracking: vmapBreakTracking(b.adBreak),
      })),
    );
    return { breaks: breaks.filter((b) => Number.isFinite(b.offsetSec)), trace };
  }
  const candidates = await Promise.all(resolution.ads.map((a) => candidateFor(input.loader, a)));
  return { breaks: candidates.length ? [{ offsetSec: 0, candidates, breakTracking: {} }] : [], trace };
}

type AdsRequest = {
  readonly url: string;
  readonly unresolved: readonly string[];
  readonly headers: Record<string, string>;
} & ({ readonly ok: true } | { readonly ok: false; readonly error: string });

function adsRequest(input: DecisionInput, brk: LedgerBreak): AdsRequest {
  const r = input.record;
  const durationMs = brk.insertion ? null : brk.signalledDurationSec !== undefined ? Math.round(brk.signalledDurationSec * 1000) : DEFAULT_AVAIL_MS;
  const vars: AdsVariables = {
    sessionId: r.sessionId,
    sessionUuid: r.sessionId,
    clientIp: r.client.forwardedFor ?? r.client.ip,
    userAgent: r.client.userAgent ?? null,
    referer: r.client.referer ?? null,
    acceptLanguage: r.client.acceptLanguage ?? null,
    availDurationMs: durationMs,
    availIndex: brk.availIndex,
    availRandom: Math.floor(input.random() * 10_000_000_000),
    availSourceContentTimeEpochMs: brk.pdtMs ?? null,
    ...(brk.scte ? { scte: brk.scte.ads } : {}),
    playerParams: r.params.playerParams,
    assetParams: brk.asset,
  };
  // contracts §4.4: the player's User-Agent and X-Forwarded-For go to the ADS.
  const headers: Record<string, string> = {};
  if (r.client.userAgent) headers['user-agent'] = r.client.userAgent;
  const xff = r.client.forwardedFor ?? r.client.ip;
  if (xff) headers['x-forwarded-for'] = xff;
  for (const [k, v] of Object.entries(r.config.AdDecisionServerConfiguration?.HttpRequest?.Headers ?? {})) headers[k.toLowerCase()] = v;
  // The API model requires only Name: a configuration without an ad server plays content only.
  const template = r.config.AdDecisionServerUrl;
  if (!template) return { ok: false, url: '', unresolved: [], headers, error: 'the playback configuration has no AdDecisionServerUrl' };
  const built = buildAdsRequestUrl(template, vars);
  if (!built.ok) return { ok: false, url: built.url, unresolved: built.unresolved, headers, error: built.error.message };
  return { ok: true, url: built.url, unresolved: built.unresolved, headers };
}

function adsFetcher(input: DecisionInput, req: AdsRequest): FetchAdXml {
  const http = input.record.config.AdDecisionServerConfiguration?.HttpRequest;
  return async (url, { timeoutMs }) => {
    const isRoot = url === req.url;
    const post = isRoot && http?.Method === 'POST' ? await postBody(http.Body ?? '', http.CompressRequest === 'GZIP') : undefined;
    const res = await fetchText(url, {
      timeoutMs,
      allowPrivateHosts: allowPrivateHosts(input.env),
      selfOrigin: input.record.selfOrigin,
      env: input.env,
      headers: post?.encoding ? { ...req.headers, 'content-encoding': post.encoding } : req.headers,
      maxBytes: 2 * 1024 * 1024,
      ...(post ? { method: 'POST' as const, body: post.body } : {}),
    });
    if (res.ok) return { ok: true, status: res.status, body: res.body, durationMs: res.durationMs };
    const kind = res.kind === 'timeout' ? 'timeout' : res.kind === 'http' ? 'http' : 'network';
    return { ok: false, kind, ...(res.status !== undefined ? { status: res.status } : {}), message: res.message, durationMs: res.durationMs };
  };
}

/**
 * The body of a POST ad request. `HttpRequest.CompressRequest: GZIP` (AWS MediaTailor API model:
 * "the compression method to apply to requests sent to the ad decision server", POST only) sends
 * it gzip-compressed with `Content-Encoding: gzip`.
 */
async function postBody(body: string, gzip: boolean): Promise<{ body: string | Uint8Array; encoding?: 'gzip' }> {
  if (!gzip) return { body };
  const compressed = new Response(new Blob([body]).stream().pipeThrough(new CompressionStream('gzip')));
  return { body: new Uint8Array(await compressed.arrayBuffer()), encoding: 'gzip' };
}

/** Wrapper resolution with the limits of contracts §4.7 (7 hops, 3 s per request) within `budgetMs`. */
function resolve(input: DecisionInput, req: AdsRequest, budgetMs: number): Promise<AdResolution> {
  const allow = allowPrivateHosts(input.env);
  return resolveAdResponse({
    rootUrl: req.url,
    fetchXml: adsFetcher(input, req),
    maxDepth: 7,
    requestTimeoutMs: ADS_REQUEST_TIMEOUT_MS,
    isAllowedUrl: (url) => {
      const c = upstreamUrlCheck(url, allow, input.record.selfOrigin);
      return c.ok ? { ok: true } : { ok: false, reason: c.error.message };
    },
    budgetMs,
    nowMs: input.nowMs,
  });
}

function traceOf(input: DecisionInput, req: AdsRequest, startedAtMs: number, outcome: { resolution: AdResolution } | { failure: string }): DecisionTrace {
  return { adsRequestUrl: req.url, unresolvedVariables: req.unresolved, requestHeaders: req.headers, ...outcome, startedAtMs, finishedAtMs: input.nowMs() };
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

async function slateSummary(input: DecisionInput): Promise<CreativeSummary | undefined> {
  const url = input.record.config.SlateAdUrl;
  if (!url) return undefined;
  const r = await loadSlate(input.loader, url);
  return r.ok ? summary(r.media) : undefined;
}

export function summary(m: CreativeMedia): CreativeSummary {
  return { creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec };
}

function noAdReason(r: AdResolution): string {
  const e = r.errors[0];
  if (e) return `${e.kind}: ${e.message}`;
  return r.emptyResponse ? 'empty ad response' : 'no ad in the response';
}

function vmapBreakTracking(b: VmapAdBreak | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [event, urls] of Object.entries(b?.trackingEvents ?? {})) out[event] = urls.map((u) => u.url);
  return out;
}

/** contracts §6.4: VMAP offsets (start, HH:MM:SS, n%, end); rounding to segments is the ledger's. */
function vmapOffsetSec(b: VmapAdBreak, contentDurationSec: number): number {
  const o = b.timeOffset;
  switch (o.kind) {
    case 'start':
      return 0;
    case 'end':
      return contentDurationSec;
    case 'time':
      return o.offsetSec;
    case 'percent':
      return (contentDurationSec * o.percent) / 100;
    default:
      return NaN;
  }
}
