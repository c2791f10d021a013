/**
 * Avail suppression (docs/mediatailor-compat.md §6.5; AvailSuppression of the playback configuration, live only):
 * judgeBreak alone, then through registerWindow on a session that joins a live stream.
 */
import { describe, expect, it } from 'vitest';
import type { AvailSuppression } from '../../../src/core/config/playback-configuration.ts';
import { hmsToSec, judgeBreak } from '../../../src/core/avails/suppression.ts';
import { mark, OriginTimeline, plain } from '../../helpers/origin-timeline.ts';
import { ad, repeat, StitchSession } from '../../helpers/stitch-session.ts';

const EDGE = 100; // live edge at join, session seconds
const at = (startTimeSec: number, o: { joined?: boolean; inProgressAtJoin?: boolean } = {}) => ({ startTimeSec, joined: o.joined ?? false, inProgressAtJoin: o.inProgressAtJoin ?? false });

describe('judgeBreak', () => {
  it('OFF (and no configuration) fills every break whose cue-out was seen', () => {
    for (const s of [undefined, { Mode: 'OFF' } as const, { Mode: 'OFF', Value: '00:05:00' } as const]) {
      for (const t of [0, 99, 100, 5000]) expect(judgeBreak(s, EDGE, at(t))).toEqual({ fill: true, partial: false });
    }
  });

  it('BEHIND_LIVE_EDGE: breaks starting at or before edge − Value are left as content, later ones filled', () => {
    const s: AvailSuppression = { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:30' };
    expect(judgeBreak(s, EDGE, at(60))).toMatchObject({ fill: false, reason: expect.stringContaining('BEHIND_LIVE_EDGE') });
    expect(judgeBreak(s, EDGE, at(70))).toMatchObject({ fill: false });
    expect(judgeBreak(s, EDGE, at(71))).toEqual({ fill: true, partial: false });
    expect(judgeBreak(s, EDGE, at(150))).toEqual({ fill: true, partial: false });
  });

  it('BEHIND_LIVE_EDGE 00:00:00: only breaks after the join are filled', () => {
    const s: AvailSuppression = { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' };
    expect(judgeBreak(s, EDGE, at(90))).toMatchObject({ fill: false });
    expect(judgeBreak(s, EDGE, at(100))).toMatchObject({ fill: false });
    expect(judgeBreak(s, EDGE, at(100.5))).toEqual({ fill: true, partial: false });
  });

  it('BEHIND_LIVE_EDGE with PARTIAL_AVAIL fills the rest of a break in progress at join', () => {
    const s: AvailSuppression = { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' };
    expect(judgeBreak(s, EDGE, at(90, { inProgressAtJoin: true }))).toEqual({ fill: true, partial: true });
    expect(judgeBreak(s, EDGE, at(60, { inProgressAtJoin: false }))).toMatchObject({ fill: false });
  });

  it('AFTER_LIVE_EDGE: breaks starting within Value after the edge are left as content', () => {
    const s: AvailSuppression = { Mode: 'AFTER_LIVE_EDGE', Value: '00:01:00' };
    expect(judgeBreak(s, EDGE, at(90))).toEqual({ fill: true, partial: false });
    expect(judgeBreak(s, EDGE, at(100))).toMatchObject({ fill: false, reason: expect.stringContaining('AFTER_LIVE_EDGE') });
    expect(judgeBreak(s, EDGE, at(159))).toMatchObject({ fill: false });
    expect(judgeBreak(s, EDGE, at(160))).toEqual({ fill: true, partial: false });
  });

  it('a break joined after its cue-out slid away is content, unless PARTIAL_AVAIL', () => {
    expect(judgeBreak(undefined, EDGE, at(80, { joined: true }))).toMatchObject({ fill: false, reason: expect.stringContaining('joined') });
    expect(judgeBreak({ Mode: 'OFF', FillPolicy: 'PARTIAL_AVAIL' }, EDGE, at(80, { joined: true }))).toEqual({ fill: true, partial: true });
  });

  it('hmsToSec reads HH:MM:SS and treats anything else as zero', () => {
    expect(hmsToSec('01:02:03')).toBe(3723);
    expect(hmsToSec('00:00:00')).toBe(0);
    for (const bad of ['', '1:2:3', '00:00', 'abc', '00:00:00:00']) expect(hmsToSec(bad)).toBe(0);
  });
});

describe('suppression through a live session', () => {
  // 2 s segments; breaks at 1010 (in the first window) and 1040 (later), 8 s each.
  const t = new OriginTimeline(mark(mark(mark(mark(plain(80, 2), 10, ['#EXT-X-CUE-OUT:8']), 14, ['#EXT-X-CUE-IN']), 40, ['#EXT-X-CUE-OUT:8']), 44, ['#EXT-X-CUE-IN']));
  const run = (suppression?: AvailSuppression, firstLast = 1019) => {
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(4, 2))], ...(suppression ? { suppression } : {}) });
    for (let last = firstLast; last <= 1060; last++) s.serve('v0', t.window('v0', Math.max(last - 9, t.baseSeq), last));
    expect(s.checker.violations).toEqual([]);
    return s.ledger.breaks.map((b) => [b.originStartSeq, b.mode]);
  };

  it('OFF personalizes the break already in the first window and the later one', () => {
    expect(run()).toEqual([
      [1010, 'personalize'],
      [1040, 'personalize'],
    ]);
  });

  it('BEHIND_LIVE_EDGE 00:00:00 leaves the break behind the join edge as content', () => {
    expect(run({ Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00' })).toEqual([
      [1010, 'passthrough'],
      [1040, 'personalize'],
    ]);
  });

  it('AFTER_LIVE_EDGE 00:01:00 leaves the break starting within a minute of the join edge as content', () => {
    // Join edge at 1005 (10 s); the break at 1010 (20 s) is within the minute, the one at 1040 (80 s) is not.
    expect(run({ Mode: 'AFTER_LIVE_EDGE', Value: '00:01:00' }, 1004)).toEqual([
      [1010, 'passthrough'],
      [1040, 'personalize'],
    ]);
  });

  it('PARTIAL_AVAIL fills a break in progress at join from the join edge on', () => {
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(2, 2))], suppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:00', FillPolicy: 'PARTIAL_AVAIL' } });
    for (let last = 1011; last <= 1025; last++) s.serve('v0', t.window('v0', last - 5, last));
    expect(s.ledger.breaks[0]).toMatchObject({ originStartSeq: 1011, originEndSeq: 1014, mode: 'personalize', joinedElapsedSec: 2, signalledDurationSec: 6, closed: true });
    expect(s.checker.violations).toEqual([]);
  });
});
