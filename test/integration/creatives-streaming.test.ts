/**
 * Streaming MediaFiles are tried in order (issue 10 §4): an ad whose first `delivery="streaming"`
 * MediaFile is broken plays from its second, for HLS (where the first used to lose the ad) and for
 * DASH; a DASH session uses the DASH MediaFile of an ad that offers both, an HLS session the HLS
 * one; and a DASH session plays a creative packaged in the store from its DASH copy
 * (creative.json → `dash`, docs/packaging-creatives.md), served by /v1/creative.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { dashCreativeMpd } from '../../demo/dash-origin.ts';
import { dashCatalogItem } from '../../demo/dash-catalog.ts';
import { ACCT, ORIGIN, mediaUrls, putConfig, req, text } from './helpers.ts';
import { implicitDash, periodsOf } from './dash-helpers.ts';

const MEDIA = `${ORIGIN}/demo/media`;

function vast(mediaFiles: string, creativeId = 'two-files'): string {
  return `<VAST version="4.2"><Ad id="a1"><InLine><AdSystem>t</AdSystem><AdTitle>t</AdTitle><Impression><![CDATA[${ORIGIN}/demo/beacons/hit?event=impression]]></Impression><Creatives><Creative id="${creativeId}"><Linear><Duration>00:00:10</Duration><MediaFiles>${mediaFiles}</MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>`;
}
const mf = (type: string, url: string): string => `<MediaFile delivery="streaming" type="${type}" width="320" height="180"><![CDATA[${url}]]></MediaFile>`;

async function adServer(name: string, body: string, extra: Record<string, unknown> = {}): Promise<void> {
  expect((await req(`/demo/origin/custom/${name}`, { method: 'PUT', body })).status).toBe(204);
  expect((await putConfig({ Name: name, VideoContentSourceUrl: '{{self}}/demo/origin', AdDecisionServerUrl: `{{self}}/demo/origin/custom/${name}/vast.xml`, ...extra })).status).toBe(200);
}

async function hlsAdSegments(cfg: string): Promise<string[]> {
  const path = `/v1/session/${ACCT}/${cfg}/vod/master.m3u8`;
  const { manifestUrl } = JSON.parse((await text(path, { method: 'POST', body: '{}' })).body) as { manifestUrl: string };
  const master = await text(manifestUrl);
  const media = await text(mediaUrls(master.body, manifestUrl)[1] as string);
  return media.body.split('\n').filter((l) => l.includes('/demo/media/ads/'));
}

describe('streaming MediaFiles', () => {
  it('HLS: a broken first streaming MediaFile does not lose the ad; the second plays', async () => {
    await adServer('mf-hls', vast(mf('application/x-mpegURL', `${MEDIA}/ads/missing/index.m3u8`) + mf('application/x-mpegURL', `${MEDIA}/ads/ad-10s/index.m3u8`)));
    const ads = await hlsAdSegments('mf-hls');
    expect(ads.length).toBe(3 * 5);
    for (const l of ads) expect(l).toMatch(/\/demo\/media\/ads\/ad-10s\/v\d\/seg\d{3}\.ts$/);
  });

  it('HLS: an ad whose every streaming MediaFile is broken is skipped, the break plays content', async () => {
    await adServer('mf-hls-none', vast(mf('application/x-mpegURL', `${MEDIA}/ads/missing/index.m3u8`) + mf('application/x-mpegURL', `${MEDIA}/ads/gone/index.m3u8`)));
    expect(await hlsAdSegments('mf-hls-none')).toEqual([]);
  });

  it('DASH: the DASH MediaFiles in order (a broken first, then a good one); the HLS one is not used', async () => {
    await adServer('mf-dash', vast(mf('application/x-mpegURL', `${MEDIA}/ads/ad-10s/index.m3u8`) + mf('application/dash+xml', `${MEDIA}/ads/missing/dash/manifest.mpd`) + mf('application/dash+xml', `${MEDIA}/ads/ad-10s/dash/manifest.mpd`)), { SlateAdUrl: '{{self}}/demo/media/slate/dash/manifest.mpd' });
    const s = await implicitDash('mf-dash', 'dash/vod/index.mpd');
    const ads = periodsOf(s.body).filter((p) => p.baseUrl !== undefined);
    expect(ads.map((p) => p.id)).toEqual(['vod-1_1', 'vod-2_1', 'vod-3_1']);
    const r = await req(`${ads[0]?.baseUrl}v0/seg001.m4s`, { redirect: 'manual' });
    expect(r.headers.get('location')).toBe(`${MEDIA}/ads/ad-10s/dash/v0/seg001.m4s`);
  });

  it('DASH: a creative packaged in the store plays from its DASH copy, served by /v1/creative', async () => {
    const item = dashCatalogItem('ad-10s');
    if (!item) throw new Error('catalog');
    await env.CREATIVES.put('creatives/id/packaged-10s/creative.json', JSON.stringify({ key: 'id/packaged-10s', renditions: [], dash: 'j1/dash/manifest.mpd' }));
    await env.CREATIVES.put('creatives/id/packaged-10s/j1/dash/manifest.mpd', dashCreativeMpd(item));
    await env.CREATIVES.put('creatives/id/packaged-10s/j1/dash/v0/seg001.m4s', new Uint8Array([0, 0, 0, 8, 0x73, 0x74, 0x79, 0x70]));
    await adServer('mf-store', vast(`<MediaFile delivery="progressive" type="video/mp4" width="320" height="180"><![CDATA[https://media.example.invalid/packaged-10s.mp4]]></MediaFile>`, 'packaged-10s'));
    const s = await implicitDash('mf-store', 'dash/vod/index.mpd');
    const ads = periodsOf(s.body).filter((p) => p.baseUrl !== undefined);
    expect(ads.length).toBe(3);
    const r = await req(`${ads[0]?.baseUrl}v0/seg001.m4s`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    const location = r.headers.get('location') ?? '';
    expect(location).toBe(`${ORIGIN}/v1/creative/id/packaged-10s/j1/dash/v0/seg001.m4s`);
    expect((await req(location)).status).toBe(200);
  });

  it('DASH: a creative packaged without a DASH copy is skipped with the reason, not packaged again', async () => {
    await env.CREATIVES.put('creatives/id/hls-only/creative.json', JSON.stringify({ key: 'id/hls-only', renditions: [] }));
    await adServer('mf-store-hls', vast(`<MediaFile delivery="progressive" type="video/mp4" width="320" height="180"><![CDATA[https://media.example.invalid/hls-only.mp4]]></MediaFile>`, 'hls-only'));
    const s = await implicitDash('mf-store-hls', 'dash/vod/index.mpd');
    expect(periodsOf(s.body).filter((p) => p.baseUrl !== undefined)).toEqual([]);
    expect((await env.CREATIVES.list({ prefix: 'queue/' })).objects.map((o) => o.key)).not.toContain('queue/id/hls-only.json');
  });
});
