/**
 * The MediaTailor ad behaviours of issue 13 together, through the Worker, with the demo's
 * `demo-features` configuration (demo/demo-configurations.json): its origin named by a
 * configuration alias (`[player_params.origin]`), its ad server asked by POST with a templated
 * body, a live pre-roll at join, start and end bumpers around each break, overlay avails, and ad
 * ID signaling asked for by the session. And what goes wrong: no alias value (400), an unknown one
 * (400), overlays turned off per session.
 */
import { describe, expect, it } from 'vitest';
import { LIVE } from '../../demo/origin.ts';
import { ACCT, ORIGIN, json, mediaUrls, setDemoClock, text } from './helpers.ts';

type Tracking = {
  avails: {
    availId: string;
    ads: { adId: string; creativeId: string }[];
    nonLinearAdsList: { nonLinearAdList: { creativeId: string; staticResource: string; staticResourceCreativeType: string }[]; trackingEvents: { eventType: string }[] }[];
  }[];
  nonLinearAvails: unknown[];
};
type Hit = { event: string; url: string };

const FEATURES = `/v1/session/${ACCT}/demo-features/live/master.m3u8`;
const BODY = { playerParams: { origin: 'local', viewer: 'demo' }, adSignaling: { enabled: 'true' } };
const at = (seq: number) => LIVE.epochMs + seq * 2000 + 500;
const moveTo = (seq: number) => setDemoClock(at(seq) - Date.now());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startSession(body: unknown): Promise<{ video: string; trackingUrl: string; sid: string }> {
  const init = await json<{ manifestUrl: string; trackingUrl: string }>(FEATURES, { method: 'POST', body: JSON.stringify(body) });
  expect(init.status, JSON.stringify(init.body)).toBe(200);
  const master = await text(init.body.manifestUrl);
  expect(master.status).toBe(200);
  const video = mediaUrls(master.body, init.body.manifestUrl)[1] as string;
  return { video, trackingUrl: init.body.trackingUrl, sid: /\/([0-9a-f-]{36})\//.exec(video)?.[1] ?? '' };
}

/** The playlist's media as runs (`bumper`, `ad-14s`, `slate`, `content`) cut at discontinuities, with the signaling ID that opens each. */
function runsOf(body: string): { kind: string; opens?: string }[] {
  const out: { kind: string; opens?: string }[] = [];
  let opens: string | undefined;
  let cut = false;
  for (const line of body.split('\n')) {
    const id = /^#EXT-X-DATERANGE:ID="([^"]+)",CLASS="urn:sva:advertising-wg:ad-id-signaling"/.exec(line)?.[1];
    if (id) opens = id;
    if (line === '#EXT-X-DISCONTINUITY') cut = true;
    if (line === '' || line.startsWith('#')) continue;
    const kind = /\/demo\/media\/(?:ads\/)?(bumper|slate|ad-\d+s|content)\//.exec(line)?.[1] ?? 'other';
    const last = out[out.length - 1];
    if (!last || last.kind !== kind || opens || (cut && kind !== 'content')) out.push({ kind, ...(opens ? { opens } : {}) });
    opens = undefined;
    cut = false;
  }
  return out;
}

describe('demo-features: the ad behaviours together', () => {
  it('pre-roll at join, bumpers around a break, ads signalled (bumpers not), an overlay offered, the ad server asked by POST', async () => {
    // Join at 46: the window holds the overlay opportunity at 40; the pre-roll goes 4 s behind the edge.
    await moveTo(46);
    const s = await startSession(BODY);
    const first = await text(s.video);
    const atJoin = runsOf(first.body);
    expect(atJoin[0]?.kind).toBe('content');
    const preroll = atJoin.filter((r) => r.kind.startsWith('ad-'));
    expect(preroll.length, first.body).toBeGreaterThan(0);
    // The pre-roll has no bumpers and every ad opens a signaling range.
    expect(atJoin.some((r) => r.kind === 'bumper')).toBe(false);
    for (const r of preroll) expect(r.opens).toMatch(/^\d+-\d+$/);

    // The break of cycle 1 (origin 70..84), all of it in the window at 88.
    await moveTo(88);
    const later = await text(s.video);
    const runs = runsOf(later.body);
    const b = runs.findIndex((r, i) => i > 0 && r.kind === 'bumper');
    const e = runs.findIndex((r, i) => i > b && r.kind === 'bumper');
    expect(b, JSON.stringify(runs)).toBeGreaterThan(0);
    expect(e, JSON.stringify(runs)).toBeGreaterThan(b);
    const inside = runs.slice(b + 1, e);
    expect(inside.filter((r) => r.kind.startsWith('ad-')).length).toBeGreaterThan(0);
    // Ads open a signaling range; slate and bumpers do not.
    for (const r of inside) {
      if (r.kind.startsWith('ad-')) expect(r.opens).toMatch(/^\d+-\d+$/);
      else expect(r.opens).toBeUndefined();
    }
    expect(runs[b]?.opens).toBeUndefined();
    expect(runs[e]?.opens).toBeUndefined();
    expect(runs[e + 1]?.kind).toBe('content');

    // The tracking API lists the pre-roll, the break, and the overlay offered at 40 (decided after the response).
    let t: Tracking | undefined;
    for (let i = 0; i < 20; i++) {
      t = (await json<Tracking>(s.trackingUrl)).body;
      if (t.avails.some((a) => a.nonLinearAdsList.length > 0)) break;
      await sleep(100);
    }
    const overlay = t?.avails.find((a) => a.nonLinearAdsList.length > 0);
    expect(overlay, JSON.stringify(t)).toMatchObject({ availId: '40', ads: [] });
    expect(overlay?.nonLinearAdsList[0]?.nonLinearAdList[0]).toMatchObject({
      creativeId: 'demo-overlay',
      staticResource: `${ORIGIN}/demo/overlay.json`,
      staticResourceCreativeType: 'text/js_ref',
    });
    expect(overlay?.nonLinearAdsList[0]?.trackingEvents.map((x) => x.eventType)).toEqual(['impression', 'creativeView', 'close']);
    const linear = t?.avails.filter((a) => a.ads.length > 0) ?? [];
    expect(linear.length).toBe(2);
    // Every signalled ad is an ad of the tracking API, by the same id.
    const ids = new Set(linear.flatMap((a) => a.ads.map((x) => x.adId)));
    const opened = [...later.body.matchAll(/X-AD-CREATIVE-SIGNALING="([^"]+)"/g)].map(
      (m) => (JSON.parse(atob(m[1] as string)) as { identifiers: { ad_position: string }[] }).identifiers[0]?.ad_position,
    );
    expect(opened.length).toBeGreaterThan(0);
    for (const id of opened) expect(ids.has(id ?? '')).toBe(true);

    // Every ADS request was a POST whose body carried the session, the avail and the viewer (the demo
    // sink records a POST's body fields in its URL); the pre-roll used its own URL, the overlay said 0x38.
    const hits = (await json<{ hits: Hit[] }>(`/demo/beacons?sid=${s.sid}`)).body.hits.filter((h) => h.event === 'ads-request').map((h) => new URL(h.url).searchParams);
    expect(hits.length).toBe(3);
    for (const q of hits) {
      expect(q.get('session')).toBe(s.sid);
      expect(q.get('viewer')).toBe('demo');
      expect(Number(q.get('avail'))).toBeGreaterThan(0);
    }
    expect(hits.map((q) => q.get('segtype')).sort()).toEqual(['', '56', 'preroll']);
  });

  it("the overlay's StaticResource, /demo/overlay.json, answers the text/js_ref document players render (apps[].data.source[].url, placeholder), with CORS; the image it names is there", async () => {
    const doc = await json<{ apps: { data: { source: { url: string }[] }; placeholder: { top: number; left: number } }[] }>('/demo/overlay.json', {
      headers: { origin: 'http://player.example' },
    });
    expect(doc.status).toBe(200);
    expect(doc.res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc.res.headers.get('access-control-allow-origin')).toBe('*');
    expect(doc.body).toEqual({ apps: [{ data: { source: [{ url: `${ORIGIN}/demo/overlay.svg` }] }, placeholder: { top: 75, left: 5 } }] });
    const image = await text(doc.body.apps[0]?.data.source[0]?.url ?? '');
    expect(image.status).toBe(200);
    expect(image.res.headers.get('content-type')).toBe('image/svg+xml');
    expect(image.body).toMatch(/^<svg /);
  });

  it("an alias map missing the player's value, or no value at all: 400 at session init, saying which", async () => {
    const unknown = await json<{ message: string }>(FEATURES, { method: 'POST', body: JSON.stringify({ playerParams: { origin: 'elsewhere' } }) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/origin/);
    const none = await json<{ message: string }>(FEATURES, { method: 'POST', body: '{}' });
    expect(none.status).toBe(400);
    expect(none.body.message).toMatch(/player parameter origin/);
    const implicit = await text(`/v1/master/${ACCT}/demo-features/live/master.m3u8`);
    expect(implicit.status).toBe(400);
    expect(implicit.res.headers.get('x-amzn-ErrorType')).toBeTruthy();
  });

  it('overlays off and pre-roll disabled per session: no overlay request, no pre-roll', async () => {
    await moveTo(46);
    const s = await startSession({ ...BODY, overlayAvails: 'off', preroll: 'disabled' });
    const first = await text(s.video);
    expect(runsOf(first.body).map((r) => r.kind)).toEqual(['content']);
    await sleep(200);
    const hits = (await json<{ hits: Hit[] }>(`/demo/beacons?sid=${s.sid}`)).body.hits.filter((h) => h.event === 'ads-request');
    expect(hits).toEqual([]);
  });
});
