/**
 * Sessions expire after inactivity (issue 2 §4; docs/mediatailor-compat.md §1: 10× the manifest duration): the
 * SessionObject's alarm deletes everything, and the session then answers 400 like an unknown one.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ACCT, json, mediaUrls, text } from './helpers.ts';

describe('session expiry', () => {
  it('keeps an active session, deletes an idle one, then answers 400', async () => {
    const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/demo/vod/master.m3u8`, { method: 'POST', body: '{}' });
    const master = await text(init.body.manifestUrl);
    const media = mediaUrls(master.body, init.body.manifestUrl)[0] as string;
    const playlist = await text(media);
    expect(playlist.status).toBe(200);
    const durationSec = [...playlist.body.matchAll(/#EXTINF:([\d.]+)/g)].reduce((t, m) => t + Number(m[1]), 0);
    const sid = new URL(init.body.manifestUrl, 'http://x').searchParams.get('aws.sessionId') as string;
    const stub = env.SESSIONS.getByName(sid);
    // Inactivity timeout = 10× the playlist duration (60 s of content + ads); an alarm before that leaves the session alone.
    const timeoutMs = await runInDurableObject(stub, (_o, state) => state.storage.kv.get<{ timeoutMs: number }>('activity')?.timeoutMs);
    expect(timeoutMs).toBe(Math.round(durationSec * 10_000));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await text(media)).status).toBe(200);
    // Idle for longer than the timeout (and the activity-write interval the check allows for):
    // the alarm deletes the session.
    await runInDurableObject(stub, async (_o, state) => {
      state.storage.kv.put('activity', { lastMs: Date.now() - (timeoutMs ?? 0) - 60_000, timeoutMs });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await runInDurableObject(stub, (_o, state) => [...state.storage.kv.list()].length)).toBe(0);
    const after = await json<{ message: string }>(media);
    expect(after.status).toBe(400);
    expect(after.body.message).toBe('session not found or expired');
    expect((await json(init.body.trackingUrl)).status).toBe(400);
    expect((await text(init.body.manifestUrl)).status).toBe(400);
  });
});
