/**
 * Creatives (issue 3 §4; DESIGN §5): an ad without a streaming rendition plays from the creative
 * store (R2 `creatives/{key}/creative.json`, written by scripts/package-creative.sh) looked up by
 * Creative@id; its segments are served by /v1/creative or, with CdnConfiguration.AdSegmentUrlPrefix,
 * from that CDN. A VMAP response schedules VOD breaks at its offsets.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import manifest from '../../demo/media/ads/ad-10s/creative.json';
import { parsePlaylistForCheck } from '../helpers/hls-invariants.ts';
import { ACCT, mediaUrls, putConfig, req, text } from './helpers.ts';

async function packageIntoStore(key: string): Promise<void> {
  await env.CREATIVES.put(`creatives/${key}/creative.json`, JSON.stringify(manifest));
  for (const r of ['v0', 'v1', 'a0']) {
    await env.CREATIVES.put(`creatives/${key}/${r}/seg000.ts`, new Uint8Array([0x47, 1, 2, 3]), { httpMetadata: { contentType: 'video/mp2t' } });
  }
}

describe('creative store', () => {
  it('queues an unpackaged creative for packaging', async () => {
    const init = await text(`/v1/session/${ACCT}/demo/vod/master.m3u8?ads.fault=nocreative`);
    const { manifestUrl } = JSON.parse(init.body) as { manifestUrl: string };
    const master = await text(manifestUrl);
    await text(mediaUrls(master.body, manifestUrl)[0] as string);
    const queued = await env.CREATIVES.list({ prefix: 'queue/' });
    expect(queued.objects.length).toBeGreaterThan(0);
    const item = JSON.parse((await (await env.CREATIVES.get(queued.objects[0]?.key as string))?.text()) ?? '{}') as { sourceUrl: string };
    expect(item.sourceUrl).toMatch(/^https:\/\/media\.example\.invalid\/ad-\d+s\.mp4$/);
  });

  it('plays a packaged copy found by Creative@id, served by /v1/creative', async () => {
    // The demo ad server's "nocreative" fault offers only a progressive MP4 of ad-10s (Creative@id "ad-10s-mp4").
    await packageIntoStore('id/ad-10s-mp4');
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8?ads.fault=nocreative`;
    const init = await text(`/v1/session/${ACCT}/demo/vod/master.m3u8?ads.fault=nocreative`);
    const { manifestUrl } = JSON.parse(init.body) as { manifestUrl: string };
    const master = await text(manifestUrl);
    const media = await text(mediaUrls(master.body, manifestUrl)[0] as string);
    const ads = parsePlaylistForCheck(media.body).segments.filter((s) => s.uri.includes('/v1/creative/'));
    expect(ads.length).toBe(3 * 5); // three avails × one 10 s ad of 2 s segments
    expect(ads[0]?.uri).toMatch(/^http:\/\/127\.0\.0\.1:8787\/v1\/creative\/id\/ad-10s-mp4\/v\d\/seg000\.ts$/);
    const seg = await req(ads[0]?.uri as string);
    expect(seg.status).toBe(200);
    expect(seg.headers.get('content-type')).toBe('video/mp2t');
    expect(new Uint8Array(await seg.arrayBuffer())[0]).toBe(0x47);
    void path;
  });

  it('uses CdnConfiguration.AdSegmentUrlPrefix for store segments and ContentSegmentUrlPrefix for content', async () => {
    await packageIntoStore('id/ad-10s-mp4');
    const cfg = {
      Name: 'cdn',
      VideoContentSourceUrl: 'http://127.0.0.1:8787/demo/origin',
      AdDecisionServerUrl: 'http://127.0.0.1:8787/demo/ads/vast?fault=nocreative&duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]',
      CdnConfiguration: { AdSegmentUrlPrefix: 'https://ads-cdn.example', ContentSegmentUrlPrefix: 'https://content-cdn.example/c' },
    };
    expect((await putConfig(cfg)).status).toBe(200);
    const init = await text(`/v1/session/${ACCT}/cdn/vod/master.m3u8`, { method: 'POST', body: '{}' });
    const { manifestUrl } = JSON.parse(init.body) as { manifestUrl: string };
    const master = await text(manifestUrl);
    const media = await text(mediaUrls(master.body, manifestUrl)[0] as string);
    const uris = parsePlaylistForCheck(media.body).segments.map((s) => s.uri);
    expect(uris.some((u) => /^https:\/\/ads-cdn\.example\/creatives\/id\/ad-10s-mp4\/v\d\/seg000\.ts$/.test(u))).toBe(true);
    // The origin's scheme and host become the CDN prefix; the path stays.
    expect(uris.filter((u) => !u.startsWith('https://ads-cdn.example/')).every((u) => u.startsWith('https://content-cdn.example/c/demo/media/content/'))).toBe(true);
  });
});

describe('/v1/creative bad paths (issue 9 item 8)', () => {
  const expect400 = async (path: string, message: string) => {
    const r = await req(path);
    expect(r.status).toBe(400);
    expect(r.headers.get('x-amzn-ErrorType')).toBe('BadRequestException');
    expect(await r.json()).toEqual({ message, Message: message });
  };

  it.each(['/v1/creative/id/%zz/seg000.ts', '/v1/creative/id/ad/seg%', '/v1/creative/%E0%A4%A/x.ts', '/v1/creative/id/%C0%AF/x.ts'])('a malformed percent escape: %s → 400', async (path) => {
    await expect400(path, 'bad creative path: malformed percent-encoding');
  });

  it('a key over the 1,024 bytes R2 allows → 400', async () => {
    await expect400(`/v1/creative/id/${'a'.repeat(1100)}/seg000.ts`, 'bad creative path: longer than 1014 characters');
    await expect400(`/v1/creative/id/${'%61'.repeat(1100)}/seg000.ts`, 'bad creative path: longer than 1014 characters');
  });

  it('escapes that decode to empty segments or other characters → 400 (the URL parser already resolves %2e%2e)', async () => {
    for (const path of ['/v1/creative/id%2F%2Fx/seg.ts', '/v1/creative/id/a%20b/x.ts', '/v1/creative/id/%2E%2E%2Fqueue/x.json', '/v1/creative/id/x.ts%00']) {
      await expect400(path, 'bad creative path');
    }
  });

  it('an escaped but valid key is served, and the longest allowed key answers 404 when absent', async () => {
    await packageIntoStore('id/ad-10s-mp4');
    const seg = await req('/v1/creative/id/ad%2D10s%2Dmp4/v0/seg000.ts');
    expect(seg.status).toBe(200);
    const longest = `/v1/creative/${'a'.repeat(1014 - 'x.ts'.length - 1)}/x.ts`;
    expect((await req(longest)).status).toBe(404);
  });
});

describe('VMAP VOD schedule', () => {
  it('inserts pre-, mid- and post-roll at the VMAP offsets (one ADS request)', async () => {
    const path = `/v1/master/${ACCT}/demo-vmap/vod-vmap/master.m3u8`;
    const master = await text(path);
    const media = await text(mediaUrls(master.body, path)[0] as string);
    const segs = parsePlaylistForCheck(media.body).segments;
    const isAd = (u: string): boolean => u.includes('/segment/');
    expect(isAd(segs[0]?.uri ?? '')).toBe(true); // pre-roll
    expect(isAd(segs[segs.length - 1]?.uri ?? '')).toBe(true); // post-roll
    const runs: boolean[] = [];
    for (const s of segs) if (runs[runs.length - 1] !== isAd(s.uri)) runs.push(isAd(s.uri));
    expect(runs).toEqual([true, false, true, false, true]);
    // The mid-roll sits at the content offset the VMAP asked for (30 s, the demo loop seam).
    const firstContentAfterMid = segs.findIndex((s, i) => i > 0 && !isAd(s.uri) && isAd(segs[i - 1]?.uri ?? '') && segs.slice(0, i).some((x) => !isAd(x.uri)));
    const contentBefore = segs.slice(0, firstContentAfterMid).filter((s) => !isAd(s.uri)).reduce((t, s) => t + s.durationSec, 0);
    expect(contentBefore).toBeCloseTo(30, 0);
    expect(media.body).toContain('#EXT-X-ENDLIST');
  });
});
