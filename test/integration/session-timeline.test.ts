/**
 * The session timeline (issue 14 §1, §6; docs/session-timeline.md): every session records what
 * happened to it (manifest requests, markers, ADS requests, plans, segments, beacons) and serves
 * it behind the admin authentication; unknown, expired and other-configuration sessions are 404,
 * no credentials 401; a browser gets the page.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { NumberedEntry } from '../../src/core/timeline/entries.ts';
import type { TimelineView } from '../../src/core/timeline/view.ts';
import { TIMELINE_CAPACITY } from '../../src/platform/session-timeline.ts';
import { ACCT, ADMIN, json, mediaUrls, req, text, until } from './helpers.ts';

async function implicitVod(query = ''): Promise<{ sid: string; media: string[] }> {
  const path = `/v1/master/${ACCT}/demo/vod/master.m3u8${query}`;
  const master = await text(path, { headers: { 'user-agent': 'TimelineTest/1.0' } });
  const media = mediaUrls(master.body, path);
  const sid = /\/([0-9a-f-]{36})\//.exec(media[0] ?? '')?.[1] ?? '';
  return { sid, media };
}

const timeline = (sid: string, q = '', headers: Record<string, string> = ADMIN) => json<TimelineView & { message?: string }>(`/sessions/${sid}/timeline${q}`, { headers });

const kinds = (entries: readonly NumberedEntry[]): string[] => entries.map((e) => e.kind);

describe('session timeline', () => {
  it('records a VOD session: manifests, markers, ADS requests with bodies, plans, segments and beacons', async () => {
    const s = await implicitVod();
    const body = (await text(s.media[0] as string)).body;
    const segments = body
      .split('\n')
      .filter((l) => l.includes('/segment/'))
      .map((l) => new URL(l, s.media[0]).toString());
    // The pre-roll's first ad: impression + start on its first segment.
    expect((await req(segments[0] as string, { redirect: 'manual', headers: { 'user-agent': 'TimelineTest/1.0' } })).status).toBe(302);
    const t = await until(
      () => timeline(s.sid),
      (r) => r.body.entries?.some((e) => e.kind === 'beacon' && e.outcome === 'fired') === true,
    );
    expect(t.status).toBe(200);
    const v = t.body;
    expect(v.sessionId).toBe(s.sid);
    expect(v.configName).toBe('demo');
    expect(v.init).toBe('implicit');
    expect(v.reportingMode).toBe('server');
    expect(v.entries[0]?.kind).toBe('session');
    expect(v.entries.map((e) => e.seq)).toEqual(v.entries.map((_, i) => i + 1));
    for (const k of ['manifest', 'marker', 'ads-request', 'plan', 'segment', 'beacon']) expect(kinds(v.entries), k).toContain(k);
    // Three insertion points in the demo VOD asset: three markers, three ADS requests, three plans.
    const markers = v.entries.filter((e) => e.kind === 'marker');
    expect(markers.length).toBe(3);
    const ads = v.entries.filter((e) => e.kind === 'ads-request');
    expect(ads.length).toBe(3);
    for (const a of ads) {
      if (a.kind !== 'ads-request') continue;
      expect(a.url).toContain('/demo/ads/vast');
      expect(a.status).toBe(200);
      expect(a.body).toContain('<VAST');
      expect(a.bodyTruncated).toBe(false);
    }
    const plans = v.entries.filter((e) => e.kind === 'plan');
    expect(plans.map((p) => (p.kind === 'plan' ? p.outcome : ''))).toEqual(['filled', 'filled', 'filled']);
    const media = v.entries.find((e) => e.kind === 'manifest' && e.request === 'media');
    expect(media?.kind === 'manifest' && media.served?.complete).toBe(true);
    expect(media?.kind === 'manifest' && media.originStatus).toBe(200);
    // Pre-, mid- and post-roll insertion points, all in the one VOD window.
    expect(media?.kind === 'manifest' && media.served?.adBreaks).toBe(3);
    const seg = v.entries.find((e) => e.kind === 'segment');
    expect(seg?.kind === 'segment' && seg.events).toEqual(['impression', 'start']);
    // The media timeline: ad blocks where the plans put them, the playhead at the ad segment.
    expect(v.media.vod).toBe(true);
    const adBlocks = v.media.blocks.filter((b) => b.kind === 'ad');
    expect(adBlocks.length).toBe(6);
    expect(adBlocks[0]?.startSec).toBe(0);
    expect(v.media.blocks.filter((b) => b.kind === 'content').length).toBeGreaterThan(0);
    expect(v.media.playhead).toMatchObject({ source: 'segment', timeSec: 0 });
    const beacon = v.entries.find((e) => e.kind === 'beacon');
    expect(beacon?.kind === 'beacon' && beacon.timeSec).toBe(0);
    expect(v.record).toMatchObject({ dropped: 0, firstSeq: 1 });
  });

  it('answers only the entries after ?since=', async () => {
    const s = await implicitVod();
    await text(s.media[0] as string);
    const all = (await timeline(s.sid)).body;
    const last = all.entries[all.entries.length - 1]?.seq ?? 0;
    const none = (await timeline(s.sid, `?since=${last}`)).body;
    expect(none.entries).toEqual([]);
    await text(s.media[1] as string);
    const more = (await timeline(s.sid, `?since=${last}`)).body;
    expect(more.entries.length).toBeGreaterThan(0);
    expect(more.entries[0]?.seq).toBe(last + 1);
  });

  it('404 for an unknown session, 404 for a session of another configuration, 401 without credentials, 400 for a bad id or parameter', async () => {
    const s = await implicitVod();
    const unknown = await timeline('6f1c3a52-4b7e-4d2a-9c1e-0a1b2c3d4e5f');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('session not found or expired');
    expect(unknown.res.headers.get('x-amzn-ErrorType')).toBe('NotFoundException');
    const ok = await json<TimelineView>(`/playbackConfiguration/demo/sessions/${s.sid}/timeline`, { headers: ADMIN });
    expect(ok.status).toBe(200);
    const other = await json<{ message: string }>(`/playbackConfiguration/demo-vmap/sessions/${s.sid}/timeline`, { headers: ADMIN });
    expect(other.status).toBe(404);
    expect(other.body.message).toBe('session not found or expired');
    for (const path of [`/sessions/${s.sid}/timeline`, `/playbackConfiguration/demo/sessions/${s.sid}/timeline`]) {
      const anon = await json<{ message: string }>(path);
      expect(anon.status, path).toBe(401);
      expect((await json(path, { headers: { authorization: 'Bearer wrong' } })).status, path).toBe(401);
    }
    expect((await timeline('not-a-session')).status).toBe(400);
    expect((await timeline(s.sid, '?since=-1')).status).toBe(400);
    expect((await timeline(s.sid, '?limit=0')).status).toBe(400);
    // Looking at an unknown id leaves no storage behind.
    const stub = env.SESSIONS.getByName('6f1c3a52-4b7e-4d2a-9c1e-0a1b2c3d4e5f');
    expect(await runInDurableObject(stub, (_o, state) => state.storage.sql.databaseSize)).toBeLessThan(16_384);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'timeline'").toArray().length)).toBe(0);
  });

  it('404 for an expired session', async () => {
    const s = await implicitVod();
    await text(s.media[0] as string);
    expect((await timeline(s.sid)).status).toBe(200);
    const stub = env.SESSIONS.getByName(s.sid);
    await runInDurableObject(stub, async (_o, state) => {
      const a = state.storage.kv.get<{ lastMs: number; timeoutMs: number }>('activity');
      state.storage.kv.put('activity', { lastMs: Date.now() - (a?.timeoutMs ?? 0) - 120_000, timeoutMs: a?.timeoutMs ?? 0 });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    // Beacons or log batches still pending keep a session; this one has none left.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const gone = await timeline(s.sid);
    expect(gone.status).toBe(404);
    expect(await runInDurableObject(stub, (_o, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'timeline'").toArray().length)).toBe(0);
  });

  it('stays bounded over 10,000 requests: oldest first out, and says how many were dropped', { timeout: 120_000 }, async () => {
    const s = await implicitVod();
    const body = (await text(s.media[0] as string)).body;
    const segment = new URL(body.split('\n').find((l) => l.includes('/segment/')) as string, s.media[0]);
    const [n, seq] = segment.pathname.split('/').slice(-2).map(Number) as [number, number];
    const before = (await timeline(s.sid)).body.record.recorded;
    // 10,000 ad segment requests (HEAD probes), sent to the session the way the segment route
    // does: the pool's own fetch slows down with every request it has served, its RPC does not.
    const stub = env.SESSIONS.getByName(s.sid);
    const total = 10_000;
    for (let i = 0; i < total; i += 50) {
      const burst = await Promise.all(
        Array.from({ length: 50 }, () => stub.segment({ claim: { accountId: ACCT, configName: 'demo' }, index: n, seq, client: {}, probe: true, requestId: 'timeline-test' })),
      );
      for (const r of burst) expect(r.ok).toBe(true);
    }
    const v = (await timeline(s.sid)).body;
    const recorded = before + total;
    expect(v.record.recorded).toBe(recorded);
    expect(v.record.capacity).toBe(TIMELINE_CAPACITY);
    expect(v.entries.length).toBe(TIMELINE_CAPACITY);
    expect(v.record.dropped).toBe(recorded - TIMELINE_CAPACITY);
    expect(v.record.firstSeq).toBe(recorded - TIMELINE_CAPACITY + 1);
    // Oldest first out: the session's first entries are gone, the last requests are all there, in order.
    expect(v.entries[0]?.seq).toBe(v.record.firstSeq);
    expect(v.entries.some((e) => e.kind === 'session')).toBe(false);
    expect(v.entries.map((e) => e.seq)).toEqual(Array.from({ length: TIMELINE_CAPACITY }, (_, i) => v.record.firstSeq + i));
    expect(v.entries.every((e) => e.kind === 'segment' && e.probe)).toBe(true);
    // The media timeline does not come from the ring: it still shows the whole asset.
    expect(v.media.blocks.filter((b) => b.kind === 'ad').length).toBe(6);
    const rows = await runInDurableObject(stub, (_o, state) => state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM timeline').one().n);
    expect(rows).toBe(TIMELINE_CAPACITY);
  });

  it('gives a browser the timeline page, which holds no session data', async () => {
    const s = await implicitVod();
    const page = await text(`/sessions/${s.sid}/timeline`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.res.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('EdgeTimeline');
    expect(page.body).not.toContain(s.sid);
    // The same URL with credentials (what the page's script sends) is JSON.
    const withToken = await json<TimelineView>(`/sessions/${s.sid}/timeline`, { headers: { ...ADMIN, accept: 'text/html' } });
    expect(withToken.body.sessionId).toBe(s.sid);
  });
});
