/**
 * Origin playlists are third-party input: the parser, the marker readers, break detection and the
 * whole personalization pipeline never throw on them (docs/architecture.md §3 "parsers of origin input never
 * throw, they report"). Random text built from HLS-looking pieces, and real fixtures mutated
 * (lines dropped, doubled, swapped, truncated, bytes flipped). Seeded; a failure names its seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectHlsBreaks } from '../../../src/core/avails/detect-hls.ts';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { readDateRangeLine, readMarkerLine } from '../../../src/core/hls/markers.ts';
import { Prng } from '../../helpers/prng.ts';
import { spliceOut, timeSignalHex } from '../../helpers/playlist-text.ts';
import { ad, slate, StitchSession } from '../../helpers/stitch-session.ts';

const SEEDS = Number(process.env.PROPERTY_SEEDS ?? 400);
const FIXTURES = readdirSync(new URL('../../fixtures/hls/', import.meta.url))
  .filter((f) => /\.(m3u8|txt)$/.test(f))
  .map((f) => readFileSync(new URL(`../../fixtures/hls/${f}`, import.meta.url), 'utf8'));

const TAGS = [
  'EXTM3U',
  'EXTINF',
  'EXT-X-VERSION',
  'EXT-X-TARGETDURATION',
  'EXT-X-MEDIA-SEQUENCE',
  'EXT-X-DISCONTINUITY-SEQUENCE',
  'EXT-X-DISCONTINUITY',
  'EXT-X-PROGRAM-DATE-TIME',
  'EXT-X-KEY',
  'EXT-X-MAP',
  'EXT-X-DATERANGE',
  'EXT-X-CUE-OUT',
  'EXT-X-CUE-OUT-CONT',
  'EXT-X-CUE-IN',
  'EXT-OATCLS-SCTE35',
  'EXT-X-SPLICEPOINT-SCTE35',
  'EXT-X-ASSET',
  'EXT-X-SCTE35',
  'EXT-X-ENDLIST',
  'EXT-X-PLAYLIST-TYPE',
  'EXT-X-PART',
  'EXT-X-BYTERANGE',
  'EXT-X-GAP',
];
const VALUES = [
  '',
  '30',
  '30.000',
  '-1',
  'NaN',
  '1e309',
  '0',
  'DURATION=30',
  'DURATION=',
  'ID="x"',
  'SCTE35-OUT=0xFC',
  'SCTE35-IN=0x',
  'PLANNED-DURATION=abc',
  'START-DATE="2026-01-01T00:00:00Z",END-DATE="1999"',
  `SCTE35-CMD=${timeSignalHex(1, 0x34, 5)}`,
  spliceOut(7, 12),
  'ElapsedTime=3,Duration=',
  '6/x',
  'URI="',
  'METHOD=AES-128,URI="k"',
  'CUE="=="',
  '"unterminated',
  ',,,',
  '==',
  '\u0000\uFFFD\u{1F600}',
  `SCTE35-OUT=0x${'F'.repeat(1001)}`,
];

function randomLine(rng: Prng): string {
  switch (rng.int(0, 5)) {
    case 0:
      return `#${rng.pick(TAGS)}`;
    case 1:
      return `#${rng.pick(TAGS)}:${rng.pick(VALUES)}`;
    case 2:
      return `#${rng.pick(TAGS)}:${rng.pick(VALUES)},${rng.pick(VALUES)}`;
    case 3:
      return `#EXTINF:${rng.pick(['2', '6.006', '-3', 'x', '', '1e9'])},${rng.pick(['', 'title', ',,'])}`;
    case 4:
      return rng.pick(['seg.ts', '/a/b.ts', 'http://x/y.ts', '?q', '#', ' ', '\t#EXT-X-CUE-IN', '../..']);
    default:
      return Array.from({ length: rng.int(0, 40) }, () => String.fromCharCode(rng.int(0, 0x2ff))).join('');
  }
}

function mutate(rng: Prng, text: string): string {
  const lines = text.split(/\r?\n/);
  for (let n = rng.int(1, 8); n > 0; n--) {
    const i = rng.int(0, Math.max(0, lines.length - 1));
    switch (rng.int(0, 5)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 2:
        lines.splice(i, 0, randomLine(rng));
        break;
      case 3: {
        const j = rng.int(0, Math.max(0, lines.length - 1));
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 4:
        lines[i] = (lines[i] ?? '').slice(0, rng.int(0, (lines[i] ?? '').length));
        break;
      default: {
        const l = lines[i] ?? '';
        const k = rng.int(0, l.length);
        lines[i] = l.slice(0, k) + String.fromCharCode(rng.int(0, 127)) + l.slice(k + 1);
      }
    }
  }
  return lines.join(rng.chance(0.2) ? '\r\n' : '\n');
}

function randomText(rng: Prng): string {
  if (rng.chance(0.5)) return mutate(rng, rng.pick(FIXTURES));
  return ['#EXTM3U', ...Array.from({ length: rng.int(0, 60) }, () => randomLine(rng))].join('\n');
}

describe('garbage in, no throw', () => {
  it(`parseMediaPlaylist, the marker readers and detectHlsBreaks (${SEEDS} seeds)`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = new Prng(seed);
      const text = randomText(rng);
      try {
        const model = parseMediaPlaylist(text);
        for (const l of text.split('\n')) {
          readMarkerLine(l);
          readDateRangeLine(l);
        }
        const found = detectHlsBreaks(model, rng.chance(0.3) ? { startSeq: model.mediaSequence - 1, eventId: 'x', durationSec: 10 } : undefined);
        for (const b of found) {
          if (b.durationSec !== undefined) expect(Number.isFinite(b.durationSec) && b.durationSec >= 0, `seed ${seed}`).toBe(true);
          expect(b.endSeq === undefined || b.endSeq >= b.firstSeqInWindow, `seed ${seed}`).toBe(true);
        }
        for (const s of model.segments) expect(Number.isFinite(s.durationSec) && s.durationSec >= 0, `seed ${seed}`).toBe(true);
      } catch (e) {
        throw new Error(`seed ${seed}: ${String(e)}\n${text.slice(0, 2000)}`);
      }
    }
  });

  it(`the whole personalization pipeline over reloads of mutated playlists (${SEEDS} seeds)`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rng = new Prng(seed * 7919);
      const s = new StitchSession({ decide: () => (rng.chance(0.5) ? [ad('a', 0, [2, 2]), slate([2])] : 'passthrough'), markerPassthrough: rng.chance(0.5) });
      const base = rng.pick(FIXTURES);
      for (let reload = 0; reload < 4; reload++) {
        const text = mutate(rng, base);
        try {
          s.serve(rng.pick(['v0', 'a0']), text.startsWith('#EXTM3U') ? text : `#EXTM3U\n${text}`);
        } catch (e) {
          throw new Error(`seed ${seed} reload ${reload}: ${String(e)}\n${text.slice(0, 2000)}`);
        }
      }
    }
  });
});
