/**
 * Ad ID signaling through the Worker (issue 13 §3; docs/mediatailor-compat.md §6.7): a session
 * that asks for it (`adSignaling` at init, `aws.adSignalingEnabled=true` on an implicit one) gets
 * an EXT-X-DATERANGE of the SVA class per ad of the demo ad server, whose payload names the same
 * ad the tracking API does (ad_position = adId, creative_id = creativeId), the demo VAST's
 * creative_signaling extension, and a tracking URI that resolves to the session's tracking URL;
 * a VOD playlist is dated from the epoch; a session that did not ask gets none.
 */
import { describe, expect, it } from 'vitest';
import { LIVE } from '../../demo/origin.ts';
import { ACCT, json, mediaUrls, setDemoClock, text } from './helpers.ts';

type Identifier = { scheme: string; value: string; ad_position: string; ad_type: string; creative_id: string; tracking_uri: string; custom_vast_data: string | null };
type Tracking = { avails: { availId: string; ads: { adId: string; creativeId: string; startTimeInSeconds: number; durationInSeconds: number }[] }[] };

const CLASS = 'urn:sva:advertising-wg:ad-id-signaling';

/** The playlist's DATERANGE tags as attribute maps (quoted values unquoted), with the line index. */
function dateRanges(body: string): { line: number; attrs: Record<string, string> }[] {
  return body.split('\n').flatMap((l, line) => {
    if (!l.startsWith('#EXT-X-DATERANGE:')) return [];
    const attrs: Record<string, string> = {};
    for (const m of l.slice(17).matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) attrs[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
    return [{ line, attrs }];
  });
}

const payload = (attrs: Record<string, string>): Identifier => {
  const doc = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(attrs['X-AD-CREATIVE-SIGNALING'] ?? ''), (c) => c.charCodeAt(0)))) as { version: number; identifiers: Identifier[] };
  expect(doc.version).toBe(1);
  expect(doc.identifiers).toHaveLength(1);
  return doc.identifiers[0] as Identifier;
};

const at = (seq: number) => LIVE.epochMs + seq * 2000 + 500;

describe('ad ID signaling', () => {
  it('live (explicit init): one opening and one closing range per ad, naming what the tracking API names', async () => {
    await setDemoClock(at(60) - Date.now());
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/live/master.m3u8`, { method: 'POST', body: '{"adSignaling":{"enabled":"true"}}' });
    expect(init.status).toBe(200);
    const master = await text(init.body.manifestUrl);
    const video = mediaUrls(master.body, init.body.manifestUrl)[1] as string;
    await text(video);
    // The break of cycle 1 covers origin segments 70..84; at 86 the window shows all of it.
    await setDemoClock(at(86) - Date.now());
    const media = await text(video);
    const tracking = await json<Tracking>(init.body.trackingUrl);
    const ads = tracking.body.avails.flatMap((a) => a.ads);
    expect(ads.length).toBeGreaterThan(0);

    const ranges = dateRanges(media.body).filter((r) => /^\d+-\d+$/.test(r.attrs['ID'] ?? ''));
    const opening = ranges.filter((r) => r.attrs['CLASS'] === CLASS);
    const closing = ranges.filter((r) => r.attrs['END-DATE'] !== undefined);
    expect(opening).toHaveLength(ads.length);
    expect(closing.map((r) => r.attrs['ID'])).toEqual(opening.map((r) => r.attrs['ID']));
    const availId = tracking.body.avails[0]?.availId;
    const lines = media.body.split('\n');
    opening.forEach((r, i) => {
      const ad = ads[i];
      expect(r.attrs['ID']).toBe(`${availId}-${i + 1}`);
      const id = payload(r.attrs);
      expect(id).toMatchObject({ scheme: 'urn:smpte:ul:060E2B34.01040101.01200900.00000000', ad_position: ad?.adId, ad_type: 'avail', creative_id: ad?.creativeId, value: ad?.creativeId });
      expect(id.custom_vast_data).toMatch(/^demo\|ad-\d+s-\d+-\d+$/);
      expect(new URL(id.tracking_uri, video).toString()).toBe(new URL(init.body.trackingUrl, video).toString());
      // START-DATE is the program date-time of the ad's first segment, which the next URI line is.
      const pdt = lines.slice(0, r.line).reverse().find((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'));
      expect(pdt?.slice('#EXT-X-PROGRAM-DATE-TIME:'.length)).toBe(r.attrs['START-DATE']);
      expect(lines.slice(r.line).find((l) => l !== '' && !l.startsWith('#'))).toMatch(/\/demo\/media\/ads\/ad-\d+s\/v\d\/seg000\.ts$/);
      expect(Number(r.attrs['DURATION'])).toBeCloseTo(ad?.durationInSeconds ?? -1, 2);
      const close = closing[i]?.attrs;
      expect(close?.['START-DATE']).toBe(r.attrs['START-DATE']);
      expect(Date.parse(close?.['END-DATE'] ?? '') - Date.parse(r.attrs['START-DATE'] ?? '')).toBeCloseTo((ad?.durationInSeconds ?? 0) * 1000, -1);
    });
  });

  it('VOD (implicit, aws.adSignalingEnabled=true): the first segment dated from the epoch, each ad by its time in the asset', async () => {
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8?aws.adSignalingEnabled=true`;
    const master = await text(path);
    expect(master.status).toBe(200);
    const media = await text(mediaUrls(master.body, path)[1] as string);
    const body = media.body.split('\n');
    const firstUri = body.findIndex((l) => l !== '' && !l.startsWith('#'));
    expect(body.slice(0, firstUri)).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z');
    const opening = dateRanges(media.body).filter((r) => r.attrs['CLASS'] === CLASS);
    // Three insertion points (pre, mid, post), at least one ad each.
    expect(new Set(opening.map((r) => r.attrs['ID']?.split('-')[0])).size).toBe(3);
    // Dates are times in the asset: the sum of EXTINF before each ad's first segment.
    let t = 0;
    const startOf = new Map<number, number>();
    body.forEach((l, i) => {
      if (l.startsWith('#EXTINF:')) {
        startOf.set(i, t);
        t += Number.parseFloat(l.slice(8));
      }
    });
    for (const r of opening) {
      const extinf = body.findIndex((l, i) => i > r.line && l.startsWith('#EXTINF:'));
      expect(Date.parse(r.attrs['START-DATE'] ?? '') / 1000).toBeCloseTo(startOf.get(extinf) ?? -1, 2);
    }
  });

  it('nothing for a session that did not ask', async () => {
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8`;
    const master = await text(path);
    const media = await text(mediaUrls(master.body, path)[1] as string);
    expect(media.body).not.toContain(CLASS);
    expect(media.body).not.toContain('PROGRAM-DATE-TIME');
  });
});
