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
    for (const s of segments) expect((await req(s, { redirect: 'manual' })).status).toBe(302);

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
  });
});

function summary(lines: readonly string[]) {
  const report = createReport();
  for (const l of lines) addLine(report, l);
  return summarize(report);
}
