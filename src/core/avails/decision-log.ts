/**
 * @module core/avails/decision-log
 * Turns one avail decision (the resolver's trace and the plan) into ad-log events (docs/architecture.md §8;
 * docs/mediatailor-compat.md §7.1 event types): MAKING_ADS_REQUEST, VAST_REDIRECT, (REDIRECTED_)VAST_RESPONSE,
 * EMPTY_VAST_RESPONSE, ERROR_ADS_TIMEOUT, ERROR_ADS_RESPONSE_PARSE, ERROR_ADS_INVALID_RESPONSE,
 * ERROR_DISALLOWED_HOST, WARNING_URL_VARIABLE_SUBSTITUTION_FAILED and FILLED_AVAIL. Pure: ids and
 * the clock come in.
 */
import type { AdLogEvent, AdLogEventBase, AvailPlanLog, HttpExchangeLog, LogHeader, PodLocation, VastAdLog, VastResponseLog } from '../logs/events.ts';
import type { AdResolution, TraceEntry, VastAd, VastDocument, VastInlineAd } from '../vast/index.ts';
import { linearCreative } from '../vast/index.ts';
import type { AvailPlan } from './plan.ts';

export interface DecisionLogInput {
  readonly base: Omit<AdLogEventBase, 'eventId' | 'timestampMs' | 'availId'>;
  readonly availId: string;
  readonly podLocation: PodLocation;
  readonly adRequestIndex: number;
  readonly adsRequestUrl: string;
  readonly unresolvedVariables: readonly string[];
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** The body of a POST ad request, as sent. */
  readonly requestBody?: string;
  readonly resolution?: AdResolution;
  readonly plan: AvailPlan;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
  readonly clientOnlyTracking: boolean;
  /** An overlay avail (core/avails/overlays): its ADS exchange only, no FILLED_AVAIL (nothing is filled). */
  readonly overlay?: boolean;
  readonly newId: () => string;
}

const REQUEST_OUTCOMES = new Set(['ads_request', 'vast_redirect']);

export function decisionEvents(d: DecisionLogInput): AdLogEvent[] {
  const events: AdLogEvent[] = [];
  const base = (atMs: number): AdLogEventBase => ({ ...d.base, eventId: d.newId(), timestampMs: atMs, availId: d.availId });
  const headers: LogHeader[] = Object.entries(d.requestHeaders).map(([name, value]) => ({ name, value }));
  if (d.unresolvedVariables.length > 0) {
    events.push({ ...base(d.startedAtMs), kind: 'variable-substitution-failed', url: d.adsRequestUrl, variables: d.unresolvedVariables });
  }
  // Pair each request with the response that closes it (same path in the ad tree).
  const open = new Map<string, { id: string; parent?: string; depth: number; url: string; atMs: number }>();
  let rootId: string | undefined;
  let rootStatus: number | undefined;
  let failed = false;
  for (const t of d.resolution?.trace ?? []) {
    if (REQUEST_OUTCOMES.has(t.outcome)) {
      const id = d.newId();
      const parent = t.outcome === 'vast_redirect' ? (open.get(parentPath(t.path))?.id ?? rootId) : undefined;
      if (t.outcome === 'ads_request') {
        rootId ??= id;
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
          parentAdsRequestId: parent ?? id,
          wrapperDepth: t.depth,
          url: t.url ?? '',
          requestHeaders: headers,
          podLocation: d.podLocation,
        });
      }
      open.set(t.path, { id, ...(parent ? { parent } : {}), depth: t.depth, url: t.url ?? d.adsRequestUrl, atMs: t.atMs });
      continue;
    }
    if (t.outcome === 'disallowed_host') {
      events.push({ ...base(t.atMs), kind: 'disallowed-host', url: t.url ?? '', target: 'ads', message: t.message ?? 'host refused' });
      failed ||= t.depth === 0;
      continue;
    }
    const req = open.get(t.path) ?? [...open.values()].pop();
    if (!req) continue;
    const exchange = {
      adsRequestId: req.id,
      ...(req.parent ? { parentAdsRequestId: req.parent } : {}),
      wrapperDepth: t.depth,
      podLocation: d.podLocation,
      http: http(req.url, headers, t, req.atMs),
    };
    if (req.id === rootId && t.status !== undefined) rootStatus = t.status;
    const doc = t.depth === 0 ? d.resolution?.vastDocument : undefined;
    switch (t.outcome) {
      case 'vast_response':
      case 'vmap_response':
      case 'redirected_vast_response':
        events.push({
          ...base(t.atMs),
          ...exchange,
          kind: t.outcome === 'redirected_vast_response' ? 'redirected-vast-response' : 'vast-response',
          vast: vastLog(t, doc, d.resolution, t.outcome === 'vmap_response'),
        });
        break;
      case 'empty_vast_response':
      case 'empty_vmap_response':
      case 'redirect_empty_response':
        events.push({ ...base(t.atMs), ...exchange, kind: 'empty-vast-response', vast: vastLog(t, doc, d.resolution, t.outcome === 'empty_vmap_response') });
        break;
      case 'timeout':
      case 'budget_exhausted':
        events.push({ ...base(t.atMs), ...exchange, kind: 'ads-timeout', timeoutMs: t.durationMs ?? 0 });
        failed ||= t.depth === 0;
        break;
      case 'parse_error':
      case 'unknown_root_element':
        events.push({ ...base(t.atMs), ...exchange, kind: 'ads-parse-error', message: t.message ?? t.outcome });
        failed ||= t.depth === 0;
        break;
      default:
        events.push({ ...base(t.atMs), ...exchange, kind: 'ads-invalid-response', message: `${t.outcome}: ${t.message ?? ''}`.trim() });
        failed ||= t.depth === 0;
    }
  }
  if (d.overlay) return events;
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

function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

function http(url: string, requestHeaders: LogHeader[], t: TraceEntry, startedAtMs: number): HttpExchangeLog {
  return { url, requestHeaders, ...(t.status !== undefined ? { statusCode: t.status } : {}), startedAtMs, durationMs: t.durationMs ?? Math.max(0, t.atMs - startedAtMs) };
}

function vastLog(t: TraceEntry, doc: VastDocument | undefined, r: AdResolution | undefined, vmap: boolean): VastResponseLog {
  const ads: readonly VastAd[] = doc?.ads ?? (r?.ads ?? []).filter((a) => a.path.startsWith(t.path)).map((a) => a.ad);
  return {
    version: t.vastVersion ?? doc?.version ?? '',
    rootElement: vmap ? 'VMAP' : 'VAST',
    vastAds: ads.map(vastAdLog),
    errorUrls: doc?.errors ?? [],
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
