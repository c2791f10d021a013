/**
 * One request the ad server saw = one request line in every format (issue 9 item 12): the
 * resolver's trace of real resolutions against an in-memory ad server, through the decision log
 * and the three projections, counted by the report command. VMAP documents with embedded VAST,
 * wrapper verdicts (loop, depth, one ad kept, followAdditionalWrappers), the request limit and
 * the decision budget make no request and no request line; what they cut is a warning.
 */
import { describe, expect, it } from 'vitest';
import { decisionEvents } from '../../../src/core/avails/decision-log.ts';
import { planFill } from '../../../src/core/avails/plan.ts';
import type { AdLogEvent, AdsResolutionWarningEvent } from '../../../src/core/logs/events.ts';
import type { AdResolution } from '../../../src/core/vast/index.ts';
import { linesOf, storyPerFormat } from '../../helpers/log-formats.ts';
import { scriptedAdServer, type ScriptedAnswer } from '../../helpers/scripted-ad-server.ts';
import { mulberry32 } from '../../helpers/prng.ts';

const inline = (id: string, seq?: number): string =>
  `<Ad id="${id}"${seq !== undefined ? ` sequence="${seq}"` : ''}><InLine><AdSystem>t</AdSystem><AdTitle>${id}</AdTitle><Impression><![CDATA[https://t.example/imp?ad=${id}]]></Impression>` +
  `<Creatives><Creative id="c-${id}"><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360"><![CDATA[https://cdn.example/${id}/index.m3u8]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad>`;
const wrapperAd = (id: string, next: string, attrs = ''): string =>
  `<Ad id="${id}"><Wrapper${attrs}><AdSystem>w</AdSystem><VASTAdTagURI><![CDATA[${next}]]></VASTAdTagURI><Impression><![CDATA[https://t.example/imp?w=${id}]]></Impression></Wrapper></Ad>`;
const vast = (...ads: string[]): string => `<VAST version="4.2">${ads.join('')}</VAST>`;
const vmap = (...breaks: string[]): string => `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">${breaks.join('')}</vmap:VMAP>`;
const embeddedBreak = (offset: string, doc: string): string =>
  `<vmap:AdBreak timeOffset="${offset}" breakType="linear"><vmap:AdSource allowMultipleAds="true"><vmap:VASTAdData>${doc}</vmap:VASTAdData></vmap:AdSource></vmap:AdBreak>`;
const tagBreak = (offset: string, url: string): string =>
  `<vmap:AdBreak timeOffset="${offset}" breakType="linear"><vmap:AdSource><vmap:AdTagURI templateType="vast4"><![CDATA[${url}]]></vmap:AdTagURI></vmap:AdSource></vmap:AdBreak>`;

const ROOT = 'https://ads.example/root';

function events(resolution: AdResolution | undefined): AdLogEvent[] {
  let n = 0;
  return decisionEvents({
    base: { sessionId: 's-1', sessionType: 'HLS', configName: 'cfg', accountId: 'acct', requestId: 'r-1', assetId: 'a.m3u8', playbackMode: 'live' },
    availId: '100',
    podLocation: 'midroll',
    adRequestIndex: 0,
    adsRequestUrl: ROOT,
    unresolvedVariables: [],
    requestHeaders: { 'User-Agent': 'test' },
    ...(resolution ? { resolution } : {}),
    plan: planFill({ breakKey: '100', availIndex: 1, insertion: false, availDurationSec: 30, candidates: [], nowMs: 0 }),
    startedAtMs: 1_000_000,
    finishedAtMs: 1_000_500,
    clientOnlyTracking: false,
    newId: () => `id-${++n}`,
  });
}

/** Every format counts exactly the requests the ad server received, and the same successes. */
function expectOneLinePerRequest(evs: readonly AdLogEvent[], requests: readonly string[]): void {
  const story = storyPerFormat(evs);
  for (const f of ['mediatailor', 'brightcove', 'uplynk'] as const) {
    expect(story[f].requests, `${f} ad requests`).toBe(requests.length);
    expect(story[f].successful, `${f} successful`).toBe(story.mediatailor.successful);
    expect(story[f].avails, `${f} avails`).toBe(1);
  }
  // No two request lines of a format are the same line.
  for (const line of [...linesOf(evs, 'brightcove').filter((l) => l.includes('"AdRequest"')), ...linesOf(evs, 'mediatailor')]) {
    expect(
      linesOf(evs, 'brightcove')
        .concat(linesOf(evs, 'mediatailor'))
        .filter((l) => l === line),
    ).toHaveLength(1);
  }
  const requested = evs.flatMap((e) => (e.kind === 'ads-request' || e.kind === 'vast-redirect' ? [e.url] : []));
  expect(requested.sort()).toEqual([...requests].sort());
}

const warningsOf = (evs: readonly AdLogEvent[]): AdsResolutionWarningEvent[] => evs.flatMap((e) => (e.kind === 'ads-resolution-warning' ? [e] : []));

describe('decision log: one request the ad server saw = one request line', () => {
  it('a VMAP with three embedded VAST documents is one request, not four exchanges', async () => {
    const server = scriptedAdServer({ [ROOT]: vmap(embeddedBreak('start', vast(inline('a', 1))), embeddedBreak('00:10:00', vast(inline('b', 1))), embeddedBreak('end', vast(inline('c', 1)))) });
    const r = await server.resolve(ROOT);
    const evs = events(r);
    expect(server.requests).toEqual([ROOT]);
    expectOneLinePerRequest(evs, server.requests);
    // The VMAP response carries the ads of its embedded documents.
    const response = evs.find((e) => e.kind === 'vast-response');
    expect(response?.kind === 'vast-response' && response.vast.vastAds.map((a) => a.vastAdId)).toEqual(['a', 'b', 'c']);
    expect(response?.kind === 'vast-response' && response.vast.rootElement).toBe('VMAP');
  });

  it('a VMAP with AdTagURI breaks: the VMAP and each AdTagURI, each one line, children of the VMAP', async () => {
    const server = scriptedAdServer({
      [ROOT]: vmap(tagBreak('start', 'https://ads.example/pre'), embeddedBreak('00:05:00', vast(inline('m', 1))), tagBreak('end', 'https://ads.example/post')),
      'https://ads.example/pre': vast(inline('p', 1)),
      'https://ads.example/post': { status: 503 },
    });
    const evs = events(await server.resolve(ROOT));
    expect(server.requests.length).toBe(3);
    expectOneLinePerRequest(evs, server.requests);
    const root = evs.find((e) => e.kind === 'ads-request' && e.url === ROOT);
    const children = evs.filter((e) => (e.kind === 'vast-response' || e.kind === 'ads-invalid-response') && e.http.url !== ROOT);
    expect(children.map((e) => (e.kind === 'vast-response' || e.kind === 'ads-invalid-response' ? e.parentAdsRequestId : ''))).toEqual([
      root?.kind === 'ads-request' ? root.adsRequestId : 'missing',
      root?.kind === 'ads-request' ? root.adsRequestId : 'missing',
    ]);
  });

  it('wrapper verdicts (loop, one ad kept, followAdditionalWrappers, bad VASTAdTagURI) are warnings, never requests', async () => {
    const server = scriptedAdServer({
      [ROOT]: vast(
        wrapperAd('w1', 'https://ads.example/inline'),
        wrapperAd('w2', ROOT),
        wrapperAd('w3', 'https://ads.example/two', ' allowMultipleAds="false"'),
        wrapperAd('w4', 'https://ads.example/nofollow', ' followAdditionalWrappers="false"'),
        wrapperAd('w5', 'not a url'),
      ),
      'https://ads.example/inline': vast(inline('i1')),
      'https://ads.example/two': vast(inline('t1'), inline('t2')),
      'https://ads.example/nofollow': vast(wrapperAd('w6', 'https://ads.example/inline?again')),
    });
    const evs = events(await server.resolve(ROOT));
    expect(server.requests.length).toBe(4);
    expectOneLinePerRequest(evs, server.requests);
    expect(
      warningsOf(evs)
        .map((w) => w.outcome)
        .sort(),
    ).toEqual(['invalid_vast_ad_tag_uri', 'loop_detected', 'redirect_multiple_vast', 'redirect_not_allowed']);
    // Each verdict is in the Uplynk Response of the response it was found in.
    const responses = linesOf(evs, 'uplynk')
      .map((l) => l.split('\t'))
      .filter((c) => c.length === 11);
    const errors = responses.map((c) => c[10]);
    expect(errors.filter((m) => m?.includes('loop_detected'))).toHaveLength(1);
    expect(errors.filter((m) => m?.includes('redirect_multiple_vast'))).toHaveLength(1);
    expect(errors.filter((m) => m?.includes('redirect_not_allowed'))).toHaveLength(1);
    // MediaTailor: ERROR_UNKNOWN lines whose description starts with MediaTailor's own type.
    const mt = linesOf(evs, 'mediatailor')
      .map((l) => JSON.parse(l) as { eventType: string; eventDescription: string })
      .filter((v) => v.eventType === 'ERROR_UNKNOWN');
    expect(mt.map((v) => v.eventDescription.split(' ')[0]).sort()).toEqual([
      'ERROR_VAST_INVALID_VAST_AD_TAG_URI',
      'ERROR_VAST_REDIRECT_FAILED',
      'ERROR_VAST_REDIRECT_FAILED',
      'ERROR_VAST_REDIRECT_MULTIPLE_VAST',
    ]);
  });

  it('more wrapper hops than allowed: the hops made are requests, the one refused is a warning', async () => {
    const server = scriptedAdServer((url) => {
      const n = Number(new URL(url).searchParams.get('n') ?? 0);
      return vast(wrapperAd(`w${n}`, `https://ads.example/chain?n=${n + 1}`));
    });
    const evs = events(await server.resolve('https://ads.example/chain?n=0', { maxDepth: 7 }));
    expect(server.requests.length).toBe(8);
    expectOneLinePerRequest(evs, server.requests);
    expect(warningsOf(evs).map((w) => [w.outcome, w.wrapperDepth])).toEqual([['depth_exceeded', 8]]);
  });

  it('the request limit: requests made are lines, the cut ones one warning with the limits', async () => {
    const fan = vast(...Array.from({ length: 6 }, (_, i) => wrapperAd(`w${i}`, `https://ads.example/leaf?i=${i}`)));
    const server = scriptedAdServer((url) => (url === ROOT ? fan : vast(inline(`leaf-${new URL(url).searchParams.get('i')}`))));
    const evs = events(await server.resolve(ROOT, { maxRequests: 3 }));
    expect(server.requests.length).toBe(3);
    expectOneLinePerRequest(evs, server.requests);
    const [w, ...rest] = warningsOf(evs);
    expect(rest).toEqual([]);
    expect(w).toMatchObject({ outcome: 'request_limit_exceeded', count: 4, requestLimits: { maxRequests: 3, requests: 3, cutRequests: 4 } });
    const description = linesOf(evs, 'mediatailor')
      .map((l) => JSON.parse(l) as { eventDescription: string; eventType: string })
      .find((v) => v.eventType === 'ERROR_UNKNOWN')?.eventDescription;
    expect(description).toMatch(/^ERROR_VAST_REDIRECT_FAILED request_limit_exceeded: .*4 times.*3 requests made, 4 not made \(at most 3 per avail, 6 at once\)$/);
  });

  it('a hop the decision budget stopped before sending is not a request', async () => {
    const server = scriptedAdServer({
      [ROOT]: vast(wrapperAd('w1', 'https://ads.example/slow'), wrapperAd('w2', 'https://ads.example/late')),
      'https://ads.example/slow': { status: 200, body: vast(inline('s')), durationMs: 400 },
      'https://ads.example/late': vast(inline('l')),
    });
    const evs = events(await server.resolve(ROOT, { budgetMs: 300, maxConcurrentRequests: 1 }));
    expect(server.requests).toEqual([ROOT, 'https://ads.example/slow']);
    expectOneLinePerRequest(evs, server.requests);
    expect(warningsOf(evs).map((w) => w.outcome)).toEqual(['budget_exhausted']);
  });

  it('a redirect hop refused by the host policy was still a request (and a refusal)', async () => {
    const server = scriptedAdServer({ [ROOT]: { refusedRedirect: 'http://127.0.0.1/x' } });
    const evs = events(await server.resolve(ROOT));
    expectOneLinePerRequest(evs, server.requests);
    expect(evs.map((e) => e.kind)).toEqual(['ads-request', 'ads-invalid-response', 'disallowed-host', 'filled-avail']);
    // A refused URL before any request is no request at all.
    const refused = events(await scriptedAdServer({}).resolve('https://ads.internal/vast'));
    expect(refused.map((e) => e.kind)).toEqual(['disallowed-host', 'filled-avail']);
    expect(storyPerFormat(refused).brightcove.requests).toBe(0);
  });

  it('random ad trees: every format counts what the ad server received', async () => {
    const rand = mulberry32(9012);
    for (let run = 0; run < 150; run++) {
      const answers = new Map<string, ScriptedAnswer>();
      const url = (i: number): string => `https://ads.example/d${i}`;
      const docs = 2 + Math.floor(rand() * 10);
      for (let i = 0; i < docs; i++) {
        const pick = rand();
        const refs = Array.from({ length: 1 + Math.floor(rand() * 4) }, (_, k) => wrapperAd(`w${i}-${k}`, url(Math.floor(rand() * (docs + 2))), rand() < 0.2 ? ' allowMultipleAds="false"' : ''));
        answers.set(
          url(i),
          pick < 0.3
            ? vast(...refs, inline(`x${i}`))
            : pick < 0.45
              ? vmap(embeddedBreak('start', vast(...refs)), tagBreak('end', url(Math.floor(rand() * docs))))
              : pick < 0.6
                ? vast(inline(`a${i}`), inline(`b${i}`))
                : pick < 0.7
                  ? vast()
                  : pick < 0.78
                    ? { status: 500 }
                    : pick < 0.84
                      ? { timeout: true }
                      : pick < 0.9
                        ? '<VAST><Ad>'
                        : { refusedRedirect: 'http://10.0.0.1/' },
        );
      }
      const server = scriptedAdServer((u) => answers.get(u) ?? { status: 404 });
      const r = await server.resolve(url(0), { maxRequests: 2 + Math.floor(rand() * 12), maxConcurrentRequests: 1 + Math.floor(rand() * 4), budgetMs: 2_000 + Math.floor(rand() * 8_000) });
      const evs = events(r);
      const story = storyPerFormat(evs);
      for (const f of ['mediatailor', 'brightcove', 'uplynk'] as const) {
        expect(story[f].requests, `run ${run} ${f}`).toBe(server.requests.length);
        expect(story[f].successful, `run ${run} ${f}`).toBe(story.mediatailor.successful);
      }
      expect(r.requestLimits.requests).toBeGreaterThanOrEqual(server.requests.length);
    }
  });
});

describe('decision log: what each request really did', () => {
  it('fills Brightcove response_headers and Uplynk timings and range_bytes from the request', async () => {
    const body = vast(inline('a', 1));
    const server = scriptedAdServer({
      [ROOT]: {
        status: 200,
        body,
        durationMs: 80,
        headers: [
          ['Content-Type', 'application/xml'],
          ['X-Cache', 'Hit'],
        ],
      },
    });
    const evs = events(await server.resolve(ROOT));
    const adRequest = JSON.parse(linesOf(evs, 'brightcove').find((l) => l.includes('"AdRequest"')) ?? '{}') as { response_headers: Record<string, string[]>; duration: number };
    expect(adRequest.response_headers).toEqual({ 'Content-Type': ['application/xml'], 'X-Cache': ['Hit'] });
    expect(adRequest.duration).toBe(80_000_000);
    const uplynk = linesOf(evs, 'uplynk').map((l) => l.split('\t'));
    const request = uplynk.find((c) => c.length === 18) ?? [];
    expect(request.slice(6, 10)).toEqual(['0.08', '-', '0.075', '0.005']);
    const response = uplynk.find((c) => c.length === 11) ?? [];
    expect(response[9]).toBe(String(new TextEncoder().encode(body).byteLength));
  });

  it('a request without a response has no response headers, timings or size', async () => {
    const evs = events(await scriptedAdServer({ [ROOT]: { timeout: true } }).resolve(ROOT));
    const adRequest = JSON.parse(linesOf(evs, 'brightcove').find((l) => l.includes('"AdRequest"')) ?? '{}') as { response_headers: object; status_code: number };
    expect(adRequest).toMatchObject({ response_headers: {}, status_code: 0 });
    const request =
      linesOf(evs, 'uplynk')
        .map((l) => l.split('\t'))
        .find((c) => c.length === 18) ?? [];
    expect(request.slice(7, 10)).toEqual(['-', '-', '-']);
  });
});
