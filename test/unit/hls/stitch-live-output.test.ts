/**
 * What a personalized live playlist carries besides the numbering (contracts §6.2; DESIGN §6
 * invariants 4–5): marker passthrough, the content CDN prefix, program date-times, a target
 * duration that covers ad segments, content and ad segment durations that differ, and a playlist
 * held at a break whose decision is still running.
 */
import { describe, expect, it } from 'vitest';
import { createUriResolver } from '../../../src/core/hls/uri-resolver.ts';
import { independentParse } from '../../helpers/independent-parse.ts';
import { mark, ORIGIN_BASE, OriginTimeline, plain } from '../../helpers/origin-timeline.ts';
import { spliceOut } from '../../helpers/playlist-text.ts';
import { ad, repeat, slate, slide, StitchSession, uris, type Decision } from '../../helpers/stitch-session.ts';

const count = (text: string, line: string): number => text.split('\n').filter((l) => l === line).length;

describe('ManifestProcessingRules.AdMarkerPassthrough (contracts §6.2)', () => {
  const OUT = `#EXT-X-CUE-OUT:DURATION=12,SCTE35=${spliceOut(3, 12)}`;
  const timeline = (): OriginTimeline => {
    const segs = plain(40, 2);
    mark(segs, 10, [OUT]);
    for (let i = 11; i < 16; i++) mark(segs, i, [`#EXT-X-CUE-OUT-CONT:ElapsedTime=${(i - 10) * 2},Duration=12`]);
    mark(segs, 16, ['#EXT-X-CUE-IN']);
    return new OriginTimeline(segs);
  };

  it('copies CUE-OUT and CUE-IN verbatim, once each, around the ads', () => {
    const t = timeline();
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(6, 2))], markerPassthrough: true });
    const seen: string[] = [];
    slide(s, t, 10, 1008, 1022, { each: (r, last, res) => void (r === 'v0' && last === 1019 ? seen.push(res.text) : 0) });
    const text = seen[0] ?? '';
    expect(count(text, OUT)).toBe(1);
    expect(count(text, '#EXT-X-CUE-IN')).toBe(1);
    const lines = text.split('\n');
    expect(lines.indexOf(OUT)).toBeLessThan(lines.findIndex((l) => l.includes('ads.example')));
    expect(lines.indexOf('#EXT-X-CUE-IN')).toBeLessThan(lines.findIndex((l) => l.endsWith('seg1016.ts')));
    expect(lines.indexOf('#EXT-X-CUE-IN')).toBeGreaterThan(lines.findLastIndex((l) => l.includes('ads.example')));
    expect(s.checker.violations).toEqual([]);
  });

  it('without passthrough every cue tag is consumed', () => {
    const t = timeline();
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(6, 2))] });
    const last = slide(s, t, 10, 1008, 1020);
    expect(last.get('v0')?.text).not.toMatch(/CUE-OUT|CUE-IN|OATCLS/);
  });

  it('a passed-through break keeps its markers where the origin has them', () => {
    const t = timeline();
    const s = new StitchSession({ decide: () => 'passthrough', markerPassthrough: true });
    const text = slide(s, t, 10, 1008, 1019).get('v0')?.text ?? '';
    expect(count(text, OUT)).toBe(1);
    expect(count(text, '#EXT-X-CUE-IN')).toBe(1);
    expect(text).toContain('#EXT-X-CUE-OUT-CONT:ElapsedTime=4,Duration=12');
  });
});

describe('CdnConfiguration.ContentSegmentUrlPrefix', () => {
  it('re-roots content under the CDN prefix; ad URIs are left alone', () => {
    const t = new OriginTimeline(mark(mark(plain(30, 2), 10, ['#EXT-X-CUE-OUT:4']), 12, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({
      decide: () => [ad('a', 0, [2, 2])],
      resolver: (r) => createUriResolver(`${ORIGIN_BASE}${r}.m3u8?token=1`, 'https://origin.example/live', 'https://cdn.example/c'),
    });
    const text = slide(s, t, 8, 1008, 1015).get('a0')?.text ?? '';
    const all = uris(text);
    expect(all.filter((u) => u.includes('ads.example'))).toEqual(['https://ads.example/a/a0/seg0.ts', 'https://ads.example/a/a0/seg1.ts']);
    expect(all.filter((u) => !u.includes('ads.example')).every((u) => u.startsWith('https://cdn.example/c/a0/seg'))).toBe(true);
  });
});

describe('EXT-X-PROGRAM-DATE-TIME (invariant 4)', () => {
  it.each(['every', 'first'] as const)('slots get break PDT + offset, content keeps the origin PDT (origin PDT on %s segment)', (pdt) => {
    const t = new OriginTimeline(mark(mark(plain(40, 2), 10, ['#EXT-X-CUE-OUT:8']), 14, ['#EXT-X-CUE-IN']), { pdt });
    const s = new StitchSession({ decide: () => [ad('a', 0, [3, 3]), slate([1])] });
    const p = slide(s, t, 12, 1008, 1018).get('v0')?.parsed;
    const segs = p?.segments ?? [];
    const ads = segs.filter((x) => x.uri.includes('ads.example') || x.uri.includes('slate'));
    expect(ads.map((x) => x.pdt)).toEqual([0, 3, 6, 7].map((o) => new Date(t.epochMs + (20 + o) * 1000).toISOString()));
    const back = segs.find((x) => x.uri.endsWith('seg1014.ts'));
    expect(back?.pdt && Date.parse(back.pdt)).toBe(Date.parse(t.pdtOf(1014)));
    if (pdt === 'every') for (const x of segs.filter((y) => y.uri.includes('origin.example'))) expect(x.pdt).toBe(t.pdtOf(Number(/seg(\d+)/.exec(x.uri)?.[1])));
    expect(s.checker.violations).toEqual([]);
  });
});

describe('EXT-X-TARGETDURATION covers every EXTINF (invariant 5)', () => {
  it('grows for ad segments longer than the content ones', () => {
    const t = new OriginTimeline(mark(mark(plain(40, 2), 10, ['#EXT-X-CUE-OUT:12']), 16, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('long', 0, [6.4, 5.6])] });
    const text = slide(s, t, 10, 1008, 1018).get('v0')?.text ?? '';
    expect(text).toContain('#EXT-X-TARGETDURATION:6');
    expect(s.checker.violations).toEqual([]);
    expect(independentParse(text).warnings).toEqual([]);
  });

  it('counts the EXTINF as written (6.4996 s is written 6.500, which rounds to 7)', () => {
    const t = new OriginTimeline(mark(mark(plain(40, 2), 10, ['#EXT-X-CUE-OUT:12']), 16, ['#EXT-X-CUE-IN']));
    const s = new StitchSession({ decide: () => [ad('odd', 0, [6.4996, 5.5])] });
    slide(s, t, 10, 1008, 1018);
    expect(s.checker.violations).toEqual([]);
  });
});

describe('content and ad segment durations differ', () => {
  it.each([
    ['6 s content, 2 s ads', 6, 2],
    ['2 s content, 6 s ads', 2, 6],
    ['4 s content, 3 s ads', 4, 3],
  ])('%s: numbering holds over reloads and renditions', (_name, contentSec, adSec) => {
    const n = Math.round(36 / contentSec);
    const segs = plain(200, contentSec);
    for (const start of [10, 10 + n + 8, 10 + 2 * n + 20]) {
      mark(segs, start, ['#EXT-X-CUE-OUT:36']);
      mark(segs, start + n, ['#EXT-X-CUE-IN']);
    }
    const t = new OriginTimeline(segs);
    const s = new StitchSession({ decide: () => [ad('a', 0, repeat(Math.floor(20 / adSec), adSec)), slate([adSec])] });
    slide(s, t, 5, 1005, 1000 + 10 + 2 * n + 20 + n + 10, { renditions: ['v0', 'a0'] });
    slide(s, t, 5, 1000 + 10 + 2 * n + 20 + n + 11, 1000 + 10 + 2 * n + 20 + n + 14, { renditions: ['v1', 'a0', 'v0'] });
    expect(s.checker.violations).toEqual([]);
    const closed = s.ledger.breaks.filter((b) => b.closed && b.mode === 'personalize');
    expect(closed).toHaveLength(3);
  });
});

describe('a held playlist (decision still running)', () => {
  /** Break over 1010..1017 (8 content segments), window of 4, three renditions; the decision lands at live edge `decidedAt`. */
  const run = (contentSec: number, adSec: number, decidedAt: number) => {
    const segs = plain(60, contentSec);
    mark(segs, 10, [`#EXT-X-CUE-OUT:${8 * contentSec}`]);
    mark(segs, 18, ['#EXT-X-CUE-IN']);
    const t = new OriginTimeline(segs);
    let edge = 0;
    const plan = [ad('a', 0, repeat(Math.round((8 * contentSec) / adSec), adSec))];
    const s = new StitchSession({ decide: (): Decision => (edge >= decidedAt ? plan : 'hold') });
    const held: string[] = [];
    for (edge = 1004; edge <= 1030; edge++) {
      for (const r of ['v0', 'a0', 'v1']) {
        const res = s.serve(r, t.window(r, edge - 3, edge));
        if (res.held) held.push(res.text);
      }
    }
    return { s, held };
  };

  it('never shows anything from the break start on while held, then resumes with consistent numbering', () => {
    const { s, held } = run(2, 2, 1013);
    expect(held.length).toBe(3 * 3); // edges 1010–1012, three renditions
    for (const text of held) {
      expect(text).not.toContain('ads.example');
      for (const u of uris(text)) expect(Number(/seg(\d+)/.exec(u)?.[1])).toBeLessThan(1010);
      expect(text).not.toContain('#EXT-X-ENDLIST');
      expect(independentParse(text).warnings).toEqual([]);
    }
    expect(s.ledger.breaks[0]).toMatchObject({ mode: 'personalize', closed: true, outputCount: 8 });
    expect(s.checker.violations).toEqual([]);
  });

  it.each([
    ['2 s content, 6 s ads', 2, 6],
    ['6 s content, 2 s ads', 6, 2],
  ])('held until the window is inside the break (%s): empty playlists are numbered from the break start, nothing goes back', (_n, contentSec, adSec) => {
    const { s, held } = run(contentSec, adSec, 1017);
    expect(held.filter((text) => uris(text).length === 0).length).toBeGreaterThan(0);
    for (const text of held.filter((x) => uris(x).length === 0)) expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:1010\n');
    expect(s.ledger.breaks[0]).toMatchObject({ mode: 'personalize', closed: true });
    expect(s.checker.violations).toEqual([]);
  });

  it('an origin discontinuity inside the held break that slid out does not raise the empty playlist\'s discontinuity sequence', () => {
    const segs = plain(60, 2);
    mark(segs, 10, ['#EXT-X-CUE-OUT:16']);
    mark(segs, 12, [], true);
    mark(segs, 18, ['#EXT-X-CUE-IN']);
    const t = new OriginTimeline(segs);
    let edge = 0;
    const s = new StitchSession({ decide: (): Decision => (edge >= 1017 ? [ad('a', 0, repeat(4, 4))] : 'hold') });
    for (edge = 1004; edge <= 1030; edge++) s.serve('v0', t.window('v0', edge - 3, edge));
    expect(s.checker.violations).toEqual([]);
  });

  it.each([1022, 1025])('a decision arriving after the break left the window (edge %i) is not applied: content keeps its numbers', (decidedAt) => {
    const { s } = run(2, 6, decidedAt);
    expect(s.ledger.breaks[0]).toMatchObject({ mode: 'passthrough', reason: 'no ad decision before the break left the window', closed: true });
    expect(s.checker.violations).toEqual([]);
  });

  it('a decision arriving as the window leaves the break is consistent either way', () => {
    expect(run(2, 6, 1021).s.checker.violations).toEqual([]);
  });
});
