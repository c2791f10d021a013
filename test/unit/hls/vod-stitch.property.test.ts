/**
 * Property test of VOD personalization (docs/mediatailor-compat.md §6.4): random VOD playlists with `CUE-OUT:0`
 * insertion points (pre, mid, post-roll position) and random ad pods. Every rendition, every
 * reload: the same numbering (InvariantChecker), the same text on reload, every content segment
 * present once and in order, the ads of each pod right before its insertion point, ENDLIST kept,
 * and a clean parse in m3u8-parser. Seeded; a failure names its seed.
 */
import { describe, expect, it } from 'vitest';
import type { Occurrence } from '../../../src/core/avails/slots.ts';
import { independentParse } from '../../helpers/independent-parse.ts';
import { mark, OriginTimeline, type TimelineSegment } from '../../helpers/origin-timeline.ts';
import { Prng } from '../../helpers/prng.ts';
import { ad, StitchSession, uris } from '../../helpers/stitch-session.ts';

const SEEDS = Number(process.env.PROPERTY_SEEDS ?? 150);

describe('VOD insertion, random playlists', () => {
  it(`inserts every pod and leaves content untouched (${SEEDS} seeds)`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = new Prng(seed);
      const n = rng.int(1, 60);
      const segs: TimelineSegment[] = Array.from({ length: n }, () => ({ durationSec: rng.duration(1, 10) }));
      for (let i = 1; i < n; i++) if (rng.chance(0.05)) mark(segs, i, [], true);
      const points = [...new Set(Array.from({ length: rng.int(0, 4) }, () => rng.int(0, n - 1)))];
      for (const i of points) mark(segs, i, ['#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN']);
      if (rng.chance(0.3)) mark(segs, 0, ['#EXT-X-KEY:METHOD=AES-128,URI="k.bin"']);
      const t = new OriginTimeline(segs, { pdt: rng.pick(['none', 'every'] as const) });
      const plans = new Map<number, Occurrence[]>();
      const s = new StitchSession({
        decide: (b) => {
          if (rng.chance(0.15)) return 'passthrough';
          const pod = Array.from({ length: rng.int(1, 3) }, (_, k) =>
            ad(
              `s${b.originStartSeq}a${k}`,
              k,
              Array.from({ length: rng.int(1, 6) }, () => rng.duration(1, 8)),
            ),
          );
          plans.set(b.originStartSeq, pod);
          return pod;
        },
      });
      const texts = new Map<string, string>();
      for (const r of ['v0', 'a0', 'v1', 'v0', 'a0']) {
        const res = s.serve(r, t.window(r, t.baseSeq, t.endSeq - 1, { endList: true, playlistType: 'VOD' }));
        const where = `seed ${seed} ${r}`;
        if (texts.has(r)) expect(res.text, where).toBe(texts.get(r));
        texts.set(r, res.text);
        expect(res.text.trimEnd().endsWith('#EXT-X-ENDLIST'), where).toBe(true);
        expect(independentParse(res.text).warnings, where).toEqual([]);
        const all = uris(res.text);
        const content = all.filter((u) => u.includes('origin.example'));
        expect(content, where).toEqual(Array.from({ length: n }, (_, i) => `https://origin.example/live/${r}/seg${t.baseSeq + i}.ts`));
        // Each pod sits right before its insertion point, whole, in pod order.
        for (const [seq, pod] of plans) {
          const at = all.indexOf(`https://origin.example/live/${r}/seg${seq}.ts`);
          const want = pod.flatMap((o) => o.refDurationsSec.map((_, i) => `https://ads.example/${o.creativeKey}/${r}/seg${i}.ts`));
          expect(all.slice(at - want.length, at), where).toEqual(want);
        }
      }
      expect(s.checker.violations, `seed ${seed}`).toEqual([]);
    }
  }, 60_000);
});
