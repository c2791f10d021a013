/**
 * The session's start time (`"startTime"` at init, `aws.startTime`; MediaTailor "Service variables
 * for session control"): EXT-X-START:TIME-OFFSET at the segment boundary nearest the time, counted
 * in the playlist as written (ads included); none outside the window or without program
 * date-time; an origin EXT-X-START is replaced.
 */
import { describe, expect, it } from 'vitest';
import { StartTimeTracker } from '../../../src/core/hls/start-time.ts';
import { decision, record, serve, state } from '../../helpers/session-rules.ts';

const EPOCH = Date.UTC(2026, 0, 1);
const iso = (seq: number, plusMs = 0) => new Date(EPOCH + seq * 2000 + plusMs).toISOString();

/** A live window of 2 s segments from `first`, dated, optionally with a 20 s CUE-OUT at `breakAt`. */
function window(first: number, n: number, opts: { breakAt?: number; pdt?: boolean; start?: string } = {}): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  if (opts.start) lines.push(opts.start);
  for (let q = first; q < first + n; q++) {
    if (q === opts.breakAt) lines.push('#EXT-X-CUE-OUT:20.000');
    if (opts.breakAt !== undefined && q === opts.breakAt + 10) lines.push('#EXT-X-CUE-IN');
    if (opts.pdt !== false) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${iso(q)}`);
    lines.push('#EXTINF:2.000,', `seg${q}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

const startLine = (text: string) => text.split('\n').filter((l) => l.startsWith('#EXT-X-START'));
const session = (startTime: string, implicit = false) =>
  state(record({ serverBeacons: false }, implicit ? '{}' : JSON.stringify({ startTime })));

describe('EXT-X-START from the session start time', () => {
  it('the nearest segment boundary, from the start of the playlist', () => {
    const s = session(iso(105, 700));
    expect(startLine(serve(s, window(100, 20), () => undefined).text)).toEqual(['#EXT-X-START:TIME-OFFSET=10.000']);
    // The window slides: the same point, a smaller offset.
    expect(startLine(serve(s, window(102, 20), () => undefined).text)).toEqual(['#EXT-X-START:TIME-OFFSET=6.000']);
    expect(startLine(serve(session(iso(105, 1200)), window(100, 20), () => undefined).text)).toEqual(['#EXT-X-START:TIME-OFFSET=12.000']);
  });

  it('counts the items as written: a point after a stitched break, dated through the ads', () => {
    const s = session(iso(118));
    // Two 10 s ads replace the 20 s break at 104..113 (live replacement keeps the duration): 36 s.
    const r = serve(s, window(100, 20, { breakAt: 104 }), (a) => decision(s, [`a${a.availIndex}`, `b${a.availIndex}`]));
    expect(r.text).toContain('cdn.example');
    expect(startLine(r.text)).toEqual(['#EXT-X-START:TIME-OFFSET=36.000']);
  });

  it('none outside the window, none without program date-time; the origin\'s own EXT-X-START is replaced', () => {
    expect(startLine(serve(session(iso(10)), window(100, 20), () => undefined).text)).toEqual([]);
    expect(startLine(serve(session(iso(500)), window(100, 20), () => undefined).text)).toEqual([]);
    expect(startLine(serve(session(iso(105)), window(100, 20, { pdt: false }), () => undefined).text)).toEqual([]);
    const replaced = serve(session(iso(103)), window(100, 20, { start: '#EXT-X-START:TIME-OFFSET=-6' }), () => undefined).text;
    expect(startLine(replaced)).toEqual(['#EXT-X-START:TIME-OFFSET=6.000']);
    // Without a start time the origin's stays.
    expect(startLine(serve(state(record({ serverBeacons: false })), window(100, 20, { start: '#EXT-X-START:TIME-OFFSET=-6' }), () => undefined).text)).toEqual(['#EXT-X-START:TIME-OFFSET=-6']);
  });

  it('an undated item is skipped; a time between two boundaries picks the nearer one', () => {
    const t = new StartTimeTracker(EPOCH + 2900);
    t.see(undefined, 0, 2);
    t.see(EPOCH, 2, 2);
    t.see(EPOCH + 2000, 4, 2);
    t.see(EPOCH + 4000, 6, 2);
    expect(t.line()).toBe('#EXT-X-START:TIME-OFFSET=4.000');
  });
});
