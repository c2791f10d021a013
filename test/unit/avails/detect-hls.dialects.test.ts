/**
 * Break detection, one dialect or combination per case (docs/mediatailor-compat.md §6.1, §6.4; docs/architecture.md §6):
 * what starts a break, what ends it, its duration and event id, and which repeated signals are
 * one break. Built playlists (helpers/playlist-text) with real SCTE-35 binaries from the encoder.
 */
import { describe, expect, it } from 'vitest';
import { detectHlsBreaks, MEMO_MAX_LINE_CHARS, memoizedLineChars, type DetectedBreak } from '../../../src/core/avails/detect-hls.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { playlistText, spliceIn, spliceOut, timeSignalHex } from '../../helpers/playlist-text.ts';

const breaksOf = (entries: readonly (string | number)[]): DetectedBreak[] => detectHlsBreaks(parseMediaPlaylist(playlistText(entries)));
const only = (entries: readonly (string | number)[]): DetectedBreak => {
  const found = breaksOf(entries);
  expect(found).toHaveLength(1);
  return found[0] as DetectedBreak;
};

describe('EXT-X-CUE-OUT durations (docs/architecture.md §6: kuu/hls-parser#94)', () => {
  it.each([
    ['#EXT-X-CUE-OUT:30', 30],
    ['#EXT-X-CUE-OUT:30.000', 30],
    ['#EXT-X-CUE-OUT:DURATION=30', 30],
    ['#EXT-X-CUE-OUT:DURATION=29.97', 29.97],
    ['#EXT-X-CUE-OUT:DURATION="30"', 30],
  ])('%s → %d s from the segment it precedes', (tag, durationSec) => {
    const b = only([6, tag, 6, 6, 6]);
    expect(b).toMatchObject({ startSeq: 101, firstSeqInWindow: 101, durationSec, insertion: false, startLines: [tag] });
    expect(b.endSeq).toBeUndefined();
  });

  it('a bare CUE-OUT has no duration and ends at its CUE-IN', () => {
    const b = only([6, '#EXT-X-CUE-OUT', 6, 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, endLines: ['#EXT-X-CUE-IN'] });
    expect(b.durationSec).toBeUndefined();
  });

  it('a CUE-OUT carrying SCTE35= decodes it and takes its event id', () => {
    const b = only([6, `#EXT-X-CUE-OUT:DURATION=30,SCTE35=${spliceOut(42, 30)}`, 6, 6]);
    expect(b).toMatchObject({ durationSec: 30, eventId: '42', scte: { kind: 'cue-out', eventId: 42, durationSec: 30 } });
  });
});

describe('EXT-X-CUE-OUT-CONT (joins mid-break)', () => {
  it('ElapsedTime=…,Duration=…,SCTE35=… opens a joined break with no start sequence', () => {
    const b = only([`#EXT-X-CUE-OUT-CONT:ElapsedTime=12.000,Duration=30,SCTE35=${spliceOut(7, 30)}`, 6, '#EXT-X-CUE-OUT-CONT:ElapsedTime=18.000,Duration=30', 6, '#EXT-X-CUE-IN', 6]);
    expect(b.startSeq).toBeUndefined();
    expect(b).toMatchObject({ firstSeqInWindow: 100, elapsedAtFirstSec: 12, durationSec: 30, endSeq: 102, eventId: '7' });
  });

  it('the elapsed/duration form 6.006/90.02 (futzu/threefive#51)', () => {
    const b = only(['#EXT-X-CUE-OUT-CONT:6.006/90.02', 6, '#EXT-X-CUE-OUT-CONT:12.012/90.02', 6]);
    expect(b.startSeq).toBeUndefined();
    expect(b).toMatchObject({ firstSeqInWindow: 100, elapsedAtFirstSec: 6.006, durationSec: 90.02 });
  });

  it('after a CUE-OUT in the window, CONT lines neither open a break nor change its start', () => {
    const b = only([6, '#EXT-X-CUE-OUT:18', 6, '#EXT-X-CUE-OUT-CONT:6/18', 6, '#EXT-X-CUE-OUT-CONT:12/18', 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 104, durationSec: 18 });
  });

  it('a bare CUE-OUT takes its duration from the CONT lines that follow', () => {
    expect(only([6, '#EXT-X-CUE-OUT', 6, '#EXT-X-CUE-OUT-CONT:ElapsedTime=6,Duration=24', 6])).toMatchObject({ startSeq: 101, durationSec: 24 });
  });
});

describe('EXT-X-DATERANGE SCTE35-OUT / SCTE35-IN / SCTE35-CMD (RFC 8216bis §4.4.5.1)', () => {
  const out = spliceOut(0x6ffffff0, 30);
  const hexOut = `0x${Buffer.from(out, 'base64').toString('hex').toUpperCase()}`;

  it('OUT … IN with one ID is one break; the DATERANGE ID is the event id, the binary is decoded', () => {
    const b = only([
      6,
      `#EXT-X-DATERANGE:ID="ad-1",START-DATE="2026-01-01T00:00:06Z",PLANNED-DURATION=30,SCTE35-OUT=${hexOut}`,
      6,
      6,
      '#EXT-X-DATERANGE:ID="ad-1",START-DATE="2026-01-01T00:00:06Z",SCTE35-IN=0xFC',
      6,
    ]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, durationSec: 30, eventId: 'ad-1', scte: { kind: 'cue-out', eventId: 0x6ffffff0 } });
  });

  it('PLANNED-DURATION alone gives the duration (cf-ssai read only DURATION)', () => {
    expect(only([6, '#EXT-X-DATERANGE:ID="p",START-DATE="2026-01-01T00:00:06Z",PLANNED-DURATION=45.5,SCTE35-OUT=0xFC', 6]).durationSec).toBe(45.5);
  });

  it('DURATION (the actual one) outranks PLANNED-DURATION (an estimate)', () => {
    expect(only([6, '#EXT-X-DATERANGE:ID="p",START-DATE="2026-01-01T00:00:06Z",PLANNED-DURATION=60,DURATION=24,SCTE35-OUT=0xFC', 6]).durationSec).toBe(24);
  });

  it('END-DATE minus START-DATE when no duration attribute is given', () => {
    expect(only([6, '#EXT-X-DATERANGE:ID="e",START-DATE="2026-01-01T00:00:06.000Z",END-DATE="2026-01-01T00:00:36.500Z",SCTE35-OUT=0xFC', 6]).durationSec).toBe(30.5);
  });

  it('an IN for another ID does not end the break', () => {
    const b = only([6, '#EXT-X-DATERANGE:ID="a",START-DATE="2026-01-01T00:00:06Z",SCTE35-OUT=0xFC', 6, '#EXT-X-DATERANGE:ID="b",START-DATE="2026-01-01T00:00:00Z",SCTE35-IN=0xFC', 6, 6]);
    expect(b.endSeq).toBeUndefined();
  });

  it('a DATERANGE without SCTE35 attributes (interstitials, chapters) is not a break', () => {
    expect(breaksOf([6, '#EXT-X-DATERANGE:ID="c",CLASS="com.apple.hls.interstitial",START-DATE="2026-01-01T00:00:06Z",DURATION=30,X-ASSET-URI="a.m3u8"', 6])).toEqual([]);
  });

  it('SCTE35-CMD time_signal 0x34 (PPO start) opens with the segmentation duration; 0x35 of the same ID ends it', () => {
    const b = only([
      6,
      `#EXT-X-DATERANGE:ID="ppo-9",START-DATE="2026-01-01T00:00:06Z",SCTE35-CMD=${timeSignalHex(9, 0x34, 24)}`,
      6,
      6,
      `#EXT-X-DATERANGE:ID="ppo-9",START-DATE="2026-01-01T00:00:06Z",SCTE35-CMD=${timeSignalHex(9, 0x35)}`,
      6,
    ]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, durationSec: 24, eventId: 'ppo-9', scte: { segmentationTypeId: 0x34, eventId: 9 } });
  });

  it('SCTE35-CMD 0x35 in a DATERANGE of its own ID ends the 0x34 of the same segmentation event', () => {
    const b = only([
      6,
      `#EXT-X-DATERANGE:ID="sig-1",START-DATE="2026-01-01T00:00:06Z",SCTE35-CMD=${timeSignalHex(77, 0x34)}`,
      6,
      6,
      `#EXT-X-DATERANGE:ID="sig-2",START-DATE="2026-01-01T00:00:18Z",SCTE35-CMD=${timeSignalHex(77, 0x35)}`,
      6,
    ]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103 });
  });

  it('SCTE35-CMD 0x31 (provider ad end) of another event inside a 0x34 break does not end it', () => {
    const b = only([
      6,
      `#EXT-X-DATERANGE:ID="sig-1",START-DATE="2026-01-01T00:00:06Z",SCTE35-CMD=${timeSignalHex(77, 0x34, 30)}`,
      6,
      `#EXT-X-DATERANGE:ID="sig-2",START-DATE="2026-01-01T00:00:12Z",SCTE35-CMD=${timeSignalHex(78, 0x31)}`,
      6,
      6,
    ]);
    expect(b.endSeq).toBeUndefined();
  });
});

describe('binary-only markers', () => {
  it('EXT-OATCLS-SCTE35 splice_insert out … in (same event) is a break with the binary duration', () => {
    const b = only([6, `#EXT-OATCLS-SCTE35:${spliceOut(5, 12)}`, 6, 6, `#EXT-OATCLS-SCTE35:${spliceIn(5)}`, 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, durationSec: 12, eventId: '5' });
  });

  it('EXT-X-SPLICEPOINT-SCTE35 time_signal 0x34 … 0x35 of the same event', () => {
    const b64 = (hex: string): string => Buffer.from(hex.slice(2), 'hex').toString('base64');
    const b = only([6, `#EXT-X-SPLICEPOINT-SCTE35:${b64(timeSignalHex(3, 0x34, 18))}`, 6, 6, 6, `#EXT-X-SPLICEPOINT-SCTE35:${b64(timeSignalHex(3, 0x35))}`, 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 104, durationSec: 18, eventId: '3', scte: { segmentationTypeId: 0x34 } });
  });

  it('a time_signal without a break segmentation type (0x10 program start) is not a break', () => {
    expect(breaksOf([6, `#EXT-X-SPLICEPOINT-SCTE35:${Buffer.from(timeSignalHex(1, 0x10).slice(2), 'hex').toString('base64')}`, 6])).toEqual([]);
  });

  it('EXT-X-ASSET before a break is its [asset.*] context; a later one applies to later breaks only', () => {
    const found = breaksOf(['#EXT-X-ASSET:CAID=0x01,GENRE=news', 6, '#EXT-X-CUE-OUT:6', 6, '#EXT-X-CUE-IN', 6, '#EXT-X-ASSET:CAID=0x02', '#EXT-X-CUE-OUT:6', 6, '#EXT-X-CUE-IN', 6]);
    expect(found.map((b) => b.asset)).toEqual([{ CAID: '0x01', GENRE: 'news' }, { CAID: '0x02' }]);
  });
});

describe('several signals, one break', () => {
  it('DATERANGE then CUE-OUT on one segment is one break (Eyevinn/hls-m3u8#43)', () => {
    const b = only([6, '#EXT-X-DATERANGE:ID="x",START-DATE="2026-01-01T00:00:06Z",PLANNED-DURATION=30,SCTE35-OUT=0xFC', '#EXT-X-CUE-OUT:30', 6, 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, durationSec: 30 });
    expect(b.startLines).toHaveLength(2);
  });

  it('OATCLS + CUE-OUT on one segment is one break (globocom/m3u8#81: Elemental puts the SCTE-35 on the CUE-OUT)', () => {
    const b = only([6, `#EXT-OATCLS-SCTE35:${spliceOut(11, 30)}`, '#EXT-X-CUE-OUT:30.000', 6, `#EXT-X-CUE-OUT-CONT:6.000/30.000`, 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, durationSec: 30, eventId: '11' });
  });

  it('a CUE-OUT repeated with the same event id is one break (cf-ssai HOTFIX_DUPLICATE_ADS)', () => {
    const b = only([6, `#EXT-X-CUE-OUT:DURATION=30,SCTE35=${spliceOut(9, 30)}`, 6, `#EXT-X-CUE-OUT:DURATION=30,SCTE35=${spliceOut(9, 30)}`, 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103 });
  });

  it('a rolling OATCLS re-signal of the same event is one break', () => {
    const b = only([6, `#EXT-OATCLS-SCTE35:${spliceOut(9, 30)}`, 6, `#EXT-OATCLS-SCTE35:${spliceOut(9, 30)}`, 6, `#EXT-OATCLS-SCTE35:${spliceOut(9, 30)}`, 6]);
    expect(b).toMatchObject({ startSeq: 101, durationSec: 30, eventId: '9' });
  });
});

describe('break boundaries', () => {
  it('back-to-back: CUE-IN and CUE-OUT on the same segment end one break and start the next there', () => {
    const found = breaksOf([6, '#EXT-X-CUE-OUT:12', 6, 6, '#EXT-X-CUE-IN', '#EXT-X-CUE-OUT:12', 6, 6, '#EXT-X-CUE-IN', 6]);
    expect(found).toMatchObject([
      { startSeq: 101, endSeq: 103 },
      { startSeq: 103, endSeq: 105 },
    ]);
  });

  it('back-to-back without a CUE-IN: a new CUE-OUT of another event ends the previous break', () => {
    const found = breaksOf([6, `#EXT-OATCLS-SCTE35:${spliceOut(1, 12)}`, 6, 6, `#EXT-OATCLS-SCTE35:${spliceOut(2, 12)}`, 6, 6]);
    expect(found).toMatchObject([
      { startSeq: 101, endSeq: 103, eventId: '1' },
      { startSeq: 103, eventId: '2' },
    ]);
  });

  it('a CUE-IN after the last segment (published early) ends the break at the next sequence', () => {
    const b = only([6, '#EXT-X-CUE-OUT:12', 6, 6, '#EXT-X-CUE-IN']);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 103, endLines: ['#EXT-X-CUE-IN'] });
  });

  it('a CUE-IN with no break open is ignored', () => {
    expect(breaksOf([6, '#EXT-X-CUE-IN', 6, 6])).toEqual([]);
  });

  it('CUE-OUT:0 immediately followed by CUE-IN is a VOD insertion point (docs/mediatailor-compat.md §6.4)', () => {
    const found = breaksOf(['#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN', 6, 6, '#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN', 6, 6]);
    expect(found).toMatchObject([
      { startSeq: 100, endSeq: 100, durationSec: 0, insertion: true },
      { startSeq: 102, endSeq: 102, durationSec: 0, insertion: true },
    ]);
  });

  it('an insertion point inside an open break ends it there', () => {
    const found = breaksOf([6, '#EXT-X-CUE-OUT', 6, '#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN', 6, 6]);
    expect(found).toMatchObject([
      { startSeq: 101, endSeq: 102, insertion: false },
      { startSeq: 102, insertion: true },
    ]);
  });

  it('the open break known to the session continues into a window without its start (DATERANGE has no CONT lines)', () => {
    const text = playlistText([6, 6, '#EXT-X-DATERANGE:ID="d",START-DATE="2026-01-01T00:00:00Z",SCTE35-IN=0xFC', 6], { mediaSequence: 200 });
    const found = detectHlsBreaks(parseMediaPlaylist(text), { startSeq: 195, eventId: 'd', durationSec: 40 });
    expect(found).toMatchObject([{ startSeq: 195, firstSeqInWindow: 200, endSeq: 202, durationSec: 40, eventId: 'd' }]);
  });
});

describe('bad markers never throw', () => {
  const junk = [
    '#EXT-X-CUE-OUT:abc',
    '#EXT-X-CUE-OUT:DURATION=-5',
    '#EXT-X-CUE-OUT:1e400',
    '#EXT-X-CUE-OUT:NaN',
    '#EXT-X-CUE-OUT:DURATION=',
    '#EXT-X-CUE-OUT-CONT:x/y',
    '#EXT-X-CUE-OUT-CONT:ElapsedTime=,Duration=abc,SCTE35=!!!',
    '#EXT-X-CUE-OUT-CONT',
    '#EXT-X-CUE-IN:junk',
    '#EXT-OATCLS-SCTE35:',
    '#EXT-OATCLS-SCTE35:not base64 ✗',
    '#EXT-X-SPLICEPOINT-SCTE35:0xZZ',
    '#EXT-X-DATERANGE:SCTE35-OUT=',
    '#EXT-X-DATERANGE:ID="unterminated,SCTE35-OUT=0xFC',
    '#EXT-X-DATERANGE:SCTE35-CMD=0x',
    '#EXT-X-DATERANGE:ID=x,START-DATE=nope,END-DATE=never,SCTE35-OUT=0xFC',
    '#EXT-X-SCTE35:CUE="@@",CUE-OUT=YES',
    '#EXT-X-SCTE35:CUE-IN=YES',
    '#EXT-X-ASSET:',
    '#EXT-X-ASSET:=,=,"',
    '#EXT-X-CUE:TYPE="SpliceOut"',
  ];
  it.each(junk)('%s', (line) => {
    expect(() => breaksOf([6, line, 6, line, 6])).not.toThrow();
    expect(() => breaksOf([line])).not.toThrow();
    for (const b of breaksOf([6, line, 6])) {
      if (b.durationSec !== undefined) expect(Number.isFinite(b.durationSec) && b.durationSec >= 0).toBe(true);
    }
  });

  it('a CUE-OUT whose duration does not parse is still a break, as a bare CUE-OUT', () => {
    const b = only([6, '#EXT-X-CUE-OUT:abc', 6, '#EXT-X-CUE-IN', 6]);
    expect(b).toMatchObject({ startSeq: 101, endSeq: 102 });
    expect(b.durationSec).toBeUndefined();
  });
});

describe('marker memo (issue 9, load harness)', () => {
  it('does not keep the text of huge marker lines: a hostile origin cannot fill the isolate', () => {
    const before = memoizedLineChars();
    for (let i = 0; i < 40; i++) {
      const huge = `#EXT-X-CUE-OUT:DURATION=30,X-PAD="${String(i).padStart(6, '0')}${'x'.repeat(200_000)}"`;
      const b = only([6, huge, 6, 6]);
      expect(b.durationSec).toBe(30);
    }
    expect(memoizedLineChars() - before).toBeLessThanOrEqual(MEMO_MAX_LINE_CHARS);
    // Ordinary lines are still memoized.
    only([6, '#EXT-X-CUE-OUT:DURATION=31', 6]);
    expect(memoizedLineChars()).toBeGreaterThan(0);
  });
});
