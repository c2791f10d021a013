/**
 * Marker lines → signals (core/hls/markers; docs/mediatailor-compat.md §6.1): what each dialect carries, and which
 * duration is the tag's own (it outranks a binary's when several signals start one break).
 */
import { describe, expect, it } from 'vitest';
import { readDateRangeLine, readMarkerLine } from '../../../src/core/hls/markers.ts';
import { spliceIn, spliceOut, timeSignalHex } from '../../helpers/playlist-text.ts';

describe('readMarkerLine', () => {
  it('CUE-OUT forms carry the tag duration; a bare CUE-OUT has none', () => {
    expect(readMarkerLine('#EXT-X-CUE-OUT:30.000')).toMatchObject([{ kind: 'out', durationSec: 30, tagDurationSec: 30 }]);
    expect(readMarkerLine('#EXT-X-CUE-OUT:DURATION=120')).toMatchObject([{ kind: 'out', durationSec: 120, tagDurationSec: 120 }]);
    const [bare] = readMarkerLine('#EXT-X-CUE-OUT');
    expect(bare).toMatchObject({ kind: 'out' });
    expect(bare && 'durationSec' in bare).toBe(false);
  });

  it('a binary-only signal has a duration but no tag duration', () => {
    const [s] = readMarkerLine(`#EXT-OATCLS-SCTE35:${spliceOut(4, 15)}`);
    expect(s).toMatchObject({ kind: 'out', durationSec: 15, eventId: '4' });
    expect(s && 'tagDurationSec' in s).toBe(false);
  });

  it('OATCLS / SPLICEPOINT cue-ins carry the event id', () => {
    expect(readMarkerLine(`#EXT-OATCLS-SCTE35:${spliceIn(4)}`)).toMatchObject([{ kind: 'in', eventId: '4' }]);
    const b64 = Buffer.from(timeSignalHex(9, 0x35).slice(2), 'hex').toString('base64');
    expect(readMarkerLine(`#EXT-X-SPLICEPOINT-SCTE35:${b64}`)).toMatchObject([{ kind: 'in', eventId: '9' }]);
  });

  it('CUE-OUT-CONT in both forms', () => {
    expect(readMarkerLine('#EXT-X-CUE-OUT-CONT:6.006/90.02')).toMatchObject([{ kind: 'cont', elapsedSec: 6.006, durationSec: 90.02 }]);
    expect(readMarkerLine('#EXT-X-CUE-OUT-CONT:ElapsedTime=12.5,Duration=30')).toMatchObject([{ kind: 'cont', elapsedSec: 12.5, durationSec: 30 }]);
  });

  it('EXT-X-SCTE35 CUE-OUT=YES / CONT / CUE-IN=YES', () => {
    expect(readMarkerLine(`#EXT-X-SCTE35:CUE="${spliceOut(2, 20)}",CUE-OUT=YES,DURATION=21`)).toMatchObject([{ kind: 'out', durationSec: 21, tagDurationSec: 21, eventId: '2' }]);
    expect(readMarkerLine(`#EXT-X-SCTE35:CUE="${spliceOut(2, 20)}",CUE-OUT=CONT`)).toMatchObject([{ kind: 'cont' }]);
    expect(readMarkerLine('#EXT-X-SCTE35:CUE-IN=YES,ID=2')).toMatchObject([{ kind: 'in', eventId: '2' }]);
  });

  it('EXT-X-ASSET attributes; unknown tags and comments are no signal', () => {
    expect(readMarkerLine('#EXT-X-ASSET:CAID=0x1,GENRE="a,b"')).toMatchObject([{ kind: 'asset', attrs: { CAID: '0x1', GENRE: 'a,b' } }]);
    expect(readMarkerLine('#EXT-X-VENDOR:CUE-OUT')).toEqual([]);
    expect(readMarkerLine('# EXT-X-CUE-OUT')).toEqual([]);
  });
});

describe('readDateRangeLine', () => {
  it('SCTE35-OUT: DURATION, else PLANNED-DURATION, else END-DATE − START-DATE, as the tag duration', () => {
    const base = '#EXT-X-DATERANGE:ID="a",START-DATE="2026-01-01T00:00:00Z"';
    expect(readDateRangeLine(`${base},DURATION=10,PLANNED-DURATION=20,SCTE35-OUT=0xFC`)).toMatchObject([{ kind: 'out', durationSec: 10, tagDurationSec: 10, eventId: 'a' }]);
    expect(readDateRangeLine(`${base},PLANNED-DURATION=20,SCTE35-OUT=0xFC`)).toMatchObject([{ durationSec: 20 }]);
    expect(readDateRangeLine(`${base},END-DATE="2026-01-01T00:00:42.5Z",SCTE35-OUT=0xFC`)).toMatchObject([{ durationSec: 42.5 }]);
  });

  it('SCTE35-CMD keeps the DATERANGE ID as the event id and the segmentation event id beside it', () => {
    expect(readDateRangeLine(`#EXT-X-DATERANGE:ID="d1",START-DATE="2026-01-01T00:00:00Z",SCTE35-CMD=${timeSignalHex(31, 0x34, 30)}`)).toMatchObject([
      { kind: 'out', eventId: 'd1', scteEventId: '31', durationSec: 30 },
    ]);
    expect(readDateRangeLine(`#EXT-X-DATERANGE:ID="d2",START-DATE="2026-01-01T00:00:30Z",SCTE35-CMD=${timeSignalHex(31, 0x35)}`)).toMatchObject([{ kind: 'in', eventId: 'd2', scteEventId: '31' }]);
  });

  it('a DATERANGE without SCTE35 attributes is no signal', () => {
    expect(readDateRangeLine('#EXT-X-DATERANGE:ID="x",START-DATE="2026-01-01T00:00:00Z",DURATION=30')).toEqual([]);
  });
});
