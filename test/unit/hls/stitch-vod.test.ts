/**
 * VOD insertion (docs/mediatailor-compat.md §6.4): `CUE-OUT:0` + `CUE-IN` insertion points before a segment, and
 * the VMAP post-roll after the last segment (an insertion break at the playlist's end sequence).
 * Ads are inserted, content is untouched; encrypted content gets METHOD=NONE over the ads and its
 * key back after (docs/mediatailor-compat.md §6.2); fMP4 content gets its EXT-X-MAP back after the ads.
 */
import { describe, expect, it } from 'vitest';
import { independentParse } from '../../helpers/independent-parse.ts';
import { OriginTimeline, plain, type TimelineSegment } from '../../helpers/origin-timeline.ts';
import { ad, addInsertionBreak, repeat, StitchSession, uris } from '../../helpers/stitch-session.ts';
import type { LedgerBreak } from '../../../src/core/avails/ledger.ts';

const INSERT = ['#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN'];
const at = (segs: TimelineSegment[], i: number, lines: readonly string[]): void => {
  const s = segs[i] as TimelineSegment;
  segs[i] = { ...s, lines: [...(s.lines ?? []), ...lines] };
};

/** 10 × 6 s, insertion points before the first, the sixth and the last segment (MediaTailor's post-roll rule). */
function vodTimeline(extra: (segs: TimelineSegment[]) => void = () => {}): OriginTimeline {
  const segs = plain(10, 6);
  at(segs, 0, INSERT);
  at(segs, 5, INSERT);
  at(segs, 9, INSERT);
  extra(segs);
  return new OriginTimeline(segs, { pdt: 'none' });
}
const vodText = (t: OriginTimeline, r = 'v0'): string => t.window(r, t.baseSeq, t.endSeq - 1, { endList: true, playlistType: 'VOD' });

const plans: Record<number, ReturnType<typeof ad>[]> = {
  1000: [ad('pre', 0, repeat(3, 2))],
  1005: [ad('mid-a', 0, repeat(2, 2)), ad('mid-b', 1, [3])],
  1009: [ad('post', 0, [4])],
};
const decideVod = (b: LedgerBreak): ReturnType<typeof ad>[] => plans[b.originStartSeq] ?? [];

/** The items of a stitched playlist in order: `ad:<key>` or `c:<seq>`. */
function items(text: string): string[] {
  return uris(text).map((u) => {
    const a = /ads\.example\/([^/]+)\//.exec(u);
    if (a) return `ad:${a[1]}`;
    return `c:${/seg(\d+)\.ts/.exec(u)?.[1] ?? u}`;
  });
}
/** Line index of each segment URI, with whether a DISCONTINUITY tag sits between it and the previous URI. */
function discBefore(text: string): boolean[] {
  const out: boolean[] = [];
  let disc = false;
  for (const l of text.split('\n')) {
    if (l === '#EXT-X-DISCONTINUITY') disc = true;
    else if (l !== '' && !l.startsWith('#')) {
      out.push(disc);
      disc = false;
    }
  }
  return out;
}

describe('VOD insertion points', () => {
  it('inserts pre-, mid- and post-roll pods and leaves every content segment as it was', () => {
    const t = vodTimeline();
    const s = new StitchSession({ decide: decideVod });
    const res = s.serve('v0', vodText(t));
    expect(res.held).toBe(false);
    expect(items(res.text)).toEqual([
      'ad:pre',
      'ad:pre',
      'ad:pre',
      'c:1000',
      'c:1001',
      'c:1002',
      'c:1003',
      'c:1004',
      'ad:mid-a',
      'ad:mid-a',
      'ad:mid-b',
      'c:1005',
      'c:1006',
      'c:1007',
      'c:1008',
      'ad:post',
      'c:1009',
    ]);
    // Content keeps its durations and order; the total grows by exactly the ads.
    const content = res.parsed.segments.filter((x) => x.uri.includes('origin.example'));
    expect(content.map((x) => x.durationSec)).toEqual(repeat(10, 6));
    expect(res.durationSec).toBeCloseTo(60 + 6 + 7 + 4, 6);
    expect(res.text).toContain('#EXT-X-ENDLIST');
    expect(res.text).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(res.text).not.toMatch(/CUE-OUT|CUE-IN/);
  });

  it('puts a discontinuity at every content→ad, ad→ad and ad→content boundary, and nowhere else', () => {
    const t = vodTimeline();
    const res = new StitchSession({ decide: decideVod }).serve('v0', vodText(t));
    const kinds = items(res.text);
    const disc = discBefore(res.text);
    for (let i = 1; i < kinds.length; i++) {
      const a = kinds[i - 1] as string;
      const b = kinds[i] as string;
      const boundary = a.startsWith('ad:') !== b.startsWith('ad:') || (a.startsWith('ad:') && a !== b);
      expect(disc[i], `${a} → ${b}`).toBe(boundary);
    }
  });

  it('numbers the same way on every reload and in every rendition, and parses cleanly', () => {
    const t = vodTimeline();
    const s = new StitchSession({ decide: decideVod });
    const texts = ['v0', 'a0', 'v1', 'v0', 'a0'].map((r) => s.serve(r, vodText(t, r)).text);
    expect(s.checker.violations).toEqual([]);
    expect(texts[3]).toBe(texts[0]);
    for (const text of texts) expect(independentParse(text).warnings).toEqual([]);
  });

  it('a passthrough decision leaves the insertion point as plain content (no discontinuity)', () => {
    const t = vodTimeline();
    const res = new StitchSession({ decide: () => 'passthrough' }).serve('v0', vodText(t));
    expect(items(res.text)).toEqual(Array.from({ length: 10 }, (_, i) => `c:${1000 + i}`));
    expect(res.text).not.toContain('#EXT-X-DISCONTINUITY\n');
  });

  it('a VMAP post-roll is inserted after the last segment (insertion break at the end sequence), before ENDLIST', () => {
    const t = new OriginTimeline(plain(4, 6), { pdt: 'none' });
    const s = new StitchSession({
      onWindow: (w, ledger) => {
        if (ledger.breaks.length === 0) addInsertionBreak(s, w.index.endSeq, 24, 0, [ad('post', 0, [2, 2])]);
      },
    });
    const text = vodText(t);
    const res = s.serve('v0', text);
    expect(items(res.text)).toEqual(['c:1000', 'c:1001', 'c:1002', 'c:1003', 'ad:post', 'ad:post']);
    expect(discBefore(res.text)).toEqual([false, false, false, false, true, false]);
    expect(res.text.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(s.serve('a0', vodText(t, 'a0')).parsed.segments.map((x) => x.seq)).toEqual(res.parsed.segments.map((x) => x.seq));
    expect(s.checker.violations).toEqual([]);
    expect(independentParse(res.text).warnings).toEqual([]);
  });
});

describe('encrypted and fMP4 content (docs/mediatailor-compat.md §6.2)', () => {
  const KEY = '#EXT-X-KEY:METHOD=AES-128,URI="keys/k1.bin",IV=0x00000000000000000000000000000001';
  const KEY_ABS = '#EXT-X-KEY:METHOD=AES-128,URI="https://origin.example/live/keys/k1.bin",IV=0x00000000000000000000000000000001';

  it('METHOD=NONE before the ads, the content key re-emitted (absolute) when content returns', () => {
    const t = vodTimeline((segs) => at(segs, 0, [KEY]));
    const res = new StitchSession({ decide: decideVod }).serve('v0', vodText(t));
    const lines = res.text.split('\n');
    // Pre-roll: no key is in effect yet, so ads need no METHOD=NONE; content starts with its key.
    const firstContent = lines.findIndex((l) => l.endsWith('seg1000.ts'));
    expect(lines.slice(0, firstContent)).toContain(KEY_ABS);
    expect(
      lines.slice(
        0,
        lines.findIndex((l) => l.includes('ads.example/pre')),
      ),
    ).not.toContain('#EXT-X-KEY:METHOD=NONE');
    // Mid-roll and post-roll: NONE before the first ad of the pod, the key again before content.
    for (const [adKey, contentSeq] of [
      ['mid-a', 1005],
      ['post', 1009],
    ] as const) {
      const firstAd = lines.findIndex((l) => l.includes(`ads.example/${adKey}/`));
      const back = lines.findIndex((l) => l.endsWith(`seg${contentSeq}.ts`));
      const lastContentBefore = lines.slice(0, firstAd).findLastIndex((l) => l.includes('origin.example'));
      expect(lines.slice(lastContentBefore, firstAd)).toContain('#EXT-X-KEY:METHOD=NONE');
      const lastAd = lines.slice(0, back).findLastIndex((l) => l.includes('ads.example'));
      expect(lines.slice(lastAd, back)).toContain(KEY_ABS);
    }
    // NONE once per pod, not per ad.
    expect(lines.filter((l) => l === '#EXT-X-KEY:METHOD=NONE')).toHaveLength(2);
    expect(independentParse(res.text).warnings).toEqual([]);
  });

  it('a key rotated at the insertion point is the one re-emitted after the ads', () => {
    const KEY2 = '#EXT-X-KEY:METHOD=AES-128,URI="keys/k2.bin"';
    const t = vodTimeline((segs) => {
      at(segs, 0, [KEY]);
      at(segs, 5, [KEY2]);
    });
    const lines = new StitchSession({ decide: decideVod }).serve('v0', vodText(t)).text.split('\n');
    const back = lines.findIndex((l) => l.endsWith('seg1005.ts'));
    const lastAd = lines.slice(0, back).findLastIndex((l) => l.includes('ads.example'));
    expect(lines.slice(lastAd, back)).toEqual(expect.arrayContaining(['#EXT-X-KEY:METHOD=AES-128,URI="https://origin.example/live/keys/k2.bin"']));
    expect(lines.slice(lastAd, back).filter((l) => l.startsWith('#EXT-X-KEY'))).toHaveLength(1);
  });

  it('fMP4: ads carry their own EXT-X-MAP and the content EXT-X-MAP is re-emitted on return', () => {
    const MAP_ABS = '#EXT-X-MAP:URI="https://origin.example/live/v0/init.mp4"';
    const t = vodTimeline((segs) => at(segs, 0, ['#EXT-X-MAP:URI="v0/init.mp4"']));
    const res = new StitchSession({ decide: decideVod, adInitSegments: true }).serve('v0', vodText(t));
    const lines = res.text.split('\n');
    for (const contentSeq of [1000, 1005, 1009]) {
      const back = lines.findIndex((l) => l.endsWith(`seg${contentSeq}.ts`));
      const lastAd = lines.slice(0, back).findLastIndex((l) => l.includes('ads.example'));
      expect(lines.slice(lastAd, back)).toContain(MAP_ABS);
    }
    const firstAd = lines.findIndex((l) => !l.startsWith('#') && l.includes('ads.example/mid-a/'));
    expect(lines.slice(0, firstAd).findLast((l) => l.startsWith('#EXT-X-MAP'))).toBe('#EXT-X-MAP:URI="https://ads.example/mid-a/v0/init.mp4"');
    expect(independentParse(res.text).warnings).toEqual([]);
  });
});
