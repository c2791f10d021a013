/**
 * resolveAdResponse with a fake ad server behind the FetchAdXml port: wrapper depth, loops,
 * failures that drop one ad, merge order, pods, budgets, root failures.
 */
import { describe, expect, it } from 'vitest';
import { resolveAdResponse, MEDIATAILOR_EVENT_BY_OUTCOME } from '../../../src/core/vast/resolve.ts';
import type { ResolveOptions } from '../../../src/core/vast/resolve-types.ts';
import { allowAll, fakeAdServer, inlineAd, vast, wrapperAd, type Route } from './helpers.ts';

const ROOT = 'https://ads.example/vast?session=1';

function setup(routes: Record<string, Route>, extra: Partial<ResolveOptions> = {}) {
  const server = fakeAdServer(routes);
  const run = () => resolveAdResponse({ rootUrl: ROOT, fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs, ...extra });
  return { server, run };
}

/** Root wrapper → hop 1 → … → hop `hops` (an InLine): `hops` wrapper redirects. */
function chain(hops: number): Record<string, Route> {
  const routes: Record<string, Route> = {};
  const url = (i: number): string => (i === 0 ? ROOT : `https://hop${i}.example/vast`);
  for (let i = 0; i < hops; i++) routes[url(i)] = vast(wrapperAd({ id: `w${i}`, tagUri: url(i + 1) }));
  routes[url(hops)] = vast(inlineAd({ id: 'final' }));
  return routes;
}

const outcomes = (trace: readonly { outcome: string }[]): string[] => trace.map((t) => t.outcome);

describe('a plain response', () => {
  it('fetches, parses, returns the ad with its source and a two-step trace', async () => {
    const { run, server } = setup({ [ROOT]: vast(inlineAd({ id: 'a' })) });
    const r = await run();
    expect(r.responseKind).toBe('vast');
    expect(r.version).toBe('4.2');
    expect(r.emptyResponse).toBe(false);
    expect(r.ads).toHaveLength(1);
    expect(r.ads[0]).toMatchObject({ path: '0', depth: 0, rootAdId: 'a', sourceUrl: ROOT, vastVersion: '4.2', wrapperChain: [] });
    expect(r.trace).toEqual([
      { outcome: 'ads_request', depth: 0, path: '', url: ROOT, atMs: 1_000_000 },
      { outcome: 'vast_response', depth: 0, path: '', url: ROOT, status: 200, durationMs: 10, atMs: 1_000_010, vastVersion: '4.2', adCount: 1 },
    ]);
    expect(server.calls).toEqual([{ url: ROOT, timeoutMs: 3000 }]);
    expect(r.errors).toEqual([]);
  });

  it('uses an in-hand body without fetching', async () => {
    const { server } = setup({});
    const r = await resolveAdResponse({ rootXml: vast(inlineAd({ id: 'a' })), fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs });
    expect(r.ads[0]?.sourceUrl).toBeUndefined();
    expect(outcomes(r.trace)).toEqual(['vast_response']);
    expect(server.calls).toEqual([]);
  });

  it('an in-hand body with its URL: the URL is the source and the first loop link; the root document is returned', async () => {
    const { server } = setup({});
    const body = vast(inlineAd({ id: 'a' }) + wrapperAd({ id: 'back', tagUri: ROOT }));
    const r = await resolveAdResponse({ rootXml: body, rootUrl: ROOT, fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs });
    expect(server.calls).toEqual([]);
    expect(r.ads[0]?.sourceUrl).toBe(ROOT);
    expect(r.errors.map((e) => e.kind)).toEqual(['loop_detected']);
    expect(r.vastDocument?.ads.map((a) => a.id)).toEqual(['a', 'back']);
  });

  it('maps every outcome to a MediaTailor event name', () => {
    expect(MEDIATAILOR_EVENT_BY_OUTCOME.vast_redirect).toBe('VAST_REDIRECT');
    expect(MEDIATAILOR_EVENT_BY_OUTCOME.http_error).toBe('ERROR_ADS_INVALID_RESPONSE');
    expect(MEDIATAILOR_EVENT_BY_OUTCOME.loop_detected).toBe('ERROR_VAST_REDIRECT_FAILED');
  });
});

describe('wrapper depth (MediaTailor: 7 hops)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('%i hop(s) resolve', async (hops) => {
    const { run, server } = setup(chain(hops));
    const r = await run();
    expect(r.errors).toEqual([]);
    expect(r.ads).toHaveLength(1);
    const ad = r.ads[0];
    expect(ad?.depth).toBe(hops);
    expect(ad?.wrapperChain.map((h) => h.adId)).toEqual(Array.from({ length: hops }, (_, i) => `w${i}`));
    expect(ad?.wrapperChain[0]).toMatchObject({ documentUrl: ROOT, vastAdTagUri: 'https://hop1.example/vast', adSystem: 'wrapper-w0' });
    expect(ad?.sourceUrl).toBe(`https://hop${hops}.example/vast`);
    expect(ad?.ad.impressions).toHaveLength(hops + 1);
    expect(server.calls).toHaveLength(hops + 1);
    expect(outcomes(r.trace)).toEqual(['ads_request', 'vast_response', ...Array.from({ length: hops }, () => ['vast_redirect', 'redirected_vast_response']).flat()]);
    expect(r.trace.filter((t) => t.outcome === 'vast_redirect').map((t) => t.depth)).toEqual(Array.from({ length: hops }, (_, i) => i + 1));
  });

  it('an 8th hop is refused without being requested', async () => {
    const { run, server } = setup(chain(8));
    const r = await run();
    expect(r.ads).toEqual([]);
    expect(r.emptyResponse).toBe(true);
    expect(server.calls.map((c) => c.url)).not.toContain('https://hop8.example/vast');
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'depth_exceeded', depth: 8, url: 'https://hop8.example/vast', adId: 'w7' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ kind: 'depth_exceeded', vastErrorCode: 302, depth: 8, adId: 'w0', path: '0.0.0.0.0.0.0.0' });
    expect(r.errors[0]?.errorUrls).toEqual(Array.from({ length: 8 }, (_, i) => `https://wrap.example/err/w${i}?c=[ERRORCODE]`));
  });

  it('maxDepth is configurable', async () => {
    const r = await setup(chain(3), { maxDepth: 2 }).run();
    expect(r.errors.map((e) => e.kind)).toEqual(['depth_exceeded']);
  });
});

describe('loops', () => {
  it('a URL seen twice in one chain is a loop, detected before the request', async () => {
    const { run, server } = setup({
      [ROOT]: vast(wrapperAd({ id: 'w0', tagUri: 'https://a.example/1' })),
      'https://a.example/1': vast(wrapperAd({ id: 'w1', tagUri: 'https://b.example/2' })),
      'https://b.example/2': vast(wrapperAd({ id: 'w2', tagUri: 'https://A.EXAMPLE/1' })),
    });
    const r = await run();
    expect(server.calls.map((c) => c.url)).toEqual([ROOT, 'https://a.example/1', 'https://b.example/2']);
    expect(r.errors).toMatchObject([{ kind: 'loop_detected', depth: 3, vastErrorCode: 302 }]);
    expect(r.trace.at(-1)?.outcome).toBe('loop_detected');
  });

  it('a wrapper pointing back at the ADS request is a loop', async () => {
    const r = await setup({ [ROOT]: vast(wrapperAd({ id: 'w0', tagUri: ROOT })) }).run();
    expect(r.errors.map((e) => e.kind)).toEqual(['loop_detected']);
  });

  it('the same URL in two sibling chains is not a loop', async () => {
    const r = await setup({
      [ROOT]: vast(wrapperAd({ id: 'w1', sequence: 1, tagUri: 'https://same.example/x' }) + wrapperAd({ id: 'w2', sequence: 2, tagUri: 'https://same.example/x' })),
      'https://same.example/x': vast(inlineAd({ id: 'leaf' })),
    }).run();
    expect(r.errors).toEqual([]);
    expect(r.ads.map((a) => [a.rootAdId, a.sequence])).toEqual([
      ['w1', 1],
      ['w2', 2],
    ]);
  });
});

describe('a failure drops only its ad', () => {
  const pod = vast(
    inlineAd({ id: 'one', sequence: 1 }) + wrapperAd({ id: 'slow', sequence: 2, tagUri: 'https://slow.example/vast', attrs: 'fallbackOnNoAd="true"' }) + inlineAd({ id: 'three', sequence: 3 }),
  );

  it('a wrapper timing out in a pod', async () => {
    const { run, server } = setup({ [ROOT]: pod, 'https://slow.example/vast': { hang: true } });
    const r = await run();
    expect(r.ads.map((a) => [a.rootAdId, a.sequence])).toEqual([
      ['one', 1],
      ['three', 3],
    ]);
    expect(r.errors).toEqual([
      {
        kind: 'timeout',
        message: 'timed out after 3000 ms',
        depth: 1,
        path: '1',
        url: 'https://slow.example/vast',
        adId: 'slow',
        sequence: 2,
        vastErrorCode: 301,
        errorUrls: ['https://wrap.example/err/slow?c=[ERRORCODE]'],
        fallbackOnNoAd: true,
      },
    ]);
    expect(outcomes(r.trace)).toEqual(['ads_request', 'vast_response', 'vast_redirect', 'timeout']);
    expect(r.trace[3]).toMatchObject({ durationMs: 3000, path: '1', adId: 'slow' });
    expect(server.calls[1]).toEqual({ url: 'https://slow.example/vast', timeoutMs: 3000 });
  });

  it.each([
    ['non-200 (port)', { fail: 'http', status: 503 } as Route, 'http_error', 301],
    ['non-200 (ok with 204)', { status: 204, body: '' } as Route, 'http_error', 301],
    ['network', { fail: 'network' } as Route, 'network_error', 301],
    ['port throws', { fail: 'throw' } as Route, 'network_error', 301],
    ['garbage XML', '<VAST><Ad><InLine></VAST', 'parse_error', 100],
    ['HTML page', '<html><body>oops</body></html>', 'unknown_root_element', 101],
    ['a VMAP behind a wrapper', '<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"/>', 'unknown_root_element', 101],
  ])('%s', async (_, route, kind, code) => {
    const r = await setup({ [ROOT]: pod, 'https://slow.example/vast': route }).run();
    expect(r.ads.map((a) => a.rootAdId)).toEqual(['one', 'three']);
    expect(r.errors).toMatchObject([{ kind, vastErrorCode: code, sequence: 2 }]);
    expect(r.trace.at(-1)?.outcome).toBe(kind);
  });

  it('a non-200 records the status', async () => {
    const r = await setup({ [ROOT]: pod, 'https://slow.example/vast': { fail: 'http', status: 503 } }).run();
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'http_error', status: 503, url: 'https://slow.example/vast' });
  });

  it('a disallowed host is refused without a request', async () => {
    const { server, run } = setup(
      { [ROOT]: vast(wrapperAd({ id: 'w', tagUri: 'http://10.0.0.8/vast' }) + inlineAd({ id: 'ok' })) },
      { isAllowedUrl: (url) => (url.includes('10.0.0.8') ? { ok: false, reason: 'private host 10.0.0.8' } : { ok: true }) },
    );
    const r = await run();
    expect(server.calls.map((c) => c.url)).toEqual([ROOT]);
    expect(r.ads.map((a) => a.rootAdId)).toEqual(['ok']);
    expect(r.errors).toMatchObject([{ kind: 'disallowed_host', message: 'private host 10.0.0.8', url: 'http://10.0.0.8/vast' }]);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'disallowed_host', url: 'http://10.0.0.8/vast' });
  });

  it("an HTTP redirect refused by the fetcher's host policy is a disallowed host, not an I/O error", async () => {
    const message = 'HTTP 302 redirect to http://127.0.0.1/x refused: host 127.0.0.1 is private';
    const { run } = setup(
      {},
      {
        fetchXml: async () => ({ ok: false, kind: 'disallowed', status: 302, message, durationMs: 4 }),
      },
    );
    const r = await run();
    expect(r.errors).toMatchObject([{ kind: 'disallowed_host', message, url: ROOT }]);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'disallowed_host', url: ROOT, status: 302, message });
  });

  it('a host policy that throws refuses the URL', async () => {
    const r = await setup(chain(1), {
      isAllowedUrl: (url) => {
        if (url !== ROOT) throw new Error('policy down');
        return { ok: true };
      },
    }).run();
    expect(r.errors).toMatchObject([{ kind: 'disallowed_host', message: 'host policy failed: policy down' }]);
  });

  it.each([
    ['ftp://files.example/vast.xml', 'scheme ftp: is not http(s)'],
    ['/relative/vast', '"/relative/vast" is not an absolute URL'],
  ])('VASTAdTagURI %s is invalid', async (tagUri, message) => {
    const r = await setup({ [ROOT]: vast(wrapperAd({ id: 'w', tagUri })) }).run();
    expect(r.errors).toMatchObject([{ kind: 'invalid_vast_ad_tag_uri', message, vastErrorCode: 300 }]);
  });

  it('a wrapper without VASTAdTagURI', async () => {
    const r = await setup({ [ROOT]: vast('<Ad id="w"><Wrapper><AdSystem>x</AdSystem></Wrapper></Ad>') }).run();
    expect(r.errors).toMatchObject([{ kind: 'invalid_vast_ad_tag_uri', message: 'Wrapper has no VASTAdTagURI' }]);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'invalid_vast_ad_tag_uri' });
    expect(r.trace.at(-1)?.url).toBeUndefined();
  });

  it('an empty VAST at the end of a wrapper chain', async () => {
    const r = await setup({
      [ROOT]: vast(wrapperAd({ id: 'w0', tagUri: 'https://hop1.example/vast' })),
      'https://hop1.example/vast': vast(wrapperAd({ id: 'w1', tagUri: 'https://hop2.example/vast' })),
      'https://hop2.example/vast': vast('', '4.2', '<Error><![CDATA[https://leaf.example/noad?c=[ERRORCODE]]]></Error>'),
    }).run();
    expect(r.ads).toEqual([]);
    expect(r.emptyResponse).toBe(true);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'redirect_empty_response', depth: 2, adCount: 0, status: 200 });
    expect(r.errors).toMatchObject([
      {
        kind: 'redirect_empty_response',
        vastErrorCode: 303,
        errorUrls: ['https://wrap.example/err/w0?c=[ERRORCODE]', 'https://wrap.example/err/w1?c=[ERRORCODE]', 'https://leaf.example/noad?c=[ERRORCODE]'],
      },
    ]);
  });

  it('followAdditionalWrappers="false" refuses a second wrapper', async () => {
    const r = await setup({
      [ROOT]: vast(wrapperAd({ id: 'w0', tagUri: 'https://hop1.example/vast', attrs: 'followAdditionalWrappers="false"' })),
      'https://hop1.example/vast': vast(wrapperAd({ id: 'w1', tagUri: 'https://hop2.example/vast' })),
      'https://hop2.example/vast': vast(inlineAd({ id: 'leaf' })),
    }).run();
    expect(r.ads).toEqual([]);
    expect(r.errors).toMatchObject([{ kind: 'redirect_not_allowed', depth: 2 }]);
  });
});

describe('merge down the chain', () => {
  it('wrapper trackers first (outermost first), InLine last, per event', async () => {
    const r = await setup(chain(2)).run();
    const ad = r.ads[0]?.ad;
    const linear = ad?.creatives[0]?.linear;
    expect(ad?.impressions.map((i) => i.url)).toEqual(['https://wrap.example/imp/w0', 'https://wrap.example/imp/w1', 'https://ads.example/imp/final']);
    expect(ad?.errors).toEqual(['https://wrap.example/err/w0?c=[ERRORCODE]', 'https://wrap.example/err/w1?c=[ERRORCODE]', 'https://ads.example/err/final?c=[ERRORCODE]']);
    for (const event of ['start', 'complete']) {
      expect(linear?.trackingEvents[event]?.map((t) => t.url)).toEqual([`https://wrap.example/${event}/w0`, `https://wrap.example/${event}/w1`, `https://ads.example/${event}/final`]);
    }
    expect(linear?.videoClicks.clickTracking.map((c) => c.url)).toEqual(['https://wrap.example/click/w0', 'https://wrap.example/click/w1', 'https://ads.example/click/final']);
    expect(linear?.mediaFiles.map((m) => m.url)).toEqual(['https://cdn.example/final.mp4']);
    expect(linear?.durationSec).toBe(15);
  });
});

describe('pods and stand-alone ads (VAST 4.2 §3.3.1)', () => {
  it('plays the pod by sequence; stand-alone ads are kept apart as fallbacks', async () => {
    const r = await setup({
      [ROOT]: vast(inlineAd({ id: 's1' }) + inlineAd({ id: 'p3', sequence: 3 }) + inlineAd({ id: 'p1', sequence: 1 }) + inlineAd({ id: 'p2', sequence: 2 }) + inlineAd({ id: 's2' })),
    }).run();
    expect(r.ads.map((a) => a.rootAdId)).toEqual(['p1', 'p2', 'p3']);
    expect(r.standaloneAds.map((a) => a.rootAdId)).toEqual(['s1', 's2']);
    expect(r.ads.map((a) => a.path)).toEqual(['2', '3', '1']);
  });

  it('without a pod every ad plays in document order', async () => {
    const r = await setup({ [ROOT]: vast(inlineAd({ id: 'b' }) + inlineAd({ id: 'a' }) + inlineAd({ id: 'c' })) }).run();
    expect(r.ads.map((a) => a.rootAdId)).toEqual(['b', 'a', 'c']);
    expect(r.standaloneAds).toEqual([]);
  });

  it('a wrapper allowing multiple ads expands into the pod behind it, in its slot', async () => {
    const r = await setup({
      [ROOT]: vast(
        inlineAd({ id: 'first', sequence: 1 }) + wrapperAd({ id: 'multi', sequence: 2, tagUri: 'https://pod.example/vast', attrs: 'allowMultipleAds="true"' }) + inlineAd({ id: 'last', sequence: 3 }),
      ),
      'https://pod.example/vast': vast(inlineAd({ id: 'in-b', sequence: 2 }) + inlineAd({ id: 'in-a', sequence: 1 }) + inlineAd({ id: 'in-spare' })),
    }).run();
    expect(r.ads.map((a) => [a.ad.id, a.sequence, a.path])).toEqual([
      ['first', 1, '0'],
      ['in-a', 2, '1.1'],
      ['in-b', 2, '1.0'],
      ['last', 3, '2'],
    ]);
    expect(r.ads[1]?.ad.impressions.map((i) => i.url)).toEqual(['https://wrap.example/imp/multi', 'https://ads.example/imp/in-a']);
    expect(r.standaloneAds.map((a) => a.ad.id)).toEqual(['in-spare']);
    expect(r.standaloneAds[0]?.ad.impressions[0]?.url).toBe('https://wrap.example/imp/multi');
  });

  it('a wrapper not allowing multiple ads keeps one (the first stand-alone) and says so', async () => {
    const r = await setup({
      [ROOT]: vast(wrapperAd({ id: 'single', tagUri: 'https://pod.example/vast' })),
      'https://pod.example/vast': vast(inlineAd({ id: 'x', sequence: 1 }) + inlineAd({ id: 'y' }) + inlineAd({ id: 'z' })),
    }).run();
    expect(r.ads.map((a) => a.ad.id)).toEqual(['y']);
    expect(r.standaloneAds).toEqual([]);
    expect(outcomes(r.trace)).toEqual(['ads_request', 'vast_response', 'vast_redirect', 'redirected_vast_response', 'redirect_multiple_vast']);
    expect(r.trace.at(-1)).toMatchObject({ adCount: 3 });
  });

  it('trace entries follow the ad tree even though ads resolve concurrently', async () => {
    const r = await setup({
      [ROOT]: vast(wrapperAd({ id: 'a', sequence: 1, tagUri: 'https://slow.example/a' }) + wrapperAd({ id: 'b', sequence: 2, tagUri: 'https://fast.example/b' })),
      'https://slow.example/a': { body: vast(inlineAd({ id: 'A' })), delayMs: 900 },
      'https://fast.example/b': { body: vast(inlineAd({ id: 'B' })), delayMs: 5 },
    }).run();
    expect(r.trace.slice(2).map((t) => [t.outcome, t.path])).toEqual([
      ['vast_redirect', '0'],
      ['redirected_vast_response', '0'],
      ['vast_redirect', '1'],
      ['redirected_vast_response', '1'],
    ]);
  });
});

describe('budget', () => {
  it('passes shrinking timeouts and stops when the budget is spent', async () => {
    const routes: Record<string, Route> = {};
    const url = (i: number): string => (i === 0 ? ROOT : `https://hop${i}.example/vast`);
    for (let i = 0; i < 6; i++) routes[url(i)] = { body: vast(wrapperAd({ id: `w${i}`, tagUri: url(i + 1) })), delayMs: 2000 };
    routes[url(6)] = vast(inlineAd({ id: 'never' }));
    const { run, server } = setup(routes, { budgetMs: 5000, requestTimeoutMs: 3000 });
    const r = await run();
    expect(server.calls.map((c) => c.timeoutMs)).toEqual([3000, 3000, 1000]);
    expect(r.ads).toEqual([]);
    expect(outcomes(r.trace).slice(-2)).toEqual(['vast_redirect', 'timeout']);
    expect(r.errors).toMatchObject([{ kind: 'timeout', depth: 2 }]);
  });

  it('a request started with nothing left is not made', async () => {
    const routes: Record<string, Route> = {
      [ROOT]: { body: vast(wrapperAd({ id: 'w0', tagUri: 'https://hop1.example/vast' })), delayMs: 1000 },
    };
    const { run, server } = setup(routes, { budgetMs: 1000 });
    const r = await run();
    expect(server.calls).toHaveLength(1);
    expect(r.errors).toMatchObject([{ kind: 'budget_exhausted', vastErrorCode: 301 }]);
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'budget_exhausted', url: 'https://hop1.example/vast' });
  });
});

describe('root failures', () => {
  it('root timeout: no ads, no document', async () => {
    const r = await setup({ [ROOT]: { hang: true } }).run();
    expect(r).toMatchObject({ responseKind: 'none', ads: [], emptyResponse: true, breaks: [] });
    expect(outcomes(r.trace)).toEqual(['ads_request', 'timeout']);
    expect(r.errors).toMatchObject([{ kind: 'timeout', depth: 0, path: '', url: ROOT, errorUrls: [] }]);
  });

  it('root parse error', async () => {
    const r = await setup({ [ROOT]: 'not xml at all' }).run();
    expect(outcomes(r.trace)).toEqual(['ads_request', 'parse_error']);
    expect(r.trace[1]).toMatchObject({ status: 200, url: ROOT });
    expect(r.errors[0]?.kind).toBe('parse_error');
  });

  it('root non-200', async () => {
    const r = await setup({ [ROOT]: { fail: 'http', status: 500 } }).run();
    expect(r.trace.at(-1)).toMatchObject({ outcome: 'http_error', status: 500 });
  });

  it('root disallowed: no request at all', async () => {
    const { run, server } = setup({}, { rootUrl: 'http://127.0.0.1/vast', isAllowedUrl: () => ({ ok: false, reason: 'loopback' }) });
    const r = await run();
    expect(server.calls).toEqual([]);
    expect(outcomes(r.trace)).toEqual(['disallowed_host']);
  });

  it('an empty VAST: EMPTY_VAST_RESPONSE and its no-ad Error URIs', async () => {
    const r = await setup({ [ROOT]: vast('', '3.0', '<Error><![CDATA[https://ads.example/noad]]></Error>') }).run();
    expect(r).toMatchObject({ responseKind: 'vast', version: '3.0', emptyResponse: true, noAdErrorUrls: ['https://ads.example/noad'], errors: [] });
    expect(outcomes(r.trace)).toEqual(['ads_request', 'empty_vast_response']);
  });

  it('a blank 200 body reads as an empty response', async () => {
    const r = await setup({ [ROOT]: '  \n' }).run();
    expect(outcomes(r.trace)).toEqual(['ads_request', 'empty_vast_response']);
    expect(r.emptyResponse).toBe(true);
  });

  it('neither body nor URL', async () => {
    const server = fakeAdServer({});
    const r = await resolveAdResponse({ fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs });
    expect(r.responseKind).toBe('none');
    expect(r.errors).toHaveLength(1);
  });
});
