/**
 * @module core/avails/decision-log
 * Turns one avail decision (the resolver's trace and the plan) into ad-log events (docs/ad-logs.md;
 * docs/mediatailor-compat.md §7.1 event types): MAKING_ADS_REQUEST, VAST_REDIRECT, (REDIRECTED_)VAST_RESPONSE,
 * EMPTY_VAST_RESPONSE, ERROR_ADS_TIMEOUT, ERROR_ADS_RESPONSE_PARSE, ERROR_ADS_INVALID_RESPONSE,
 * ERROR_DISALLOWED_HOST, WARNING_URL_VARIABLE_SUBSTITUTION_FAILED, the resolution warnings and
 * FILLED_AVAIL; for an overlay avail FILLED_OVERLAY_AVAIL or ERROR_VAST_MISSING_OVERLAYS. Every request the ad server saw is one request event and one exchange event,
 * whatever the format (core/avails/trace-requests); what made no request is never an exchange.
 * Pure: ids and the clock come in.
 */
import type { AdLogEvent, AdLogEventBase, AvailPlanLog, HttpExchangeLog, LogHeader, PodLocation, VastAdLog, VastResponseLog } from '../logs/events.ts';
import type { AdResolution, TraceEntry, TraceOutcome, VastAd, VastDocument, VastInlineAd } from '../vast/index.ts';
import { linearCreative, MEDIATAILOR_EVENT_BY_OUTCOME } from '../vast/index.ts';
import type { AvailPlan } from './plan.ts';
import { traceRequests, type TracedRequest } from './trace-requests.ts';
import { nonLinearAdsJson } from '../tracking/overlay-json.ts';

export interface DecisionLogInput {
  readonly base: Omit<AdLogEventBase, 'eventId' | 'timestampMs' | 'availId'>;
  /** Absent for the ADS exchange of a VOD schedule that placed no avail. */
  readonly availId?: string;
  readonly podLocation: PodLocation;
  readonly adRequestIndex: number;
  readonly adsRequestUrl: string;
  readonly unresolvedVariables: readonly string[];
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body of a POST ad request, as sent. */
  readonly requestBody?: string;
  readonly resolution?: AdResolution;
  /** The avail's plan (FILLED_AVAIL); absent when only the requests are logged. */
  readonly plan?: AvailPlan;
  /**
   * False for the second and later avails of one VOD schedule: the one ADS exchange that decided
   * them all is logged with the first (one request the ad server saw, one request line).
   */
  readonly logRequests?: boolean;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly clientOnlyTracking: boolean;
  /** An overlay avail (core/avails/overlays): its ADS exchange and what it offers, no FILLED_AVAIL (nothing is filled). */
  readonly overlay?: boolean;
  readonly newId: () => string;
}

/** Warnings that say something went wrong (the others, "one ad kept", are only informative). */
const NOT_A_FAILURE = new Set(['redirect_multiple_vast']);

export function decisionEvents(d: DecisionLogInput): AdLogEvent[] {
  const events: AdLogEvent[] = [];
  const base = (atMs: number): AdLogEventBase => ({ ...d.base, eventId: d.newId(), timestampMs: atMs, ...(d.availId !== undefined ? { availId: d.availId } : {}) });
  const headers: LogHeader[] = Object.entries(d.requestHeaders).map(([name, value]) => ({ name, value }));
  const logRequests = d.logRequests ?? true;
  if (logRequests && d.unresolvedVariables.length > 0) {
    events.push({ ...base(d.startedAtMs), kind: 'variable-substitution-failed', url: d.adsRequestUrl, variables: d.unresolvedVariables });
  }
  let rootStatus: number | undefined;
  let failed = false;
  const warnings = new Map<string, { first: TraceEntry; count: number }>();
  for (const item of traceRequests(d.resolution?.trace ?? [])) {
    if (item.kind === 'request') {
      const t = item.request.opener;
      const id = (item.request.id = d.newId());
      if (!logRequests) continue;
      if (t.outcome === 'ads_request') {
        events.push({
          ...base(t.atMs),
          kind: 'ads-request',
          adsRequestId: id,
          url: t.url ?? d.adsRequestUrl,
          requestHeaders: headers,
          ...(d.requestBody !== undefined ? { requestBody: d.requestBody } : {}),
          podLocation: d.podLocation,
        });
      } else {
        events.push({
          ...base(t.atMs),
          kind: 'vast-redirect',
          adsRequestId: id,
          parentAdsRequestId: item.request.parent?.id ?? id,
          wrapperDepth: t.depth,
          url: t.url ?? '',
          requestHeaders: headers,
          podLocation: d.podLocation,
        });
      }
    } else if (item.kind === 'close') {
      const r = item.request;
      const t = r.close ?? r.opener;
      const ok = isSuccess(t.outcome);
      if (r.opener.depth === 0 && r.opener.breakIndex === undefined && t.status !== undefined) rootStatus = t.status;
      failed ||= !ok && t.depth === 0;
      if (logRequests) events.push(exchangeEvent(d, base(t.atMs), r, headers));
    } else if (item.kind === 'refused') {
      failed ||= item.entry.depth === 0;
      if (logRequests) events.push({ ...base(item.entry.atMs), kind: 'disallowed-host', url: item.entry.url ?? '', target: 'ads', message: item.entry.message ?? 'host refused' });
    } else {
      const t = item.entry;
      failed ||= t.depth === 0 && !NOT_A_FAILURE.has(t.outcome);
      const w = warnings.get(t.outcome);
      if (w) w.count++;
      else warnings.set(t.outcome, { first: t, count: 1 });
    }
  }
  if (logRequests) {
    for (const [outcome, { first, count }] of warnings) {
      const limits = outcome === 'request_limit_exceeded' ? d.resolution?.requestLimits : undefined;
      events.push({
        ...base(first.atMs),
        kind: 'ads-resolution-warning',
        outcome,
        mediatailorEventType: MEDIATAILOR_EVENT_BY_OUTCOME[first.outcome],
        count,
        message: first.message ?? outcome,
        ...(first.url !== undefined ? { url: first.url } : {}),
        wrapperDepth: first.depth,
        podLocation: d.podLocation,
        ...(limits ? { requestLimits: { ...limits } } : {}),
      });
    }
  }
  if (d.overlay && d.plan && d.availId !== undefined && logRequests) {
    events.push(overlayEvent(d, base(d.finishedAtMs), d.availId, d.plan));
    return events;
  }
  if (d.overlay || d.plan === undefined || d.availId === undefined) return events;
  events.push({
    ...base(d.finishedAtMs),
    kind: 'filled-avail',
    availId: d.availId,
    avail: availLog(d.availId, d.plan),
    podLocation: d.podLocation,
    adRequestIndex: d.adRequestIndex,
    adDecisionSucceeded: !failed && d.resolution !== undefined,
    decisionStartedAtMs: d.startedAtMs,
    decisionDurationMs: Math.max(0, d.finishedAtMs - d.startedAtMs),
    ...(rootStatus !== undefined ? { adsStatusCode: rootStatus } : {}),
    clientOnlyTracking: d.clientOnlyTracking,
  });
  return events;
}

/**
 * What an overlay avail's decision came to (docs/mediatailor-compat.md §6.9): the NonLinearAds it
 * offers (FILLED_OVERLAY_AVAIL), or why it offers none (ERROR_VAST_MISSING_OVERLAYS).
 */
function overlayEvent(d: DecisionLogInput, base: AdLogEventBase, availId: string, plan: AvailPlan): AdLogEvent {
  const ads = plan.overlay?.ads ?? [];
  if (ads.length === 0) {
    return { ...base, kind: 'overlay-missing', availId, podLocation: d.podLocation, message: plan.reason ?? 'no non-linear ad in the response' };
  }
  return {
    ...base,
    kind: 'filled-overlay-avail',
    availId,
    podLocation: d.podLocation,
    originAvailDurationSec: plan.originAvailDurationSec ?? 0,
    vastVersion: d.resolution?.version ?? '',
    nonLinearAdsList: ads.flatMap(nonLinearAdsJson),
  };
}

const isSuccess = (o: TraceOutcome): boolean =>
  o === 'vast_response' || o === 'vmap_response' || o === 'redirected_vast_response' || o === 'empty_vast_response' || o === 'empty_vmap_response' || o === 'redirect_empty_response';

/** The event that closes one request: what came back, or why nothing usable did. */
function exchangeEvent(d: DecisionLogInput, base: AdLogEventBase, r: TracedRequest, headers: LogHeader[]): AdLogEvent {
  const t = r.close ?? { ...r.opener, outcome: 'network_error' as const, message: 'no outcome was recorded for this request' };
  const exchange = {
    adsRequestId: r.id ?? '',
    ...(r.parent?.id !== undefined ? { parentAdsRequestId: r.parent.id } : {}),
    wrapperDepth: t.depth,
    podLocation: d.podLocation,
    http: http(r.opener.url ?? d.adsRequestUrl, headers, t, r.opener.atMs),
    ...(r.unwrapErrors.length > 0 ? { unwrapErrors: [...r.unwrapErrors] } : {}),
  };
  const rootDoc = t.depth === 0 && t.breakIndex === undefined ? d.resolution?.vastDocument : undefined;
  switch (t.outcome) {
    case 'vast_response':
    case 'vmap_response':
    case 'redirected_vast_response':
      return {
        ...base,
        ...exchange,
        kind: t.outcome === 'redirected_vast_response' ? 'redirected-vast-response' : 'vast-response',
        vast: vastLog(t, rootDoc, d.resolution, t.outcome === 'vmap_response'),
      };
    case 'empty_vast_response':
    case 'empty_vmap_response':
    case 'redirect_empty_response':
      return { ...base, ...exchange, kind: 'empty-vast-response', vast: vastLog(t, rootDoc, d.resolution, t.outcome === 'empty_vmap_response') };
    case 'timeout':
      return { ...base, ...exchange, kind: 'ads-timeout', timeoutMs: t.durationMs ?? 0 };
    case 'parse_error':
    case 'unknown_root_element':
      return { ...base, ...exchange, kind: 'ads-parse-error', message: t.message ?? t.outcome };
    default:
      return { ...base, ...exchange, kind: 'ads-invalid-response', message: `${t.outcome}: ${t.message ?? ''}`.trim() };
  }
}

function http(url: string, requestHeaders: LogHeader[], t: TraceEntry, startedAtMs: number): HttpExchangeLog {
  const m = t.measure;
  return {
    url,
    requestHeaders,
    ...(m?.responseHeaders ? { responseHeaders: m.responseHeaders.map(([name, value]) => ({ name, value })) } : {}),
    ...(t.status !== undefined ? { statusCode: t.status } : {}),
    startedAtMs,
    durationMs: t.durationMs ?? Math.max(0, t.atMs - startedAtMs),
    ...(m?.headersMs !== undefined ? { headersMs: m.headersMs } : {}),
    ...(m?.bodyMs !== undefined ? { bodyMs: m.bodyMs } : {}),
    ...(m?.responseBytes !== undefined ? { responseBytes: m.responseBytes } : {}),
  };
}

/** What a response held: a VAST's ads, or for a VMAP the ads of its embedded VAST documents. */
function vastLog(t: TraceEntry, doc: VastDocument | undefined, r: AdResolution | undefined, vmap: boolean): VastResponseLog {
  const embedded = vmap ? (r?.vmapDocument?.adBreaks ?? []).flatMap((b) => (b.adSource?.content.kind === 'vastAdData' && b.adSource.content.vast.ok ? [b.adSource.content.vast.document] : [])) : [];
  const resolved = t.breakIndex === undefined ? r?.ads : r?.breaks.find((b) => b.adBreak.index === t.breakIndex)?.ads;
  const ads: readonly VastAd[] = vmap ? embedded.flatMap((e) => e.ads) : (doc?.ads ?? (resolved ?? []).filter((a) => a.path.startsWith(t.path)).map((a) => a.ad));
  return {
    version: t.vastVersion ?? (vmap ? (r?.version ?? '') : (doc?.version ?? '')),
    rootElement: vmap ? 'VMAP' : 'VAST',
    vastAds: ads.map(vastAdLog),
    errorUrls: vmap ? embedded.flatMap((e) => e.errors) : (doc?.errors ?? []),
    wrapperCount: ads.filter((a) => a.kind === 'wrapper').length,
    impressionCount: ads.reduce((n, a) => n + a.impressions.length, 0),
  };
}

export function vastAdLog(ad: VastAd): VastAdLog {
  const creative = ad.creatives.find((c) => c.linear) ?? ad.creatives[0];
  const linear = creative?.linear;
  const tracking: Record<string, string[]> = { impression: ad.impressions.map((i) => i.url) };
  for (const [event, urls] of Object.entries(linear?.trackingEvents ?? {})) tracking[event] = urls.map((u) => u.url);
  return {
    vastAdId: ad.id ?? '',
    adSystem: ad.adSystem?.name ?? '',
    adTitle: ad.kind === 'inline' ? (ad.adTitle ?? '') : '',
    creativeId: creative?.id ?? '',
    creativeAdId: creative?.adId ?? '',
    durationSec: linear?.durationSec ?? 0,
    vastMediaFiles: (linear?.mediaFiles ?? []).map((m) => ({
      uri: m.url,
      id: m.id ?? '',
      delivery: m.delivery ?? '',
      type: m.type ?? '',
      apiFramework: m.apiFramework ?? '',
      width: m.width ?? 0,
      height: m.height ?? 0,
      bitrate: m.bitrateKbps ?? 0,
    })),
    trackingEvents: tracking,
    ...(ad.kind === 'wrapper' ? { vastAdTagUri: ad.vastAdTagUri } : {}),
  };
}

function trackingOf(ad: VastInlineAd): Record<string, string[]> {
  const out: Record<string, string[]> = { impression: ad.impressions.map((i) => i.url) };
  for (const [event, urls] of Object.entries(linearCreative(ad)?.linear.trackingEvents ?? {})) out[event] = urls.map((u) => u.url);
  return out;
}

export function availLog(availId: string, plan: AvailPlan): AvailPlanLog {
  const adsDuration = plan.ads.reduce((t, a) => t + a.mediaDurationSec, 0);
  const origin = plan.originAvailDurationSec ?? adsDuration;
  return {
    availId,
    originAvailDurationSec: origin,
    requestedDurationSec: origin,
    filledDurationSec: plan.filledDurationSec,
    slateDurationSec: plan.slate ? Math.max(0, origin - plan.filledDurationSec) : 0,
    fillRate: plan.fillRate,
    creativeAds: plan.ads.map((a) => ({
      uri: a.creative.sourceUrl,
      creativeUniqueId: linearCreative(a.ad)?.id ?? a.creative.creativeKey,
      adPlaylistUris: null,
      trackingEvents: trackingOf(a.ad),
      vastDurationSec: a.vastDurationSec,
      transcodedAdDurationSec: a.mediaDurationSec,
    })),
    slateAd: plan.slate
      ? { uri: plan.slate.sourceUrl, creativeUniqueId: plan.slate.creativeKey, adPlaylistUris: null, transcodedAdDurationSec: plan.slate.refDurationsSec.reduce((t, x) => t + x, 0) }
      : null,
    skippedAds: plan.skipped.map((s) => ({
      creativeUniqueId: s.creativeUniqueId,
      adMezzanineUrl: s.adMezzanineUrl ?? '',
      skippedReason: s.skippedReason,
      vastDurationSec: s.vastDurationSec ?? 0,
      ...(s.message ? { message: s.message } : {}),
    })),
    ...bumperLogs(plan),
    ...(plan.ads.length === 0 && plan.reason ? { noAdsReason: plan.reason } : {}),
  };
}

function bumperLogs(plan: AvailPlan): Pick<AvailPlanLog, 'bumpers'> {
  const played = (plan.bumpers ?? []).map((b) => ({ position: b.position, uri: b.creative.sourceUrl, played: true, durationSec: b.durationSec }));
  const skipped = (plan.skippedBumpers ?? []).map((b) => ({ position: b.position, uri: b.url, played: false, reason: b.reason }));
  return played.length + skipped.length > 0 ? { bumpers: [...played, ...skipped] } : {};
}
