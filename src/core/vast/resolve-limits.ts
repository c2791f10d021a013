/**
 * @module core/vast/resolve-limits
 * How many ad-server requests one resolution may make, and how many at once. VAST 4.2 §2.3.5.1
 * bounds a wrapper chain's depth, not its width: with `allowMultipleAds="true"` every wrapper
 * may expand into several ads, each a wrapper again, so the number of requests grows as
 * width^depth (4 ads over 7 levels: 21,845 requests for one avail, 16,384 at once). The gate
 * below counts requests as they are committed to (before the request, so a refused wrapper is
 * never requested) and queues the ones beyond the concurrency limit without starting their
 * timeout. Pure: a counter and a FIFO of resolvers, no timers.
 */
import type { RequestLimitReport } from './resolve-types.ts';

/**
 * Requests per resolution (the root, VMAP AdTagURIs and wrapper hops). A pod of 8 ads each 7
 * hops deep (MediaTailor's depth limit) needs 57; 64 leaves room for that and caps a hostile
 * tree at what 10 s of avail budget at 3 s per request and 6 at a time could fetch anyway.
 */
export const MAX_AD_REQUESTS_PER_RESOLUTION = 64;

/**
 * Requests in flight at once. Workers allow 6 simultaneous open connections per invocation;
 * a 7th fetch waits in the runtime's queue with its timeout already running, so queueing here
 * instead lets each request's timeout start when it really starts.
 */
export const MAX_CONCURRENT_AD_REQUESTS = 6;

export interface RequestGate {
  /** Commits one request; false when the resolution's requests are spent (the caller cuts). */
  reserve(): boolean;
  /** Runs a reserved request when a slot is free; slots are granted in reservation order. */
  run<T>(request: () => Promise<T>): Promise<T>;
  /** Records a request (wrapper hop or VMAP AdTagURI) not made because `reserve()` said no. */
  cut(): void;
  report(): RequestLimitReport;
}

export function requestGate(maxRequests: number, maxConcurrent: number): RequestGate {
  const limit = Math.max(1, Math.floor(maxConcurrent));
  let reserved = 0;
  let active = 0;
  let cutRequests = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    reserve() {
      if (reserved >= maxRequests) return false;
      reserved++;
      return true;
    },
    async run(request) {
      // A freed slot passes straight to the next waiter (`release`), so `active` counts it still.
      if (active < limit) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await request();
      } finally {
        release();
      }
    },
    cut() {
      cutRequests++;
    },
    report() {
      return { maxRequests, maxConcurrent: limit, requests: reserved, cutRequests };
    },
  };
}
