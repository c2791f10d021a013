/**
 * Issue 13's ad behaviours in DASH sessions, through the Worker: bumpers (a DASH MPD bumper framing
 * the VOD insertion points' ads, an unusable one skipped with its reason in the ad log), the live
 * pre-roll (its own ad server, placed where a player joins the live MPD, the origin break it runs
 * into filled from its end; `aws.preroll=disabled`; a pre-roll ad server that times out: content,
 * a log event, never a 5xx), and the format-neutral ADS request options and configuration aliases
 * applied to a DASH session (headers as sent in MAKING_ADS_REQUEST, an alias map missing the
 * player's value: 400 at init); ad ID signaling Events that name what the tracking API names.
 */
import { describe, expect, it } from 'vitest';
import { DASH_LIVE } from '../../demo/dash-origin.ts';
import { ACCT, ORIGIN, json, putConfig, req, setDemoClock, text } from './helpers.ts';
import { explicitDash, implicitDash, periodsOf, type DashPeriod } from './dash-helpers.ts';
import { mediatailorLines } from './log-lines.ts';

const VAST = '{{self}}/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]';
const DASH_SLATE = '{{self}}/demo/media/slate/dash/manifest.mpd';
const LOOP = DASH_LIVE.loopSec;
const at = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;
/** A content period of the demo live stream 4 hours in, and the break period after it. */
const K = Math.ceil((4 * 3_600_000) / (LOOP * 1000) / DASH_LIVE.cycleLoops) * DASH_LIVE.cycleLoops;

async function config(name: string, extra: Record<string, unknown>): Promise<void> {
  const r = await putConfig({ Name: name, VideoContentSourceUrl: '{{self}}/demo/origin', AdDecisionServerUrl: VAST, SlateAdUrl: DASH_SLATE, ...extra });
  expect(r.status, await r.text()).toBe(200);
}

type FilledLine = { eventType: string; eventDescription: string; avail?: { availId: string } };

describe('DASH bumpers through the Worker', () => {
  it('a DASH bumper opens every VOD insertion point; an end bumper on a private host is skipped, and the log says why', async () => {
    await config('dash-bumpers', { Bumper: { StartUrl: DASH_SLATE, EndUrl: 'http://10.0.0.1/bumper.mpd' } });
    const s = await explicitDash('dash-bumpers', 'dash/vod/index.mpd');
    const ps = periodsOf(s.body);
    expect(ps.slice(0, 4).map((p) => [p.id, p.startSec, p.durationSec])).toEqual([
      ['vod-1_1', 0, 10],
      ['vod-1_2', 10, expect.any(Number)],
      ['vod-1_3', expect.any(Number), expect.any(Number)],
      ['vod-1', expect.any(Number), 30],
    ]);
    // Client-side tracking: the bumper period reads the bumper MPD's own segments.
    expect(ps[0]?.baseUrl).toBe(`${ORIGIN}/demo/media/slate/dash/`);
    expect((await req(`${ps[0]?.baseUrl}v0/seg001.m4s`)).status).toBe(200);
    // Tracking: the ads start after the bumper, which the avail includes.
    const t = await json<{ avails: { availId: string; durationInSeconds: number; ads: { adId: string; startTimeInSeconds: number }[] }[] }>(s.trackingUrl);
    const vod1 = t.body.avails.find((a) => a.availId === 'vod-1');
    expect(vod1?.ads.map((a) => [a.adId, a.startTimeInSeconds])).toEqual([
      ['vod-1_2', 10],
      ['vod-1_3', ps[2]?.startSec],
    ]);
    expect(vod1?.durationInSeconds).toBeCloseTo(ps[3]?.startSec ?? 0, 3);
    const lines = (await mediatailorLines(s.sid, (ls) => ls.filter((l) => l['eventType'] === 'FILLED_AVAIL').length >= 3)) as FilledLine[];
    const filled = lines.filter((l) => l.eventType === 'FILLED_AVAIL');
    expect(filled).toHaveLength(3);
    for (const f of filled) {
      expect(f.eventDescription).toContain(`start bumper ${ORIGIN}/demo/media/slate/dash/manifest.mpd played (10.000 s)`);
      expect(f.eventDescription).toMatch(/end bumper http:\/\/10\.0\.0\.1\/bumper\.mpd skipped: \w+/);
    }
  });

  it('an HLS bumper in a DASH session is skipped with the reason; the break plays its ads', async () => {
    await config('dash-hls-bumper', { Bumper: { StartUrl: '{{self}}/demo/media/slate/index.m3u8' } });
    const s = await implicitDash('dash-hls-bumper', 'dash/vod/index.mpd');
    const first = periodsOf(s.body)[0];
    expect(first?.id).toBe('vod-1_1');
    // Server-side beacons: the ad's segments come through /v1/dashsegment.
    const seg = await req(`${first?.baseUrl}v0/seg001.m4s`, { redirect: 'manual' });
    expect([seg.status, seg.headers.get('location')]).toEqual([302, expect.stringMatching(/\/demo\/media\/ads\/ad-\d+s\/dash\/v0\/seg001\.m4s$/)]);
    const lines = (await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'))) as FilledLine[];
    expect(lines.find((l) => l.eventType === 'FILLED_AVAIL')?.eventDescription).toMatch(
      /start bumper .*slate\/index\.m3u8 skipped: NO_VARIANT_MATCH: start bumper: the start bumper URL is an HLS playlist, which a DASH session cannot play/,
    );
  });
});

describe('DASH live pre-roll through the Worker', () => {
  const PREROLL = { LivePreRollConfiguration: { AdDecisionServerUrl: `${VAST}&preroll=1`, MaxDurationSeconds: 30 } };

  it('plays its ads where a player joins (publishTime − max(suggestedPresentationDelay, minBufferTime)), then the break it ran into from its end', async () => {
    await config('dash-preroll', PREROLL);
    // 20.5 s into live-K: the newest segment ends at 20 s, the pre-roll starts 6 s before (a
    // segment or two later when the first request is slow, as on a cold start).
    await setDemoClock(at(K * LOOP + 20.5) - Date.now());
    const s = await explicitDash('dash-preroll', 'dash/live/index.mpd');
    const o = Number(/live-\d+_PT(\d+)S_1/.exec(s.body)?.[1]);
    expect([14, 16, 18]).toContain(o);
    const id = `live-${K}_PT${o}S`;
    const pre = periodsOf(s.body).filter((p) => p.id.startsWith(`${id}_`));
    expect(pre[0]?.startSec).toBe(K * LOOP + o);
    // The demo ad server's 30 s pod for the first avail is 14 s + 10 s.
    const end = contiguousEnd(pre);
    expect(end).toBe(K * LOOP + o + 24);
    // The break period live-(K+1) begins under the pre-roll: it is filled from where the pre-roll
    // ends to its own end, and its ads are asked for what is left.
    const left = (K + 2) * LOOP - end;
    await setDemoClock(at((K + 1) * LOOP + 3.5) - Date.now());
    const next = await text(s.url);
    expect(next.status).toBe(200);
    const ps = periodsOf(next.body);
    expect(ps.filter((p) => p.id.startsWith(`${id}_`)).map((p) => p.startSec)).toEqual(pre.map((p) => p.startSec));
    const brk = ps.filter((p) => p.id.startsWith(`live-${K + 1}_`));
    expect(ps.some((p) => p.id === `live-${K + 1}`)).toBe(false);
    expect(brk[0]?.startSec).toBe(end);
    const t = await json<{ avails: { availId: string; startTimeInSeconds: number; durationInSeconds: number }[] }>(s.trackingUrl);
    expect(t.body.avails.map((a) => [a.availId, a.startTimeInSeconds])).toEqual([
      [id, K * LOOP + o],
      [`live-${K + 1}`, end],
    ]);
    // Its slate is written as far as the origin has published (3.5 s of live-(K+1) so far); once
    // the period has ended, the break is filled to its end, in the MPD and the tracking JSON alike.
    await setDemoClock(at((K + 2) * LOOP + 3.5) - Date.now());
    const whole = await text(s.url);
    expect(contiguousEnd(periodsOf(whole.body).filter((p) => p.id.startsWith(`live-${K + 1}_`)))).toBeCloseTo((K + 2) * LOOP, 6);
    const t2 = await json<{ avails: { availId: string; startTimeInSeconds: number; durationInSeconds: number }[] }>(s.trackingUrl);
    expect(t2.body.avails.find((a) => a.availId === `live-${K + 1}`)?.durationInSeconds).toBeCloseTo(left, 6);
    const lines = await mediatailorLines(s.sid, (ls) => ls.filter((l) => l['eventType'] === 'MAKING_ADS_REQUEST').length >= 2);
    const requests = lines.filter((l) => l['eventType'] === 'MAKING_ADS_REQUEST').map((l) => String(l['adsRequestUrl']));
    expect(requests.find((u) => u.includes('preroll=1'))).toContain('duration=30');
    expect(requests.find((u) => !u.includes('preroll=1'))).toContain(`duration=${left}&`);
  });

  it('aws.preroll=disabled: none for that session', async () => {
    await config('dash-preroll', PREROLL);
    await setDemoClock(at(K * LOOP + 20.5) - Date.now());
    const s = await implicitDash('dash-preroll', 'dash/live/index.mpd', '?aws.preroll=disabled');
    expect(periodsOf(s.body).map((p) => p.id)).toEqual([`live-${K - 1}`, `live-${K}`]);
  });

  it('a pre-roll ad server that times out: the MPD plays content (200), and the log says why', async () => {
    await config('dash-preroll-slow', { LivePreRollConfiguration: { AdDecisionServerUrl: '{{self}}/demo/ads/vast?fault=timeout&session=[session.id]', MaxDurationSeconds: 30 } });
    await setDemoClock(at(K * LOOP + 20.5) - Date.now());
    const s = await implicitDash('dash-preroll-slow', 'dash/live/index.mpd');
    expect(periodsOf(s.body).map((p) => p.id)).toEqual([`live-${K - 1}`, `live-${K}`]);
    // The decision ends (timed out) after the MPD was served; the next reload logs it.
    await new Promise((r) => setTimeout(r, 3_500));
    const again = await text(s.url);
    expect(again.status).toBe(200);
    expect(again.body).not.toContain(`live-${K}_PT14S_`);
    const lines = await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    expect(lines.map((l) => l['eventType'])).toEqual(expect.arrayContaining(['MAKING_ADS_REQUEST', 'ERROR_ADS_TIMEOUT', 'FILLED_AVAIL']));
  }, 20_000);
});

describe('demo-features-dash: the ad behaviours together in a DASH session', () => {
  it('pre-roll at join (no bumpers), DASH bumpers around the break it runs into, ads signalled (bumpers and slate not)', async () => {
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo-features-dash/dash/live/index.mpd`, {
      method: 'POST',
      body: JSON.stringify({ playerParams: { origin: 'local', viewer: 'demo' }, adSignaling: { enabled: 'true' } }),
    });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    const url = new URL(init.body.manifestUrl, ORIGIN).toString();
    const kinds = (body: string, prefix: string): [string, number, number | undefined, boolean][] => {
      const signalled = new Set([...body.matchAll(/<Period[^>]* id="([^"]+)"[^>]*>(?:(?!<\/Period>).)*?urn:sva:advertising-wg:ad-id-signaling/gs)].map((m) => m[1]));
      return periodsOf(body)
        .filter((p) => p.id.startsWith(prefix))
        .map((p) => [/\/demo\/media\/(?:ads\/)?([\w-]+)\/dash\/$/.exec(p.baseUrl ?? '')?.[1] ?? '?', p.startSec, p.durationSec, signalled.has(p.id)]);
    };
    await setDemoClock(at(K * LOOP + 20.5) - Date.now());
    const first = await text(url);
    // The pre-roll 6 s behind the edge (14 s into live-K, or a segment or two later on a slow
    // first request), asked by POST for its 24 s: 14 s + 10 s of ads, no bumper, each signalled.
    const o = Number(/live-\d+_PT(\d+)S_1/.exec(first.body)?.[1]);
    expect([14, 16, 18]).toContain(o);
    const pre = K * LOOP + o;
    expect(kinds(first.body, `live-${K}_PT${o}S_`)).toEqual([
      ['ad-14s', pre, 14, true],
      ['ad-10s', pre + 14, 10, true],
    ]);
    await setDemoClock(at((K + 1) * LOOP + 3.5) - Date.now());
    const next = await text(url);
    // The break from the pre-roll's end: start bumper, the 10 s ad that fits what the bumpers
    // leave, then (once the origin has published that far) slate, the end bumper ending the break.
    const end = pre + 24;
    const breakEnd = (K + 2) * LOOP;
    expect(kinds(next.body, `live-${K + 1}_`)).toEqual([
      ['bumper', end, 2, false],
      ['ad-10s', end + 2, 10, true],
    ]);
    await setDemoClock(at((K + 2) * LOOP + 3.5) - Date.now());
    const whole = await text(url);
    expect(kinds(whole.body, `live-${K + 1}_`)).toEqual([
      ['bumper', end, 2, false],
      ['ad-10s', end + 2, 10, true],
      ['slate', end + 12, breakEnd - 2 - (end + 12), false],
      ['bumper', breakEnd - 2, 2, false],
    ]);
  });
});

describe('DASH overlay avails through the Worker', () => {
  type Tracking = {
    avails: {
      availId: string;
      ads: unknown[];
      startTimeInSeconds: number;
      nonLinearAdsList: { nonLinearAdList: { creativeId: string; staticResource: string; staticResourceCreativeType: string }[] }[];
    }[];
  };
  const overlayId = `live-${K + 2}_${3000 + K / DASH_LIVE.cycleLoops}`;

  it('the overlay Event 10 s into the period after the break: one ADS call, periods untouched, the NonLinear ad in the tracking API and FILLED_OVERLAY_AVAIL', async () => {
    await setDemoClock(at((K + 2) * LOOP + 13.5) - Date.now());
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo-features-dash/dash/live/index.mpd`, {
      method: 'POST',
      body: JSON.stringify({ playerParams: { origin: 'local', viewer: 'demo' }, preroll: 'disabled' }),
    });
    expect(init.status, JSON.stringify(init.body)).toBe(200);
    const mpd = await text(new URL(init.body.manifestUrl, ORIGIN).toString());
    expect(mpd.status).toBe(200);
    // Content left as the origin wrote it: the overlay's period is there, whole, with no ad period.
    expect(
      periodsOf(mpd.body)
        .filter((p) => p.id.startsWith(`live-${K + 2}`))
        .map((p) => p.id),
    ).toEqual([`live-${K + 2}`]);
    // Nothing waits for the overlay's decision: the tracking API lists it once it is made.
    let overlay: Tracking['avails'][number] | undefined;
    for (let i = 0; i < 50 && !overlay; i++) {
      const t = await json<Tracking>(new URL(init.body.trackingUrl, ORIGIN).toString());
      overlay = t.body.avails.find((a) => a.availId === overlayId);
      if (!overlay) await new Promise((r) => setTimeout(r, 100));
    }
    expect(overlay).toMatchObject({ ads: [], startTimeInSeconds: (K + 2) * LOOP + 10 });
    expect(overlay?.nonLinearAdsList[0]?.nonLinearAdList[0]).toMatchObject({
      creativeId: 'demo-overlay',
      staticResource: `${ORIGIN}/demo/overlay.json`,
      staticResourceCreativeType: 'text/js_ref',
    });
    // A decision is logged by the next MPD request after it arrived (a player reloads every 2 s).
    const manifestUrl = new URL(init.body.manifestUrl, ORIGIN);
    expect((await text(manifestUrl.toString())).status).toBe(200);
    const sid = manifestUrl.searchParams.get('aws.sessionId') ?? '';
    const lines = (await mediatailorLines(sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_OVERLAY_AVAIL'))) as { eventType: string; avail?: { availId: string; numAds: number } }[];
    expect(lines.filter((l) => l.eventType === 'FILLED_OVERLAY_AVAIL').map((l) => l.avail)).toMatchObject([{ availId: overlayId, numAds: 1 }]);
    expect(lines.filter((l) => l.eventType === 'MAKING_ADS_REQUEST').length).toBe(2); // the break's and the overlay's
  }, 20_000);

  it('none for a session that turned overlays off', async () => {
    await setDemoClock(at((K + 2) * LOOP + 13.5) - Date.now());
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo-features-dash/dash/live/index.mpd`, {
      method: 'POST',
      body: JSON.stringify({ playerParams: { origin: 'local', viewer: 'demo' }, preroll: 'disabled', overlayAvails: 'off' }),
    });
    expect(init.status).toBe(200);
    const manifestUrl = new URL(init.body.manifestUrl, ORIGIN).toString();
    expect((await text(manifestUrl)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await text(manifestUrl)).status).toBe(200);
    const t = await json<Tracking & { nonLinearAvails: unknown[] }>(new URL(init.body.trackingUrl, ORIGIN).toString());
    expect(t.body.avails.some((a) => a.nonLinearAdsList.length > 0)).toBe(false);
    expect(t.body.nonLinearAvails).toEqual([]);
    // The break's ADS request only.
    const sid = new URL(manifestUrl).searchParams.get('aws.sessionId') ?? '';
    const lines = await mediatailorLines(sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    expect(lines.filter((l) => l['eventType'] === 'MAKING_ADS_REQUEST')).toHaveLength(1);
  });
});

describe('DASH avail suppression through the Worker', () => {
  it('aws.availSuppressionMode=BEHIND_LIVE_EDGE: the break in progress at join plays as content and its ad server is never asked; without it, ads', async () => {
    // Join 15 s into the break of period K+1 (30–60 s of the cycle).
    await setDemoClock(at((K + 1) * LOOP + 15) - Date.now());
    const plain = await implicitDash('demo-dash', 'dash/live/index.mpd');
    expect(periodsOf(plain.body).some((p) => p.id === `live-${K + 1}_1`)).toBe(true);
    const suppressed = await implicitDash('demo-dash', 'dash/live/index.mpd', '?aws.availSuppressionMode=BEHIND_LIVE_EDGE&aws.availSuppressionValue=00:00:00');
    const ids = periodsOf(suppressed.body).map((p) => p.id);
    expect(ids).toContain(`live-${K + 1}`);
    expect(ids.some((id) => id.startsWith(`live-${K + 1}_`))).toBe(false);
    const hits = await json<{ hits: { event: string }[] }>(`/demo/beacons?sid=${suppressed.sid}&limit=100`);
    expect(hits.body.hits.filter((h) => h.event === 'ads-request')).toEqual([]);
  });
});

describe('DASH ad ID signaling through the Worker', () => {
  it('each ad period of a session that asked for it carries the SVA Event naming what the tracking API names; one that did not, none', async () => {
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo-dash/dash/vod/index.mpd`, { method: 'POST', body: '{"adSignaling":{"enabled":"true"}}' });
    expect(init.status).toBe(200);
    const manifestUrl = new URL(init.body.manifestUrl, ORIGIN).toString();
    const mpd = await text(manifestUrl);
    expect(mpd.status).toBe(200);
    const tracking = await json<{ avails: { ads: { adId: string; creativeId: string; trackingEvents: { eventId: string }[] }[] }[] }>(new URL(init.body.trackingUrl, ORIGIN).toString());
    const ads = tracking.body.avails.flatMap((a) => a.ads);
    expect(ads).toHaveLength(6);
    const events = [
      ...mpd.body.matchAll(
        /<Period[^>]* id="([^"]+)"[^>]*>(?:(?!<\/Period>).)*?<EventStream schemeIdUri="urn:sva:advertising-wg:ad-id-signaling"[^>]*><Event presentationTime="(\d+)"[^>]*>([^<]*)<\/Event>/gs,
      ),
    ].map((m) => ({ period: m[1], pts: m[2], payload: JSON.parse(m[3] ?? '') as { identifiers: { ad_position: string; creative_id: string; custom_vast_data: string; tracking_uri: string }[] } }));
    expect(events.map((e) => e.period)).toEqual(ads.map((a) => a.adId));
    events.forEach((e, i) => {
      const id = e.payload.identifiers[0];
      expect(id?.ad_position).toBe(ads[i]?.adId);
      expect(id?.creative_id).toBe(ads[i]?.creativeId);
      expect(id?.custom_vast_data).toMatch(/^demo\|/);
      expect(new URL(id?.tracking_uri ?? '', manifestUrl).toString()).toBe(new URL(init.body.trackingUrl, ORIGIN).toString());
      expect(e.pts).toBe(ads[i]?.trackingEvents[0]?.eventId);
    });
    const plain = await implicitDash('demo-dash', 'dash/vod/index.mpd');
    expect(plain.body).not.toContain('ad-id-signaling');
  });
});

describe('ADS request options and configuration aliases in a DASH session', () => {
  it("the ad server gets the configured headers (as logged) from an aliased host; an alias map without the player's value is a 400", async () => {
    await config('dash-aliases', {
      AdDecisionServerUrl: '[player_params.ads]/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]',
      ConfigurationAliases: { 'player_params.ads': { local: '{{self}}' } },
      AdDecisionServerConfiguration: { HttpRequest: { Method: 'GET', Headers: { 'X-Session': '{{session.id}}' } } },
    });
    const s = await implicitDash('dash-aliases', 'dash/vod/index.mpd', '?playerParams.ads=local');
    expect(
      periodsOf(s.body)
        .map((p) => p.id)
        .slice(0, 3),
    ).toEqual(['vod-1_1', 'vod-1_2', 'vod-1']);
    const lines = await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'MAKING_ADS_REQUEST'));
    const made = lines.find((l) => l['eventType'] === 'MAKING_ADS_REQUEST') as { adsRequestUrl: string; requestHeaders: unknown };
    expect(made.adsRequestUrl.startsWith(`${ORIGIN}/demo/ads/vast?`)).toBe(true);
    expect(JSON.stringify(made.requestHeaders)).toContain(s.sid);
    const bad = await text(`/v1/dash/${ACCT}/dash-aliases/dash/vod/index.mpd?playerParams.ads=elsewhere`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect((JSON.parse(bad.body) as { message: string }).message).toMatch(/player_params\.ads/);
  });
});

/** Where a run of back-to-back periods ends (each starts where the previous one ends). */
function contiguousEnd(ps: readonly DashPeriod[]): number {
  let end = ps[0]?.startSec ?? 0;
  for (const p of ps) {
    expect(p.startSec).toBeCloseTo(end, 6);
    end = p.startSec + (p.durationSec ?? 0);
  }
  return end;
}
