/**
 * Break detection on third-party playlists and marker snippets (test/fixtures/hls/README.md):
 * kuu/hls-parser's SCTE-35 fixtures and the MediaTailor guide's HLS ad-marker examples
 * (docs/mediatailor-compat.md §6.1; docs/architecture.md §6). Each expectation is read off the fixture text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectHlsBreaks, type DetectedBreak } from '../../../src/core/avails/detect-hls.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { playlistText } from '../../helpers/playlist-text.ts';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/hls/${name}`, import.meta.url), 'utf8');
const breaksOf = (text: string): DetectedBreak[] => detectHlsBreaks(parseMediaPlaylist(text));

/** A guide snippet as a playlist: two 6 s segments, then the snippet with each `...` as three 6 s segments, then two more. */
function fromSnippet(name: string): string {
  const entries: (string | number)[] = [6, 6];
  for (const line of fixture(name)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    if (line === '...') entries.push(6, 6, 6);
    else entries.push(line);
  }
  entries.push(6, 6);
  return playlistText(entries, { mediaSequence: 500 });
}

describe('kuu/hls-parser SCTE-35 fixtures', () => {
  it('SCTE-35_01: CUE-OUT:DURATION=15 … CUE-IN is one break over 2.ts and 3.ts', () => {
    expect(breaksOf(fixture('kuu-SCTE-35_01.m3u8'))).toMatchObject([{ startSeq: 1, endSeq: 3, durationSec: 15, insertion: false, endLines: ['#EXT-X-CUE-IN'] }]);
  });

  it('SCTE-35_02: CUE-OUT-CONT lines continue the break, they do not open others', () => {
    const found = breaksOf(fixture('kuu-SCTE-35_02.m3u8'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startSeq: 1, firstSeqInWindow: 1, endSeq: 4, durationSec: 23 });
  });

  it('SCTE-35_03: the EXT-X-CUE dialect is not a MediaTailor marker (docs/mediatailor-compat.md §6.1) and opens no break', () => {
    expect(breaksOf(fixture('kuu-SCTE-35_03.m3u8'))).toEqual([]);
  });

  it('SCTE-35_04: OATCLS + EXT-X-ASSET + CUE-OUT on one segment are one break; the CUE-OUT duration wins over the binary', () => {
    const found = breaksOf(fixture('kuu-SCTE-35_04.m3u8'));
    expect(found).toHaveLength(1);
    const b = found[0] as DetectedBreak;
    expect(b).toMatchObject({ startSeq: 1, endSeq: 3, durationSec: 15, asset: { CAID: '0x0000000020FB6501' } });
    // The OATCLS binary is a time_signal with a Provider Placement Opportunity Start (0x34).
    expect(b.scte).toMatchObject({ kind: 'cue-out', source: 'segmentation_descriptor', segmentationTypeId: 0x34, eventId: 0x4000003b });
    expect(b.eventId).toBe(String(0x4000003b));
    expect(b.startLines.some((l) => l.startsWith('#EXT-OATCLS-SCTE35:'))).toBe(true);
    expect(b.startLines).toContain('#EXT-X-CUE-OUT:DURATION=15');
  });

  it('cue-out.m3u8: a CUE-OUT with a duration and no CUE-IN yet stays open', () => {
    const found = breaksOf(fixture('kuu-cue-out.m3u8'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startSeq: 1, durationSec: 15 });
    expect(found[0]?.endSeq).toBeUndefined();
  });

  it('daterange-scte35.m3u8 (RFC 8216 example): OUT/IN DATERANGEs with one ID are one break; PLANNED-DURATION is read', () => {
    const found = breaksOf(fixture('kuu-daterange-scte35.m3u8'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startSeq: 2, endSeq: 4, durationSec: 59.993, eventId: 'splice-6FFFFFF0' });
    // The RFC's hex is not a whole splice_info_section: no SCTE-35 is attached, nothing throws.
    expect(found[0]?.scte).toBeUndefined();
  });
});

describe('MediaTailor guide, HLS ad markers (docs/mediatailor-compat.md §6.1)', () => {
  it('-04: CUE-OUT:DURATION=120 … CUE-IN', () => {
    expect(breaksOf(fromSnippet('hls-ad-markers-04.txt'))).toMatchObject([{ startSeq: 502, endSeq: 505, durationSec: 120 }]);
  });

  it('-05: CUE-OUT:30.000 … CUE-IN', () => {
    expect(breaksOf(fromSnippet('hls-ad-markers-05.txt'))).toMatchObject([{ startSeq: 502, endSeq: 505, durationSec: 30 }]);
  });

  it('-06: bare CUE-OUT … CUE-IN has no duration and ends at the CUE-IN', () => {
    const found = breaksOf(fromSnippet('hls-ad-markers-06.txt'));
    expect(found).toMatchObject([{ startSeq: 502, endSeq: 505 }]);
    expect(found[0]?.durationSec).toBeUndefined();
  });

  it('-07: DATERANGE with DURATION, an invalid START-DATE and an undecodable SCTE35-OUT still opens the break', () => {
    const found = breaksOf(fromSnippet('hls-ad-markers-07.txt'));
    expect(found).toMatchObject([{ startSeq: 502, durationSec: 60, eventId: 'splice-6FFFFFF0' }]);
    expect(found[0]?.endSeq).toBeUndefined();
  });

  it('-08: paired DATERANGE OUT/IN without a duration ends at the IN', () => {
    const found = breaksOf(fromSnippet('hls-ad-markers-08.txt'));
    expect(found).toMatchObject([{ startSeq: 502, endSeq: 505, eventId: 'splice-6FFFFFF0' }]);
    expect(found[0]?.durationSec).toBeUndefined();
  });

  it('-09: paired DATERANGE OUT (DURATION=60) / IN', () => {
    expect(breaksOf(fromSnippet('hls-ad-markers-09.txt'))).toMatchObject([{ startSeq: 502, endSeq: 505, durationSec: 60 }]);
  });

  it('-10: SPLICEPOINT time_signal 0x34 opens a break with the descriptor duration; the 0x35 of another event does not end it', () => {
    const found = breaksOf(fromSnippet('hls-ad-markers-10.txt'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startSeq: 502, durationSec: 212.16, eventId: '2729', scte: { segmentationTypeId: 0x34 } });
    expect(found[0]?.endSeq).toBeUndefined();
  });

  it('-01: EXT-X-ASSET attributes are kept as written for [asset.*] (quotes removed, encoding kept)', () => {
    const text = playlistText([6, fixture('hls-ad-markers-01.txt').trim(), '#EXT-X-CUE-OUT:30', 6, 6, '#EXT-X-CUE-IN', 6]);
    expect(breaksOf(text)[0]?.asset).toEqual({
      GENRE: 'CV',
      CAID: '12345678',
      EPISODE: 'Episode%20Name%20Date',
      SEASON: 'Season%20Name%20and%20Number',
      SERIES: 'Series%2520Name',
    });
  });

  it('manifest-hls-example-02 (MediaPackage origin): OATCLS + CUE-OUT:20.020 + CUE-OUT-CONT + CUE-IN is one break', () => {
    const found = breaksOf(fixture('manifest-hls-example-02.m3u8'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ startSeq: 8779960, endSeq: 8779965, durationSec: 20.02, eventId: String(4026531846), scte: { source: 'splice_insert', durationSec: 20 } });
  });
});
