/**
 * @module core/vast/resolve-tree
 * The recursive part of wrapper resolution: orders a document's ads (pods, stand-alone ads),
 * follows each Wrapper's VASTAdTagURI, merges the chain into the InLine it reaches. Pure apart
 * from the injected fetch port; never throws. Ads of one document are resolved concurrently,
 * and their trace entries are then put back in document order so the log reads as a tree.
 * Spec: VAST 4.2 §2.3.5 (wrappers; §2.3.5.1 loops and limits), §2.3.6 (error codes),
 * §3.3.1 (pods and stand-alone ads), §3.19 (Wrapper attributes).
 */
import { mergeWrapperChain } from './merge.ts';
import { checkUrl, fetchAdDocument, httpFacts, normalizeUrl, readBody, requestLimitMessage, traceEntry, type ResolveContext, type StepPlace } from './resolve-fetch.ts';
import type { VastAd, VastDocument, VastInlineAd, VastWrapperAd } from './model.ts';
import type { ResolveError, ResolveErrorKind, ResolvedAd, TraceEntry, WrapperHop } from './resolve-types.ts';

/** Everything known about the path from the root document to the current one. */
export interface Chain {
  readonly wrappers: readonly VastWrapperAd[];
  readonly hops: readonly WrapperHop[];
  /** Normalised URLs fetched on this path, root first (the loop check, §2.3.5.1). */
  readonly urls: readonly string[];
  readonly depth: number;
  /** False below a wrapper with `followAdditionalWrappers="false"` (or VMAP followRedirects). */
  readonly followWrappers: boolean;
  readonly documentUrl?: string;
  readonly vastVersion: string;
  readonly rootAd?: { readonly id?: string; readonly sequence?: number };
  readonly breakIndex?: number;
  /** `<Error>` URIs of the wrappers on the path. */
  readonly errorUrls: readonly string[];
}

export interface TreePart {
  readonly ads: ResolvedAd[];
  readonly standalone: ResolvedAd[];
  readonly trace: TraceEntry[];
  readonly errors: ResolveError[];
}

/**
 * VAST 4.2 §3.3.1: with a pod (ads carrying `sequence`) the pod plays in sequence order and the
 * stand-alone ads are fallbacks; without a pod every ad plays, in document order (an SSAI
 * avail is filled with as many ads as fit, MediaTailor-style).
 */
export function orderAds(ads: readonly VastAd[]): { primary: VastAd[]; fallback: VastAd[] } {
  const pod = ads.filter((a) => a.sequence !== undefined).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.index - b.index);
  const standalone = ads.filter((a) => a.sequence === undefined);
  return pod.length > 0 ? { primary: pod, fallback: standalone } : { primary: standalone, fallback: [] };
}

/**
 * §3.19 allowMultipleAds="false": "only the first stand-alone Ad … is allowed". A response
 * that is only a pod still yields its first ad rather than nothing.
 */
function pickOne(ads: readonly VastAd[]): VastAd | undefined {
  return ads.find((a) => a.sequence === undefined) ?? orderAds(ads).primary[0];
}

export async function resolveDocumentAds(ctx: ResolveContext, doc: VastDocument, chain: Chain, basePath: string, allowMultiple: boolean): Promise<TreePart> {
  let { primary, fallback } = orderAds(doc.ads);
  if (!allowMultiple) {
    const one = pickOne(doc.ads);
    primary = one ? [one] : [];
    fallback = [];
  }
  const pathOf = (ad: VastAd): string => (basePath === '' ? String(ad.index) : `${basePath}.${ad.index}`);
  const [primaryParts, fallbackParts] = await Promise.all([
    Promise.all(primary.map((ad) => resolveAd(ctx, ad, chain, pathOf(ad)))),
    Promise.all(fallback.map((ad) => resolveAd(ctx, ad, chain, pathOf(ad)))),
  ]);
  const inDocumentOrder = [...primary.map((ad, i) => ({ ad, part: primaryParts[i] })), ...fallback.map((ad, i) => ({ ad, part: fallbackParts[i] }))]
    .sort((x, y) => x.ad.index - y.ad.index)
    .map((x) => x.part)
    .filter((p): p is TreePart => p !== undefined);
  return {
    ads: primaryParts.flatMap((p) => p.ads),
    standalone: [...primaryParts.flatMap((p) => p.standalone), ...fallbackParts.flatMap((p) => [...p.ads, ...p.standalone])],
    trace: inDocumentOrder.flatMap((p) => p.trace),
    errors: inDocumentOrder.flatMap((p) => p.errors),
  };
}

async function resolveAd(ctx: ResolveContext, ad: VastAd, parent: Chain, path: string): Promise<TreePart> {
  const chain: Chain = parent.rootAd ? parent : { ...parent, rootAd: { id: ad.id, sequence: ad.sequence } };
  if (ad.kind === 'inline') return { ads: [toResolved(ad, chain, path)], standalone: [], trace: [], errors: [] };
  return followWrapper(ctx, ad, chain, path);
}

/** VAST 4.2 §2.3.6 error codes for the `[ERRORCODE]` of the chain's Error URIs. */
const VAST_ERROR_CODE: Readonly<Record<ResolveErrorKind, number>> = {
  timeout: 301,
  budget_exhausted: 301,
  network_error: 301,
  http_error: 301,
  parse_error: 100,
  unknown_root_element: 101,
  disallowed_host: 300,
  invalid_vast_ad_tag_uri: 300,
  depth_exceeded: 302,
  loop_detected: 302,
  redirect_not_allowed: 300,
  redirect_empty_response: 303,
  // §2.3.6: 302 "Wrapper limit reached, as defined by the video player".
  request_limit_exceeded: 302,
  unsupported_ad_source: 900,
};

export function resolveError(chain: Chain, place: StepPlace, kind: ResolveErrorKind, message: string, extra: { url?: string; errorUrls?: readonly string[]; fallbackOnNoAd?: boolean }): ResolveError {
  const e: Record<string, unknown> = {
    kind,
    message,
    depth: place.depth,
    path: place.path,
    breakIndex: chain.breakIndex,
    url: extra.url,
    adId: chain.rootAd?.id,
    sequence: chain.rootAd?.sequence,
    vastErrorCode: VAST_ERROR_CODE[kind],
    errorUrls: extra.errorUrls ?? chain.errorUrls,
    fallbackOnNoAd: extra.fallbackOnNoAd,
  };
  for (const key of Object.keys(e)) if (e[key] === undefined) delete e[key];
  return e as unknown as ResolveError;
}

async function followWrapper(ctx: ResolveContext, wrapper: VastWrapperAd, chain: Chain, path: string): Promise<TreePart> {
  const depth = chain.depth + 1;
  const place: StepPlace = { depth, path, breakIndex: chain.breakIndex, adId: wrapper.id };
  const trace: TraceEntry[] = [];
  const errorUrls = [...chain.errorUrls, ...wrapper.errors];
  const url = wrapper.vastAdTagUri;
  const fail = (kind: ResolveErrorKind, message: string, traced = false, extraUrls: readonly string[] = []): TreePart => {
    if (!traced) trace.push(traceEntry(ctx, place, { outcome: kind, url: url === '' ? undefined : url, message }));
    const error = resolveError(chain, place, kind, message, {
      url: url === '' ? undefined : url,
      errorUrls: [...errorUrls, ...extraUrls],
      fallbackOnNoAd: wrapper.fallbackOnNoAd,
    });
    return { ads: [], standalone: [], trace, errors: [error] };
  };

  if (!chain.followWrappers) return fail('redirect_not_allowed', 'the enclosing wrapper does not allow further wrappers');
  if (url === '') return fail('invalid_vast_ad_tag_uri', 'Wrapper has no VASTAdTagURI');
  if (depth > ctx.maxDepth) return fail('depth_exceeded', `more than ${ctx.maxDepth} wrapper hops`);
  const normalized = normalizeUrl(url);
  if (chain.urls.includes(normalized)) return fail('loop_detected', 'VASTAdTagURI repeats a URL already in this wrapper chain');
  const check = checkUrl(ctx, url, 'invalid_vast_ad_tag_uri');
  if (!check.ok) return fail(check.kind, check.message);
  if (!ctx.gate.reserve()) {
    ctx.gate.cut();
    return fail('request_limit_exceeded', requestLimitMessage(ctx));
  }

  trace.push(traceEntry(ctx, place, { outcome: 'vast_redirect', url }));
  const fetched = await fetchAdDocument(ctx, url, place, trace);
  if (!fetched.ok) return fail(fetched.kind, fetched.message, true);
  const read = readBody(fetched.body, false);
  const http = httpFacts(url, fetched);
  if (read.kind !== 'vast') {
    const kind = read.kind === 'error' ? read.error : 'unknown_root_element';
    const message = read.kind === 'error' ? read.message : 'a wrapper led to a VMAP document';
    trace.push(traceEntry(ctx, place, { outcome: kind, ...http, message }));
    return fail(kind, message, true);
  }
  const doc = read.document;
  if (doc.ads.length === 0) {
    trace.push(traceEntry(ctx, place, { outcome: 'redirect_empty_response', ...http, vastVersion: doc.version, adCount: 0 }));
    return fail('redirect_empty_response', 'no ad after the wrapper', true, doc.errors);
  }
  trace.push(traceEntry(ctx, place, { outcome: 'redirected_vast_response', ...http, vastVersion: doc.version, adCount: doc.ads.length }));
  if (doc.ads.length > 1 && !wrapper.allowMultipleAds) {
    trace.push(
      traceEntry(ctx, place, {
        outcome: 'redirect_multiple_vast',
        url,
        adCount: doc.ads.length,
        message: 'the wrapper does not allow multiple ads (allowMultipleAds); one ad kept',
      }),
    );
  }
  const next: Chain = {
    ...chain,
    wrappers: [...chain.wrappers, wrapper],
    hops: [...chain.hops, hop(wrapper, chain.documentUrl)],
    urls: [...chain.urls, normalized],
    depth,
    followWrappers: wrapper.followAdditionalWrappers,
    documentUrl: url,
    vastVersion: doc.version,
    errorUrls,
  };
  const sub = await resolveDocumentAds(ctx, doc, next, path, wrapper.allowMultipleAds);
  return { ads: sub.ads, standalone: sub.standalone, trace: [...trace, ...sub.trace], errors: sub.errors };
}

function hop(wrapper: VastWrapperAd, documentUrl: string | undefined): WrapperHop {
  const h: { adId?: string; adSystem?: string; vastAdTagUri: string; documentUrl?: string } = { vastAdTagUri: wrapper.vastAdTagUri };
  if (wrapper.id !== undefined) h.adId = wrapper.id;
  if (wrapper.adSystem !== undefined) h.adSystem = wrapper.adSystem.name;
  if (documentUrl !== undefined) h.documentUrl = documentUrl;
  return h;
}

function toResolved(inline: VastInlineAd, chain: Chain, path: string): ResolvedAd {
  const r: { -readonly [K in keyof ResolvedAd]: ResolvedAd[K] } = {
    ad: mergeWrapperChain(chain.wrappers, inline),
    path,
    depth: chain.depth,
    wrapperChain: chain.hops,
    vastVersion: chain.vastVersion,
  };
  if (chain.rootAd?.sequence !== undefined) r.sequence = chain.rootAd.sequence;
  if (chain.rootAd?.id !== undefined) r.rootAdId = chain.rootAd.id;
  if (chain.documentUrl !== undefined) r.sourceUrl = chain.documentUrl;
  return r;
}
