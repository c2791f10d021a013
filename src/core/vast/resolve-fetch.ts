/**
 * @module core/vast/resolve-fetch
 * One ad-server request for the resolver: URL checks, timeout from the remaining budget, the
 * injected fetch port, and classification of the body (VAST / VMAP / unreadable). Pure apart
 * from calling the injected port; never throws, even if the port or the URL policy does.
 */
import { detectAdResponseKind } from './detect.ts';
import { parseVast } from './parse-vast.ts';
import type { RequestGate } from './resolve-limits.ts';
import type { VastDocument } from './model.ts';
import type { HttpMeasure, ResolveErrorKind, ResolveOptions, TraceEntry } from './resolve-types.ts';

export interface ResolveContext {
  readonly opts: ResolveOptions;
  readonly maxDepth: number;
  readonly requestTimeoutMs: number;
  /** Absolute deadline on the `nowMs()` clock, when a budget was given. */
  readonly deadlineMs?: number;
  /** Request count and concurrency limits of this resolution. */
  readonly gate: RequestGate;
}

/** Where a step happens, stamped on its trace entries. */
export interface StepPlace {
  readonly depth: number;
  readonly path: string;
  readonly breakIndex?: number;
  readonly adId?: string;
}

export type Fetched =
  | { readonly ok: true; readonly body: string; readonly status: number; readonly durationMs: number; readonly measure?: HttpMeasure }
  | { readonly ok: false; readonly kind: ResolveErrorKind; readonly message: string };

/** The HTTP facts of a fetched document, stamped on the trace entry that closes its request. */
export function httpFacts(
  url: string,
  f: { readonly status: number; readonly durationMs: number; readonly measure?: HttpMeasure },
): { url: string; status: number; durationMs: number; measure?: HttpMeasure } {
  return { url, status: f.status, durationMs: f.durationMs, ...(f.measure ? { measure: f.measure } : {}) };
}

export function traceEntry(ctx: ResolveContext, place: StepPlace, fields: Omit<TraceEntry, 'depth' | 'path' | 'atMs' | 'breakIndex' | 'adId'>): TraceEntry {
  const entry: Record<string, unknown> = { ...fields, depth: place.depth, path: place.path, atMs: ctx.opts.nowMs() };
  if (place.breakIndex !== undefined) entry['breakIndex'] = place.breakIndex;
  if (place.adId !== undefined) entry['adId'] = place.adId;
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry as unknown as TraceEntry;
}

/**
 * http(s) and the caller's host policy (docs/architecture.md §10). `badUrlKind` names a malformed or
 * non-http(s) URL: `invalid_vast_ad_tag_uri` for a wrapper's, `disallowed_host` for an ADS URL.
 */
export function checkUrl(ctx: ResolveContext, url: string, badUrlKind: ResolveErrorKind): { ok: true } | { ok: false; kind: ResolveErrorKind; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, kind: badUrlKind, message: `"${url}" is not an absolute URL` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, kind: badUrlKind, message: `scheme ${parsed.protocol} is not http(s)` };
  }
  try {
    const verdict = ctx.opts.isAllowedUrl(url);
    return verdict.ok ? { ok: true } : { ok: false, kind: 'disallowed_host', message: verdict.reason };
  } catch (e) {
    return { ok: false, kind: 'disallowed_host', message: `host policy failed: ${describe(e)}` };
  }
}

/** Comparable form of a URL for loop detection (host case, default port, `%`-escapes unified). */
export function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

export function requestLimitMessage(ctx: ResolveContext): string {
  return `not requested: this avail's ${ctx.gate.report().maxRequests} ad server requests are spent`;
}

/**
 * Performs a request already checked and reserved (`ctx.gate.reserve()`), when the gate has a
 * free slot; records the outcome entry itself.
 */
export function fetchAdDocument(ctx: ResolveContext, url: string, place: StepPlace, trace: TraceEntry[]): Promise<Fetched> {
  return ctx.gate.run(() => fetchNow(ctx, url, place, trace));
}

async function fetchNow(ctx: ResolveContext, url: string, place: StepPlace, trace: TraceEntry[]): Promise<Fetched> {
  const timeoutMs = remainingTimeoutMs(ctx);
  if (timeoutMs === undefined) {
    const message = 'the ads decision budget is spent';
    trace.push(traceEntry(ctx, place, { outcome: 'budget_exhausted', url, message }));
    return { ok: false, kind: 'budget_exhausted', message };
  }
  let result;
  try {
    result = await ctx.opts.fetchXml(url, { timeoutMs });
  } catch (e) {
    result = { ok: false as const, kind: 'network' as const, message: describe(e), durationMs: 0 };
  }
  if (!result.ok) {
    const kind: ResolveErrorKind = FAILURE_KIND[result.kind] ?? 'network_error';
    trace.push(traceEntry(ctx, place, { outcome: kind, url, status: result.status, durationMs: result.durationMs, measure: result.measure, message: result.message }));
    return { ok: false, kind, message: result.message };
  }
  if (result.status !== 200) {
    // MediaTailor treats any non-200 answer as ERROR_ADS_INVALID_RESPONSE (docs/mediatailor-compat.md §7.1).
    const message = `HTTP ${result.status}`;
    trace.push(traceEntry(ctx, place, { outcome: 'http_error', url, status: result.status, durationMs: result.durationMs, measure: result.measure, message }));
    return { ok: false, kind: 'http_error', message };
  }
  return { ok: true, body: result.body, status: result.status, durationMs: result.durationMs, ...(result.measure ? { measure: result.measure } : {}) };
}

const FAILURE_KIND: Readonly<Record<string, ResolveErrorKind>> = { timeout: 'timeout', http: 'http_error', network: 'network_error', disallowed: 'disallowed_host' };

function remainingTimeoutMs(ctx: ResolveContext): number | undefined {
  if (ctx.deadlineMs === undefined) return ctx.requestTimeoutMs;
  const remaining = ctx.deadlineMs - ctx.opts.nowMs();
  return remaining > 0 ? Math.min(ctx.requestTimeoutMs, remaining) : undefined;
}

export type BodyRead =
  | { readonly kind: 'vast'; readonly document: VastDocument }
  | { readonly kind: 'vmap' }
  | { readonly kind: 'error'; readonly error: 'parse_error' | 'unknown_root_element'; readonly message: string };

/**
 * Reads a body as VAST (or reports VMAP for the caller to handle). A 200 with an empty or
 * blank body is read as an empty VAST: ad servers answer "no ad" that way too.
 */
export function readBody(body: string, vmapAllowed: boolean): BodyRead {
  if (body.trim() === '') return { kind: 'vast', document: { version: '', ads: [], errors: [] } };
  if (vmapAllowed && detectAdResponseKind(body) === 'vmap') return { kind: 'vmap' };
  const parsed = parseVast(body);
  if (parsed.ok) return { kind: 'vast', document: parsed.document };
  const error = parsed.error.kind === 'unknown_root' ? 'unknown_root_element' : 'parse_error';
  return { kind: 'error', error, message: parsed.error.message };
}

export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
