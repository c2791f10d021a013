/**
 * Wrapper fan-out limits (issue 9 item 4): an ad server answering 4 wrapper ads per response
 * over 7 levels with allowMultipleAds="true" asked for 21,845 documents for one avail, 16,384
 * of them at once. The resolver bounds the requests per resolution and in flight, and says what
 * it cut (errors with VAST error 302 and a `requestLimits` summary).
 */
import { describe, expect, it } from 'vitest';
import { resolveAdResponse } from '../../../src/core/vast/resolve.ts';
import { MAX_AD_REQUESTS_PER_RESOLUTION, MAX_CONCURRENT_AD_REQUESTS } from '../../../src/core/vast/resolve-limits.ts';
import type { FetchAdXml, ResolveOptions } from '../../../src/core/vast/resolve-types.ts';
import { allowAll, inlineAd, vast, wrapperAd } from './helpers.ts';

const ROOT = 'https://fan.example/d0';

/**
 * A hostile ad server: every document at depth < `levels` holds `width` wrappers (allowing
 * multiple ads) to distinct child URLs; depth `levels` answers one InLine. Each request waits
 * a macrotask so concurrent requests overlap, and the peak in flight is recorded.
 */
function fanOutServer(width: number, levels: number) {
  const state = { calls: 0, inFlight: 0, peak: 0, now: 1_000_000 };
  const fetchXml: FetchAdXml = async (url) => {
    state.calls++;
    state.inFlight++;
    state.peak = Math.max(state.peak, state.inFlight);
    await new Promise((r) => setTimeout(r, 0));
    state.inFlight--;
    state.now += 1;
    const depth = new URL(url).pathname.split('/').length - 2;
    const body =
      depth >= levels
        ? vast(inlineAd({ id: `in-${state.calls}` }))
        : vast(Array.from({ length: width }, (_, i) => wrapperAd({ id: `w${i}`, tagUri: `${url}/${i}`, attrs: 'allowMultipleAds="true"' })).join(''));
    return { ok: true, status: 200, body, durationMs: 1 };
  };
  return { state, fetchXml, nowMs: () => state.now };
}

function run(server: ReturnType<typeof fanOutServer>, extra: Partial<ResolveOptions> = {}) {
  return resolveAdResponse({ rootUrl: ROOT, fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs, ...extra });
}

describe('wrapper fan-out (4 ads per response, 7 levels)', () => {
  it('makes at most MAX_AD_REQUESTS_PER_RESOLUTION requests, at most MAX_CONCURRENT_AD_REQUESTS at once', async () => {
    const server = fanOutServer(4, 7);
    const r = await run(server);
    expect(server.state.calls).toBe(MAX_AD_REQUESTS_PER_RESOLUTION);
    expect(server.state.peak).toBeLessThanOrEqual(MAX_CONCURRENT_AD_REQUESTS);
    expect(server.state.peak).toBeGreaterThan(1);
    const requested = r.trace.filter((t) => t.outcome === 'ads_request' || t.outcome === 'vast_redirect');
    expect(requested).toHaveLength(MAX_AD_REQUESTS_PER_RESOLUTION);
  });

  it('records every wrapper it did not follow as a request_limit_exceeded error (VAST 302) and sums it up', async () => {
    const server = fanOutServer(4, 7);
    const r = await run(server);
    const cut = r.errors.filter((e) => e.kind === 'request_limit_exceeded');
    expect(cut.length).toBeGreaterThan(0);
    for (const e of cut) {
      expect(e.vastErrorCode).toBe(302);
      expect(e.message).toMatch(/64 ad server requests/);
      expect(e.url).toMatch(/^https:\/\/fan\.example\/d0\//);
      expect(e.errorUrls.length).toBeGreaterThan(0);
    }
    expect(r.trace.filter((t) => t.outcome === 'request_limit_exceeded')).toHaveLength(cut.length);
    expect(r.requestLimits).toEqual({
      maxRequests: MAX_AD_REQUESTS_PER_RESOLUTION,
      maxConcurrent: MAX_CONCURRENT_AD_REQUESTS,
      requests: MAX_AD_REQUESTS_PER_RESOLUTION,
      cutRequests: cut.length,
    });
  });

  it('the shallowest wrappers are followed first (breadth before depth), so whole levels are not starved', async () => {
    const server = fanOutServer(4, 7);
    const r = await run(server);
    const redirects = r.trace.filter((t) => t.outcome === 'vast_redirect');
    // 1 root + 4 at depth 1 + 16 at depth 2 = 21 requests; the remaining 43 go to depth 3.
    const perDepth = (d: number): number => redirects.filter((t) => t.depth === d).length;
    expect([perDepth(1), perDepth(2), perDepth(3), perDepth(4)]).toEqual([4, 16, 43, 0]);
  });

  it('a chain within the limits is untouched, and the summary says nothing was cut', async () => {
    const server = fanOutServer(2, 3);
    const r = await run(server);
    expect(server.state.calls).toBe(1 + 2 + 4 + 8);
    expect(r.ads).toHaveLength(8);
    expect(r.errors).toEqual([]);
    expect(r.requestLimits).toMatchObject({ requests: 15, cutRequests: 0 });
  });

  it('the limits are options (a test or an operator can lower them)', async () => {
    const server = fanOutServer(3, 3);
    const r = await run(server, { maxRequests: 5, maxConcurrentRequests: 1 });
    expect(server.state.calls).toBe(5);
    expect(server.state.peak).toBe(1);
    expect(r.requestLimits).toMatchObject({ maxRequests: 5, maxConcurrent: 1, requests: 5 });
    // Root + 3 depth-1 wrappers + 1 of the 9 depth-2 ones are followed: 8 depth-2 wrappers are
    // cut, and the 3 depth-3 wrappers of the one depth-2 document fetched.
    expect(
      r.errors
        .filter((e) => e.kind === 'request_limit_exceeded')
        .map((e) => e.depth)
        .sort(),
    ).toEqual([2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3]);
  });

  it('a queued request gets its timeout from what is left of the budget when it starts, not when it was queued', async () => {
    const seen: number[] = [];
    let now = 0;
    const fetchXml: FetchAdXml = async (url, { timeoutMs }) => {
      seen.push(timeoutMs);
      await new Promise((r) => setTimeout(r, 0));
      now += 1000;
      const body = url === ROOT ? vast([0, 1, 2].map((i) => wrapperAd({ id: `w${i}`, tagUri: `${ROOT}/${i}` })).join('')) : vast(inlineAd({ id: url }));
      return { ok: true, status: 200, body, durationMs: 1000 };
    };
    const r = await resolveAdResponse({ rootUrl: ROOT, fetchXml, isAllowedUrl: allowAll, nowMs: () => now, maxConcurrentRequests: 1, budgetMs: 4_500 });
    expect(r.ads).toHaveLength(3);
    // Each hop waited for the one before and gets min(3 s, what is left of the 4.5 s budget then).
    expect(seen).toEqual([3000, 3000, 2500, 1500]);
  });
});
