/**
 * The demo DASH origin (demo/dash-origin.ts) read back by our parser, our break detection and an
 * independent parser (mpd-parser): VOD insertion points, the live window sliding with the clock,
 * the rotating SCTE-35 schemes, creative MPDs, and every referenced media file present.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectDashBreaks } from '../../../src/core/dash/index.ts';
import { dashCatalog } from '../../../demo/dash-catalog.ts';
import { DASH_LIVE, dashCreativeMpd, dashLiveBreak, dashLiveMpd, dashVodMpd } from '../../../demo/dash-origin.ts';
import { mustParse } from '../../helpers/dash-fixtures.ts';
import { mpdMeaning } from '../../helpers/mpd-meaning.ts';

const MEDIA_DIR = fileURLToPath(new URL('../../../demo/media/', import.meta.url));
const ROOT = 'http://127.0.0.1:8787/demo/media/';
const fileOf = (url: string): string => MEDIA_DIR + url.slice(ROOT.length);

describe('dash catalog', () => {
  it('has every item with video and audio renditions whose files exist', () => {
    const c = dashCatalog();
    for (const item of [c.content, ...c.ads, c.slate]) {
      expect(item.renditions.map((r) => r.kind).sort()).toEqual(['audio', 'video', 'video']);
      for (const r of item.renditions) {
        if (r.segments.kind !== 'template') throw new Error('template expected');
        expect(existsSync(`${MEDIA_DIR}${item.dir}/${r.initialization}`)).toBe(true);
        const total = r.segments.segmentDurations.reduce((a, b) => a + b, 0) / r.timescale;
        expect(Math.abs(total - item.durationSec)).toBeLessThan(0.1);
      }
    }
    expect(c.ads.map((a) => [a.key, a.durationSec])).toEqual([
      ['ad-10s', 10],
      ['ad-14s', 14],
      ['ad-20s', 20],
    ]);
  });
});

describe('VOD', () => {
  const text = dashVodMpd(ROOT);
  it('three periods with a cue-out at each start: pre, mid, before the last segment', () => {
    const m = mustParse(text);
    expect(m.periods.map((p) => [p.id, p.startSec, p.durationSec])).toEqual([
      ['vod-1', 0, 30],
      ['vod-2', 30, 28],
      ['vod-3', 58, 2],
    ]);
    for (const mode of ['MULTI_PERIOD', 'SINGLE_PERIOD'] as const) {
      const d = detectDashBreaks(m, mode);
      expect(d.breaks.map((b) => [b.startSec, b.durationSec, b.signal.kind])).toEqual([
        [0, 0, 'cue-out'],
        [30, 0, 'cue-out'],
        [58, 0, 'cue-out'],
      ]);
      expect(d.diagnostics).toEqual([]);
    }
  });

  it('plays the loop twice, every segment file present, at continuous times', () => {
    const meaning = mpdMeaning(text, `${ROOT}vod/index.mpd`);
    const video = meaning.filter((r) => r.id === 'v1').flatMap((r) => r.segments);
    expect(video.map((s) => s.at)).toEqual(Array.from({ length: 30 }, (_, i) => i * 2));
    for (const r of meaning) for (const s of r.segments) expect(existsSync(fileOf(s.url))).toBe(true);
  });
});

describe('live', () => {
  const at = (sec: number): number => DASH_LIVE.epochMs + sec * 1000;

  it('slides with the clock: the loops of the last 40 s, segments available by now, monotonic publishTime', () => {
    const m = mustParse(dashLiveMpd(ROOT, at(95.5)));
    expect(m.info.type).toBe('dynamic');
    expect(m.periods.map((p) => [p.id, p.startSec, p.durationSec])).toEqual([
      ['live-1', 30, 30],
      ['live-2', 60, 30],
      ['live-3', 90, undefined],
    ]);
    expect(m.info.publishTimeMs).toBe(at(94));
    let prev = 0;
    for (let sec = 4; sec < 400; sec += 1.3) {
      const p = mustParse(dashLiveMpd(ROOT, at(sec))).info.publishTimeMs ?? 0;
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
    // The same instant gives the same MPD (reloads are stable).
    expect(dashLiveMpd(ROOT, at(95.5))).toBe(dashLiveMpd(ROOT, at(95.9)));
  });

  it('a break every 2 minutes at 30 s into the cycle, one scheme per cycle, found by both detection modes', () => {
    expect([0, 1, 2, 3, 4, 5, 9, 13].map((k) => dashLiveBreak(k)?.scheme)).toEqual([
      undefined,
      'xml-splice-insert',
      undefined,
      undefined,
      undefined,
      'bin-splice-insert',
      'xml-time-signal',
      'xml-splice-insert',
    ]);
    for (const [k, eventId] of [
      [1, 2000],
      [5, 2001],
      [9, 2002],
    ] as const) {
      const m = mustParse(dashLiveMpd(ROOT, at(k * 30 + 31)));
      for (const mode of ['MULTI_PERIOD', 'SINGLE_PERIOD'] as const) {
        const d = detectDashBreaks(m, mode);
        expect(d.diagnostics).toEqual([]);
        expect(d.breaks.map((b) => [b.periodId, b.startSec, b.durationSec, b.signal.kind, b.signal.eventId])).toEqual([[`live-${k}`, k * 30, 30, 'cue-out', eventId]]);
      }
    }
  });

  it('every listed segment exists and ends by now', () => {
    const nowSec = 200.7;
    const meaning = mpdMeaning(dashLiveMpd(ROOT, at(nowSec)), `${ROOT}live/index.mpd`, at(nowSec));
    expect(meaning.length).toBeGreaterThan(0);
    for (const r of meaning)
      for (const s of r.segments) {
        expect(existsSync(fileOf(s.url))).toBe(true);
        expect(s.at + s.duration).toBeLessThanOrEqual(nowSec + 1e-6);
      }
  });
});

describe('creative MPDs', () => {
  it('one static MPD per ad and slate, URLs relative to it', () => {
    const c = dashCatalog();
    for (const item of [...c.ads, c.slate]) {
      const text = dashCreativeMpd(item);
      const m = mustParse(text);
      expect(m.periods.map((p) => p.durationSec)).toEqual([item.durationSec]);
      const meaning = mpdMeaning(text, `${ROOT}${item.dir}/manifest.mpd`);
      for (const r of meaning) for (const s of r.segments) expect(existsSync(fileOf(s.url))).toBe(true);
    }
  });
});
