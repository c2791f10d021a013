/**
 * Debug log mode (issue 14 §1; docs/ad-logs.md "Debug log mode"): `aws.logMode=DEBUG` writes
 * MediaTailor's manifest debug events (SESSION_INITIALIZED, ORIGIN_MANIFEST, GENERATED_MANIFEST,
 * TRACKING_RESPONSE) to the `mediatailor` stream, and logs the session even when the
 * configuration's PercentEnabled samples every session out. `POST /adLogs/flush` writes the
 * shards' batches now.
 */
import { describe, expect, it } from 'vitest';
import { ACCT, ADMIN, json, mediaUrls, putConfig, text } from './helpers.ts';
import { mediatailorLines } from './log-lines.ts';

const CONFIG = {
  Name: 'debug-log-mode',
  VideoContentSourceUrl: '{{self}}/demo/origin',
  AdDecisionServerUrl: '{{self}}/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]',
  LogConfiguration: { PercentEnabled: 0 },
};

/** Plays the multivariant playlist, its first media playlist (returns its index `n`) and the tracking JSON. */
async function play(query: string): Promise<{ sid: string; n: string }> {
  const path = `/v1/master/${ACCT}/${CONFIG.Name}/vod/master.m3u8${query}`;
  const master = await text(path);
  expect(master.status).toBe(200);
  const media = mediaUrls(master.body, path);
  const sid = /\/([0-9a-f-]{36})\//.exec(media[0] ?? '')?.[1] ?? '';
  expect((await text(media[0] as string)).status).toBe(200);
  expect((await text(`/v1/tracking/${ACCT}/${CONFIG.Name}/${sid}`)).status).toBe(200);
  return { sid, n: /\/(\d+)\.m3u8/.exec(media[0] ?? '')?.[1] ?? '' };
}

describe('debug log mode', () => {
  it('writes the manifest debug events, whatever PercentEnabled says', async () => {
    expect((await putConfig(CONFIG)).status).toBe(200);
    const { sid: debug, n } = await play('?aws.logMode=DEBUG');
    const { sid: quiet } = await play('');
    const types = (lines: Record<string, unknown>[]): string[] => lines.map((l) => String(l['eventType']));
    const lines = await mediatailorLines(debug, (l) => types(l).includes('TRACKING_RESPONSE') && types(l).includes('FILLED_AVAIL'));
    const t = types(lines);
    expect(t.filter((x) => x === 'SESSION_INITIALIZED').length).toBe(1);
    expect(t.filter((x) => x === 'ORIGIN_MANIFEST').length).toBe(2);
    expect(t.filter((x) => x === 'GENERATED_MANIFEST').length).toBe(2);
    expect(t.filter((x) => x === 'TRACKING_RESPONSE').length).toBe(1);
    // The ADS log of the session too, although PercentEnabled is 0.
    expect(t).toContain('MAKING_ADS_REQUEST');
    const origin = lines.filter((l) => l['eventType'] === 'ORIGIN_MANIFEST');
    expect(origin.map((l) => l['originRequestUrl'])).toEqual([expect.stringMatching(/\/demo\/origin\/vod\/master\.m3u8$/), expect.stringMatching(/\/demo\/origin\/vod\/.+\.m3u8$/)]);
    expect(String(origin[1]?.['responseBody'])).toContain('#EXT-X-CUE-OUT');
    const generated = lines.filter((l) => l['eventType'] === 'GENERATED_MANIFEST');
    expect(generated.map((l) => l['mediaTailorPath'])).toEqual([
      `/v1/master/${ACCT}/${CONFIG.Name}/vod/master.m3u8?aws.sessionId=${debug}`,
      `/v1/manifest/${ACCT}/${CONFIG.Name}/${debug}/${n}.m3u8`,
    ]);
    expect(String(generated[1]?.['responseBody'])).toContain(`/segment/${ACCT}/${CONFIG.Name}/${debug}/${n}/`);
    const tracking = lines.find((l) => l['eventType'] === 'TRACKING_RESPONSE');
    expect(JSON.parse(String(tracking?.['responseBody'])).avails.length).toBe(3);
    for (const l of lines) expect(l).toMatchObject({ sessionId: debug, originId: CONFIG.Name, awsAccountId: ACCT, sessionType: 'HLS' });
    // A session of the same configuration without debug mode: sampled out, nothing written.
    expect(await mediatailorLines(quiet, () => true)).toEqual([]);
  });

  it('POST /adLogs/flush writes every shard now, behind the admin authentication', async () => {
    expect((await json('/adLogs/flush', { method: 'POST' })).status).toBe(401);
    const r = await json<{ written: number; failed: number; shards: { shard: string; written: string[] }[] }>('/adLogs/flush', { method: 'POST', headers: ADMIN });
    expect(r.status).toBe(200);
    expect(r.body.failed).toBe(0);
    expect(r.body.shards.map((s) => s.shard)).toEqual(['ad-log-shard-0', 'ad-log-shard-1', 'ad-log-shard-2', 'ad-log-shard-3']);
    expect(r.body.written).toBe(r.body.shards.reduce((n, s) => n + s.written.length, 0));
  });
});
