/**
 * @module core/vast/resolve
 * `resolveAdResponse(opts)`: from an ADS URL or body to the ads to play. Fetches through the
 * injected `fetchXml` port (the core never calls `fetch`, docs/architecture.md §3), follows VAST wrappers up
 * to `maxDepth` hops, merges each chain into its InLine, resolves every break of a VMAP the
 * same way, and returns a trace of every request and step for the ad logs. Never throws: a
 * failing wrapper drops only its ad, a failing root yields no ads (docs/architecture.md §9).
 * Spec: VAST 4.2 §2.3.5, §3.3.1, §3.19; VMAP 1.0.1 §2.3.1–§2.3.2.
 */
import { parseVmap, type VmapAdBreak } from './parse-vmap.ts';
import { checkUrl, fetchAdDocument, httpFacts, normalizeUrl, readBody, requestLimitMessage, traceEntry, type Fetched, type ResolveContext, type StepPlace } from './resolve-fetch.ts';
import { MAX_AD_REQUESTS_PER_RESOLUTION, MAX_CONCURRENT_AD_REQUESTS, requestGate } from './resolve-limits.ts';
import { resolveDocumentAds, resolveError, type Chain } from './resolve-tree.ts';
import type { VastDocument } from './model.ts';
import type { AdResolution, ResolveError, ResolveOptions, ResolvedAd, ResolvedBreak, TraceEntry } from './resolve-types.ts';

export type * from './resolve-types.ts';
export { MEDIATAILOR_EVENT_BY_OUTCOME } from './resolve-types.ts';

const DEFAULT_MAX_DEPTH = 7;
const DEFAULT_REQUEST_TIMEOUT_MS = 3000;

/** What a fetched document's closing trace entry says about its request (nothing for `rootXml`). */
type HttpFacts = Partial<ReturnType<typeof httpFacts>>;

interface Collected {
  readonly trace: TraceEntry[];
  readonly errors: ResolveError[];
}

export async function resolveAdResponse(opts: ResolveOptions): Promise<AdResolution> {
  const ctx: ResolveContext = {
    opts,
    maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH,
    requestTimeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    ...(opts.budgetMs !== undefined ? { deadlineMs: opts.nowMs() + opts.budgetMs } : {}),
    gate: requestGate(opts.maxRequests ?? MAX_AD_REQUESTS_PER_RESOLUTION, opts.maxConcurrentRequests ?? MAX_CONCURRENT_AD_REQUESTS),
  };
  const out: Collected = { trace: [], errors: [] };
  const place: StepPlace = { depth: 0, path: '' };
  const root = baseChain(opts.rootUrl, opts.rootUrl);

  let body: string;
  let http: HttpFacts = {};
  if (opts.rootXml !== undefined) body = opts.rootXml;
  else if (opts.rootUrl !== undefined) {
    const got = await requestDocument(ctx, opts.rootUrl, place, root, out);
    if (!got.ok) return finish(ctx, 'none', undefined, noAds(), [], out);
    body = got.body;
    http = httpFacts(opts.rootUrl, got);
  } else {
    out.errors.push(resolveError(root, place, 'parse_error', 'neither rootXml nor rootUrl was given', {}));
    return finish(ctx, 'none', undefined, noAds(), [], out);
  }

  const read = readBody(body, true);
  if (read.kind === 'vmap') return resolveVmap(ctx, body, http, out);
  if (read.kind === 'error') {
    out.trace.push(traceEntry(ctx, place, { outcome: read.error, ...http, message: read.message }));
    out.errors.push(resolveError(root, place, read.error, read.message, http.url === undefined ? {} : { url: http.url }));
    return finish(ctx, 'none', undefined, noAds(), [], out);
  }
  const ads = await resolveVastRoot(ctx, read.document, { ...root, vastVersion: read.document.version }, place, out, true, http);
  return { ...finish(ctx, 'vast', read.document.version, ads, [], out), vastDocument: read.document };
}

interface AdLists {
  readonly ads: readonly ResolvedAd[];
  readonly standaloneAds: readonly ResolvedAd[];
  readonly noAdErrorUrls: readonly string[];
}

function noAds(): AdLists {
  return { ads: [], standaloneAds: [], noAdErrorUrls: [] };
}

function baseChain(fetchedUrl: string | undefined, loopUrl: string | undefined, breakIndex?: number): Chain {
  return {
    wrappers: [],
    hops: [],
    urls: loopUrl === undefined ? [] : [normalizeUrl(loopUrl)],
    depth: 0,
    followWrappers: true,
    vastVersion: '',
    errorUrls: [],
    ...(fetchedUrl !== undefined ? { documentUrl: fetchedUrl } : {}),
    ...(breakIndex !== undefined ? { breakIndex } : {}),
  };
}

/** An ADS request (root or VMAP AdTagURI): URL checks, MAKING_ADS_REQUEST, the fetch. */
async function requestDocument(ctx: ResolveContext, url: string, place: StepPlace, chain: Chain, out: Collected): Promise<Extract<Fetched, { ok: true }> | { ok: false }> {
  const check = checkUrl(ctx, url, 'disallowed_host');
  if (!check.ok) {
    out.trace.push(traceEntry(ctx, place, { outcome: check.kind, url, message: check.message }));
    out.errors.push(resolveError(chain, place, check.kind, check.message, { url }));
    return { ok: false };
  }
  if (!ctx.gate.reserve()) {
    // Only a VMAP's AdTagURIs can get here (the root request is always the first).
    ctx.gate.cut();
    const message = requestLimitMessage(ctx);
    out.trace.push(traceEntry(ctx, place, { outcome: 'request_limit_exceeded', url, message }));
    out.errors.push(resolveError(chain, place, 'request_limit_exceeded', message, { url }));
    return { ok: false };
  }
  out.trace.push(traceEntry(ctx, place, { outcome: 'ads_request', url }));
  const fetched = await fetchAdDocument(ctx, url, place, out.trace);
  if (!fetched.ok) {
    out.errors.push(resolveError(chain, place, fetched.kind, fetched.message, { url }));
    return { ok: false };
  }
  return fetched;
}

/** A top-level VAST document (the ADS response, or a VMAP break's VAST): records the response, resolves its ads. */
async function resolveVastRoot(ctx: ResolveContext, doc: VastDocument, chain: Chain, place: StepPlace, out: Collected, allowMultiple: boolean, http: HttpFacts = {}): Promise<AdLists> {
  if (doc.ads.length === 0) {
    out.trace.push(traceEntry(ctx, place, { outcome: 'empty_vast_response', ...http, vastVersion: doc.version, adCount: 0 }));
    return { ads: [], standaloneAds: [], noAdErrorUrls: doc.errors };
  }
  out.trace.push(traceEntry(ctx, place, { outcome: 'vast_response', ...http, vastVersion: doc.version, adCount: doc.ads.length }));
  const part = await resolveDocumentAds(ctx, doc, chain, '', allowMultiple);
  out.trace.push(...part.trace);
  out.errors.push(...part.errors);
  return { ads: part.ads, standaloneAds: part.standalone, noAdErrorUrls: [] };
}

async function resolveVmap(ctx: ResolveContext, body: string, http: HttpFacts, out: Collected): Promise<AdResolution> {
  const place: StepPlace = { depth: 0, path: '' };
  const parsed = parseVmap(body);
  if (!parsed.ok) {
    const kind = parsed.error.kind === 'unknown_root' ? 'unknown_root_element' : 'parse_error';
    out.trace.push(traceEntry(ctx, place, { outcome: kind, ...http, message: parsed.error.message }));
    out.errors.push(resolveError(baseChain(undefined, undefined), place, kind, parsed.error.message, http.url === undefined ? {} : { url: http.url }));
    return finish(ctx, 'none', undefined, noAds(), [], out);
  }
  const { adBreaks, version } = parsed.document;
  const outcome = adBreaks.length === 0 ? 'empty_vmap_response' : 'vmap_response';
  out.trace.push(traceEntry(ctx, place, { outcome, ...http, adCount: adBreaks.length }));
  const results = await Promise.all(adBreaks.map((b) => resolveBreak(ctx, b)));
  for (const r of results) {
    out.trace.push(...r.out.trace);
    out.errors.push(...r.out.errors);
  }
  return {
    ...finish(
      ctx,
      'vmap',
      version,
      noAds(),
      results.map((r) => r.resolved),
      out,
    ),
    vmapDocument: parsed.document,
  };
}

async function resolveBreak(ctx: ResolveContext, adBreak: VmapAdBreak): Promise<{ resolved: ResolvedBreak; out: Collected }> {
  const out: Collected = { trace: [], errors: [] };
  const place: StepPlace = { depth: 0, path: '', breakIndex: adBreak.index };
  const source = adBreak.adSource;
  const done = (lists: AdLists): { resolved: ResolvedBreak; out: Collected } => ({
    resolved: { adBreak, ...lists, emptyResponse: lists.ads.length + lists.standaloneAds.length === 0 },
    out,
  });
  const allowMultiple = source?.allowMultipleAds ?? true;
  const followWrappers = source?.followRedirects ?? true;
  const content = source?.content ?? { kind: 'none' as const };

  if (content.kind === 'none') {
    out.trace.push(traceEntry(ctx, place, { outcome: 'empty_vast_response', message: 'the break has no ad source' }));
    return done(noAds());
  }
  if (content.kind === 'customAdData') {
    const message = `CustomAdData${content.templateType ? ` (${content.templateType})` : ''} is not supported`;
    out.trace.push(traceEntry(ctx, place, { outcome: 'unsupported_ad_source', message }));
    out.errors.push(resolveError(baseChain(undefined, undefined, adBreak.index), place, 'unsupported_ad_source', message, {}));
    return done(noAds());
  }
  if (content.kind === 'vastAdData') {
    const chain = { ...baseChain(undefined, undefined, adBreak.index), followWrappers };
    if (!content.vast.ok) {
      const kind = content.vast.error.kind === 'unknown_root' ? 'unknown_root_element' : 'parse_error';
      out.trace.push(traceEntry(ctx, place, { outcome: kind, message: content.vast.error.message }));
      out.errors.push(resolveError(chain, place, kind, content.vast.error.message, {}));
      return done(noAds());
    }
    const doc = content.vast.document;
    return done(await resolveVastRoot(ctx, doc, { ...chain, vastVersion: doc.version }, place, out, allowMultiple));
  }
  const chain = { ...baseChain(content.url, content.url, adBreak.index), followWrappers };
  const got = await requestDocument(ctx, content.url, place, chain, out);
  if (!got.ok) return done(noAds());
  const read = readBody(got.body, false);
  const http = httpFacts(content.url, got);
  if (read.kind !== 'vast') {
    const kind = read.kind === 'error' ? read.error : 'unknown_root_element';
    const message = read.kind === 'error' ? read.message : 'a VMAP AdTagURI led to another VMAP';
    out.trace.push(traceEntry(ctx, place, { outcome: kind, ...http, message }));
    out.errors.push(resolveError(chain, place, kind, message, { url: content.url }));
    return done(noAds());
  }
  const doc = read.document;
  return done(await resolveVastRoot(ctx, doc, { ...chain, vastVersion: doc.version }, place, out, allowMultiple, http));
}

function finish(ctx: ResolveContext, responseKind: AdResolution['responseKind'], version: string | undefined, lists: AdLists, breaks: readonly ResolvedBreak[], out: Collected): AdResolution {
  const emptyResponse = responseKind === 'vmap' ? breaks.every((b) => b.emptyResponse) : lists.ads.length + lists.standaloneAds.length === 0;
  return {
    responseKind,
    ...(version !== undefined ? { version } : {}),
    ads: lists.ads,
    standaloneAds: lists.standaloneAds,
    emptyResponse,
    noAdErrorUrls: lists.noAdErrorUrls,
    breaks,
    trace: out.trace,
    errors: out.errors,
    requestLimits: ctx.gate.report(),
  };
}
