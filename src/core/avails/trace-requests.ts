/**
 * @module core/avails/trace-requests
 * Reads the resolver's trace (core/vast/resolve) as the ad server saw it, so that every log
 * format tells the same story (docs/ad-logs.md "One request, one line"): each HTTP request made,
 * paired with the one entry that closed it, and apart from them the steps that made no request:
 * a VMAP's embedded VAST documents (part of the VMAP response), wrappers not followed (loop,
 * depth, request limit, …), an answer cut to one ad, URLs the host policy refused. A request that
 * the decision budget stopped before it was sent is not a request. Pure.
 */
import type { TraceEntry, TraceOutcome } from '../vast/index.ts';

/** One HTTP request the resolver made, with the entry that closed it. */
export interface TracedRequest {
  /** `ads_request` (the ADS URL, a VMAP AdTagURI) or `vast_redirect` (a wrapper hop). */
  readonly opener: TraceEntry;
  /** Undefined only if the trace has no outcome for it (then it is logged as a failed exchange). */
  close?: TraceEntry;
  /** The request whose response led here: the wrapper's document, or the VMAP of an AdTagURI. */
  readonly parent?: TracedRequest;
  /** Steps that made no request while unwrapping this request's response (`outcome: message`). */
  readonly unwrapErrors: string[];
  /** Set by the caller (the log's request id). */
  id?: string;
}

export type TracedItem =
  | { readonly kind: 'request'; readonly request: TracedRequest }
  | { readonly kind: 'close'; readonly request: TracedRequest }
  /** A URL refused by the host policy: before any request, or at a redirect hop of one. */
  | { readonly kind: 'refused'; readonly entry: TraceEntry }
  | { readonly kind: 'warning'; readonly entry: TraceEntry; readonly owner?: TracedRequest };

/** Outcomes that close the request made at the same place (`fetchNow` and its callers record exactly one). */
const CLOSERS: ReadonlySet<TraceOutcome> = new Set<TraceOutcome>([
  'vast_response',
  'vmap_response',
  'empty_vast_response',
  'empty_vmap_response',
  'redirected_vast_response',
  'redirect_empty_response',
  'timeout',
  'budget_exhausted',
  'network_error',
  'http_error',
  'parse_error',
  'unknown_root_element',
  'disallowed_host',
]);

/** A document read without a request (VMAP `VASTAdData`, a break without ad source): nothing to log. */
const CONTENT_WITHOUT_REQUEST: ReadonlySet<TraceOutcome> = new Set<TraceOutcome>(['vast_response', 'empty_vast_response']);

const placeKey = (breakIndex: number | undefined, path: string): string => `${breakIndex ?? ''}|${path}`;

function parentPath(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * The trace as requests and steps, in trace order: a request appears where it was made and
 * again where it closed; everything else once.
 */
export function traceRequests(trace: readonly TraceEntry[]): TracedItem[] {
  const made = new Map<string, TracedRequest>();
  const requestAt = (breakIndex: number | undefined, path: string): TracedRequest | undefined =>
    made.get(placeKey(breakIndex, path)) ?? (breakIndex !== undefined && path === '' ? made.get(placeKey(undefined, '')) : undefined);
  const items: TracedItem[] = [];
  for (const t of trace) {
    const key = placeKey(t.breakIndex, t.path);
    if (t.outcome === 'ads_request' || t.outcome === 'vast_redirect') {
      // A wrapper's hop comes from the document one level up; a VMAP AdTagURI from the VMAP.
      const parent = t.outcome === 'vast_redirect' ? requestAt(t.breakIndex, parentPath(t.path)) : t.breakIndex !== undefined ? made.get(placeKey(undefined, '')) : undefined;
      const request: TracedRequest = { opener: t, ...(parent ? { parent } : {}), unwrapErrors: [] };
      made.set(key, request);
      items.push({ kind: 'request', request });
      continue;
    }
    const open = made.get(key);
    if (open && open.close === undefined && CLOSERS.has(t.outcome)) {
      if (t.outcome === 'budget_exhausted') {
        // Checked after the slot was granted, before anything was sent: no request was made.
        made.delete(key);
        const at = items.findIndex((i) => i.kind === 'request' && i.request === open);
        if (at >= 0) items.splice(at, 1);
        items.push(warning(t, open.parent));
        continue;
      }
      open.close = t;
      items.push({ kind: 'close', request: open });
      // A redirect hop refused by the host policy: the request was made, its redirect not followed.
      if (t.outcome === 'disallowed_host') items.push({ kind: 'refused', entry: t });
      continue;
    }
    if (t.outcome === 'disallowed_host') {
      items.push({ kind: 'refused', entry: t });
      continue;
    }
    if (CONTENT_WITHOUT_REQUEST.has(t.outcome) && t.url === undefined) continue;
    // "One ad kept" is about the response of the request made here; the other steps are about a
    // wrapper (or AdTagURI) found in the document one level up.
    items.push(warning(t, t.outcome === 'redirect_multiple_vast' ? open : requestAt(t.breakIndex, parentPath(t.path))));
  }
  return items;
}

/** Messages kept per response: a document of thousands of looping wrappers says it in a few. */
const MAX_UNWRAP_ERRORS = 8;

function warning(entry: TraceEntry, owner: TracedRequest | undefined): TracedItem {
  const message = `${entry.outcome}: ${entry.message ?? ''}`.trim();
  if (owner && owner.unwrapErrors.length < MAX_UNWRAP_ERRORS && !owner.unwrapErrors.includes(message)) owner.unwrapErrors.push(message);
  return { kind: 'warning', entry, ...(owner ? { owner } : {}) };
}
