/**
 * resolveAdResponse on VMAP playlists: each break's VASTAdData or AdTagURI is resolved like a
 * VAST response, with its own trace entries tagged by break index.
 */
import { describe, expect, it } from 'vitest';
import { resolveAdResponse } from '../../../src/core/vast/resolve.ts';
import { allowAll, fakeAdServer, inlineAd, vast, wrapperAd } from './helpers.ts';
import { VMAP_PRE_MID_POST } from './vmap-fixtures.ts';

const ROOT = 'https://ads.example/vmap?content=movie-1';

describe('VMAP resolution', () => {
  it('resolves pre (inline pod), mid (AdTagURI), display (custom), #2 (404), post (AdTagURI → wrapper)', async () => {
    const server = fakeAdServer({
      [ROOT]: VMAP_PRE_MID_POST,
      'https://ads.example/vast?pos=mid&t=600': vast(inlineAd({ id: 'mid-a' }) + inlineAd({ id: 'mid-b' })),
      'https://ads.example/vast?pos=post': vast(wrapperAd({ id: 'post-w', tagUri: 'https://third.example/post' })),
      'https://third.example/post': vast(inlineAd({ id: 'post-leaf' })),
    });
    const r = await resolveAdResponse({ rootUrl: ROOT, fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs });
    expect(r.responseKind).toBe('vmap');
    expect(r.version).toBe('1.0');
    expect(r.ads).toEqual([]);
    expect(r.emptyResponse).toBe(false);
    expect(r.breaks.map((b) => [b.adBreak.breakId ?? `#${b.adBreak.index}`, b.ads.map((a) => a.ad.id), b.emptyResponse])).toEqual([
      ['preroll', ['pre-1', 'pre-2'], false],
      // allowMultipleAds="false" on the mid-roll AdSource: one ad.
      ['mid-1', ['mid-a'], false],
      ['#2', [], true],
      ['#3', [], true],
      ['postroll', ['post-leaf'], false],
    ]);
    const post = r.breaks[4]?.ads[0];
    expect(post?.ad.impressions.map((i) => i.url)).toEqual(['https://wrap.example/imp/post-w', 'https://ads.example/imp/post-leaf']);
    expect(post).toMatchObject({ depth: 1, sourceUrl: 'https://third.example/post' });
    expect(r.breaks[0]?.ads[0]?.sourceUrl).toBeUndefined();

    expect(r.trace.map((t) => [t.outcome, t.breakIndex])).toEqual([
      ['ads_request', undefined],
      ['vmap_response', undefined],
      ['vast_response', 0],
      ['ads_request', 1],
      ['vast_response', 1],
      ['unsupported_ad_source', 2],
      ['ads_request', 3],
      ['http_error', 3],
      ['ads_request', 4],
      ['vast_response', 4],
      ['vast_redirect', 4],
      ['redirected_vast_response', 4],
    ]);
    expect(r.trace[1]).toMatchObject({ adCount: 5, status: 200 });
    expect(r.errors.map((e) => [e.kind, e.breakIndex])).toEqual([
      ['unsupported_ad_source', 2],
      ['http_error', 3],
    ]);
  });

  it('followRedirects="false" on the AdSource refuses wrappers in that break', async () => {
    const vmap = `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
      <vmap:AdBreak timeOffset="00:05:00.000" breakType="linear"><vmap:AdSource followRedirects="false">
        <vmap:AdTagURI><![CDATA[https://ads.example/mid]]></vmap:AdTagURI></vmap:AdSource></vmap:AdBreak></vmap:VMAP>`;
    const server = fakeAdServer({
      'https://ads.example/mid': vast(wrapperAd({ id: 'w', tagUri: 'https://elsewhere.example/x' })),
    });
    const r = await resolveAdResponse({ rootXml: vmap, fetchXml: server.fetchXml, isAllowedUrl: allowAll, nowMs: server.nowMs });
    expect(r.breaks[0]?.ads).toEqual([]);
    expect(r.errors).toMatchObject([{ kind: 'redirect_not_allowed', breakIndex: 0 }]);
  });

  it('an empty VMAP and a break whose VASTAdData is empty', async () => {
    const server = fakeAdServer({});
    const empty = await resolveAdResponse({
      rootXml: '<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"></vmap:VMAP>',
      fetchXml: server.fetchXml,
      isAllowedUrl: allowAll,
      nowMs: server.nowMs,
    });
    expect(empty).toMatchObject({ responseKind: 'vmap', emptyResponse: true, breaks: [] });
    expect(empty.trace.map((t) => t.outcome)).toEqual(['empty_vmap_response']);

    const emptyBreak = await resolveAdResponse({
      rootXml: `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"><vmap:AdBreak timeOffset="start" breakType="linear">
        <vmap:AdSource><vmap:VASTAdData><VAST version="3.0"><Error><![CDATA[https://ads.example/noad]]></Error></VAST></vmap:VASTAdData></vmap:AdSource>
      </vmap:AdBreak></vmap:VMAP>`,
      fetchXml: server.fetchXml,
      isAllowedUrl: allowAll,
      nowMs: server.nowMs,
    });
    expect(emptyBreak.emptyResponse).toBe(true);
    expect(emptyBreak.breaks[0]).toMatchObject({ emptyResponse: true, noAdErrorUrls: ['https://ads.example/noad'] });
    expect(emptyBreak.trace.map((t) => t.outcome)).toEqual(['vmap_response', 'empty_vast_response']);
  });

  it('a malformed VMAP is a parse error', async () => {
    const server = fakeAdServer({});
    const r = await resolveAdResponse({
      rootXml: '<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap"><vmap:AdBreak></vmap:VMAP>',
      fetchXml: server.fetchXml,
      isAllowedUrl: allowAll,
      nowMs: server.nowMs,
    });
    expect(r.responseKind).toBe('none');
    expect(r.trace.map((t) => t.outcome)).toEqual(['parse_error']);
  });
});
