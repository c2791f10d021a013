/**
 * Ad logs of a DASH session (issue 10): a DASH VOD session played through its ad segments
 * (`/v1/dashsegment`) leaves its decisions and beacons in the local R2 bucket in all three formats,
 * the MediaTailor lines with `sessionType: "DASH"` and the period ids as avail ids, readable by the
 * report command's aggregation like an HLS session's.
 */
import { describe, expect, it } from 'vitest';
import { addLine, createReport, summarize } from '../../src/core/logs/report.ts';
import { req } from './helpers.ts';
import { adLogLines } from './log-lines.ts';
import { implicitDash, meaning } from './dash-helpers.ts';

describe('ad logs of a DASH session', () => {
  it('are written in all three formats, sessionType DASH, avail ids the period ids', async () => {
    const s = await implicitDash('demo-dash', 'dash/vod/index.mpd', '', { 'user-agent': 'DashLogs/1.0' });
    const segments = meaning(s.body, s.url).filter((r) => r.id === 'v0').flatMap((r) => r.segments.map((x) => x.url)).filter((u) => u.includes('/v1/dashsegment/'));
    expect(segments.length).toBeGreaterThan(20);
    for (const u of segments) expect((await req(u, { redirect: 'manual', headers: { 'user-agent': 'DashLogs/1.0' } })).status).toBe(302);

    const want = 6 * 6; // 3 avails × 2 ads × 6 events
    const { lines, keys } = await adLogLines((ls) => summary(ls).find((x) => x.format === 'brightcove')?.beaconsByType.reduce((n, [, c]) => n + c, 0) === want);
    expect([...new Set(keys.map((k) => k.split('/')[1]))].sort()).toEqual(['brightcove', 'mediatailor', 'uplynk-beacon', 'uplynk-job', 'uplynk-request', 'uplynk-response']);
    const mediatailor = lines.filter((l) => l.startsWith('{') && l.includes('"eventType"')).map((l) => JSON.parse(l) as { sessionId: string; sessionType: string; eventType: string; avail?: { availId: string } });
    const mine = mediatailor.filter((l) => l.sessionId === s.sid);
    expect(mine.length).toBeGreaterThan(10);
    for (const l of mine) expect(l.sessionType).toBe('DASH');
    expect(mine.filter((l) => l.eventType === 'FILLED_AVAIL').map((l) => l.avail?.availId).sort()).toEqual(['vod-1', 'vod-2', 'vod-3']);
    expect(lines.some((l) => l.includes(`"session_id":"${s.sid}"`))).toBe(true);
    for (const f of summary(lines)) {
      expect(f.adRequests, f.format).toBe(3);
      expect(f.avails, f.format).toBe(3);
      expect(f.adDeliveryRate, f.format).toBe(1);
    }
    expect(summary(lines).find((x) => x.format === 'brightcove')?.beaconsByType.reduce((n, [, c]) => n + c, 0)).toBe(want);
  });
});

function summary(lines: readonly string[]) {
  const report = createReport();
  for (const l of lines) addLine(report, l);
  return summarize(report);
}
