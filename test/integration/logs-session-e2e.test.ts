/**
 * Issue 5 "done when": a session played through the demo leaves objects in the local R2 bucket in
 * all three formats, with the seed-003 key layout, readable by the report command's aggregation.
 */
import { describe, expect, it } from 'vitest';
import { OBJECT_KEY_PATTERN } from '../../src/core/logs/object-key.ts';
import { addLine, createReport, summarize } from '../../src/core/logs/report.ts';
import { ACCT, mediaUrls, req, text } from './helpers.ts';
import { adLogLines } from './log-lines.ts';

describe('ad logs of a demo session', () => {
  it('are written in all three formats, readable by the report', async () => {
    const path = `/v1/master/${ACCT}/demo/vod/master.m3u8`;
    const master = await text(path, { headers: { 'user-agent': 'E2E/1.0' } });
    const sid = /\/([0-9a-f-]{36})\//.exec(master.body)?.[1] ?? '';
    const playlist = mediaUrls(master.body, path)[1] as string;
    const media = await text(playlist);
    const segments = media.body
      .split('\n')
      .filter((l) => l.includes('/segment/'))
      .map((l) => new URL(l, playlist).toString());
    expect(segments.length).toBeGreaterThan(20);
    // Each segment request has its own id (the Worker takes cf-ray when there is one).
    for (const [i, s] of segments.entries()) expect((await req(s, { redirect: 'manual', headers: { 'cf-ray': `seg-ray-${i}` } })).status).toBe(302);

    const want = 6 * 6; // 3 avails × 2 ads × 6 events
    const { lines, keys } = await adLogLines((ls) => {
      const fired = ls.filter((l) => l.includes('"Impression"') || l.includes('\timpressions') || l.includes('complete')).length;
      return (
        fired > 0 &&
        summary(ls)
          .find((s) => s.format === 'brightcove')
          ?.beaconsByType.reduce((n, [, c]) => n + c, 0) === want
      );
    });
    for (const k of keys) expect(k).toMatch(OBJECT_KEY_PATTERN);
    const streams = new Set(keys.map((k) => k.split('/')[1]));
    expect([...streams].sort()).toEqual(['brightcove', 'mediatailor', 'uplynk-beacon', 'uplynk-job', 'uplynk-request', 'uplynk-response']);
    expect(lines.some((l) => l.includes(sid))).toBe(true);

    const s = summary(lines);
    expect(s.map((x) => x.format).sort()).toEqual(['brightcove', 'mediatailor', 'uplynk']);
    for (const f of s) {
      expect(f.adRequests).toBe(3);
      expect(f.adDeliveryRate).toBe(1);
      expect(f.avails).toBe(3);
    }
    const bc = s.find((x) => x.format === 'brightcove');
    const beaconTotal = bc?.beaconsByType.reduce((n, [, c]) => n + c, 0);
    expect(beaconTotal).toBe(want);

    // What each request really did (issue 9 item 13): the ad server's response headers, the
    // phase timings and the body size, measured by the upstream client; never a cookie.
    const mine = lines.filter((l) => l.includes(sid));
    const adRequests = mine.filter((l) => l.includes('"kind":"AdRequest"')).map((l) => JSON.parse(l) as { response_headers: Record<string, string[]> });
    expect(adRequests).toHaveLength(3);
    for (const r of adRequests) expect(r.response_headers['Content-Type']?.[0]).toMatch(/xml/);
    const impressions = mine.filter((l) => l.includes('"kind":"Impression"')).map((l) => JSON.parse(l) as { response_headers: Record<string, string[]> });
    for (const r of impressions) expect(r.response_headers['Access-Control-Allow-Origin']).toEqual(['*']);
    const cells = lines.map((l) => l.split('\t'));
    const jobs = new Set(cells.filter((c) => c.length === 12 && c[10] === sid).map((c) => c[3])); // Job rows: viewer_id
    const requestRows = cells.filter((c) => c.length === 18 && jobs.has(c[3]));
    // Beacon lines carry the id of the segment request that claimed them (issue 9 item 13).
    const fired = mine
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { eventType?: string; requestId?: string })
      .filter((v) => v.eventType === 'BEACON_FIRED');
    expect(fired).toHaveLength(want);
    for (const v of fired) expect(v.requestId).toMatch(/^seg-ray-\d+$/);
    // Impression and start of an ad's first segment: claimed by one request, so one id.
    expect(new Set(fired.map((v) => v.requestId)).size).toBeLessThan(want);
    expect(requestRows).toHaveLength(3);
    for (const c of requestRows) {
      expect(Number(c[8])).toBeGreaterThanOrEqual(0); // header_request_time
      expect(Number(c[9])).toBeGreaterThanOrEqual(0); // body_download_time
      expect(Number(c[8]) + Number(c[9])).toBeLessThanOrEqual(Number(c[6]) + 1e-9);
    }
    const responseRows = cells.filter((c) => c.length === 11 && jobs.has(c[3]));
    expect(responseRows).toHaveLength(3);
    for (const c of responseRows) expect(Number(c[9])).toBeGreaterThan(1000); // range_bytes: a VAST pod
  });
});

function summary(lines: readonly string[]) {
  const report = createReport();
  for (const l of lines) addLine(report, l);
  return summarize(report);
}
