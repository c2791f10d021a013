/**
 * One writer for pass-through and stitched playlists (issue 8 §2): every case runs through both
 * paths — the pass-through of a session's I-frame or unaligned subtitle rendition, and the
 * stitcher of a personalized rendition whose breaks all play content — and both must write the
 * same playlist, with the same expectations. Two cases are the differences the old writers had:
 * a relative `X-ASSET-URI` in a DATERANGE (absolute from both now) and the tag order around a
 * discontinuity (the origin's order, from both).
 */
import { describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from '../../../src/core/hls/media-playlist.ts';
import { passThroughMediaPlaylist } from '../../../src/core/hls/passthrough.ts';
import { createUriResolver } from '../../../src/core/hls/uri-resolver.ts';
import { independentParse } from '../../helpers/independent-parse.ts';
import { StitchSession } from '../../helpers/stitch-session.ts';

const BASE = 'https://origin.example/live/v0.m3u8';
const resolver = (): ReturnType<typeof createUriResolver> => createUriResolver(BASE);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expect: (out: string) => void;
}

const head = (seq = 10, extra = ''): string => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:${seq}\n${extra}`;

const CASES: Case[] = [
  {
    name: 'relative X-ASSET-URI and X-ASSET-LIST in a DATERANGE are made absolute',
    text: `${head()}#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00Z\n#EXTINF:6,\na.ts\n#EXT-X-DATERANGE:ID="i1",START-DATE="2026-01-01T00:00:06Z",X-ASSET-URI="ads/x.m3u8",X-ASSET-LIST="lists/l.json"\n#EXTINF:6,\nb.ts\n`,
    expect: (out) => {
      expect(out).toContain('X-ASSET-URI="https://origin.example/live/ads/x.m3u8"');
      expect(out).toContain('X-ASSET-LIST="https://origin.example/live/lists/l.json"');
    },
  },
  {
    name: 'tags around a discontinuity keep the order the origin wrote',
    text: `${head()}#EXTINF:6,\na.ts\n#X-VENDOR:before\n#EXT-X-DISCONTINUITY\n#X-VENDOR:after\n#EXT-X-KEY:METHOD=AES-128,URI="k.key"\n#EXTINF:6,\nb.ts\n`,
    expect: (out) => {
      const lines = out.split('\n');
      const at = (l: string): number => lines.findIndex((x) => x === l || x.startsWith(`${l}:`));
      expect(at('#X-VENDOR:before')).toBeLessThan(at('#EXT-X-DISCONTINUITY'));
      expect(at('#EXT-X-DISCONTINUITY')).toBeLessThan(at('#X-VENDOR:after'));
      expect(at('#X-VENDOR:after')).toBeLessThan(at('#EXT-X-KEY'));
      expect(out).toContain('URI="https://origin.example/live/k.key"');
    },
  },
  {
    name: 'URIs of every shape become absolute',
    text: `${head()}#EXTINF:6,\nrel.ts?t=1\n#EXTINF:6,\n/root/r.ts\n#EXTINF:6,\n../up/u.ts\n#EXTINF:6,\nhttps://cdn.example/abs.ts\n#EXTINF:6,\n//cdn.example/proto.ts\n`,
    expect: (out) => {
      for (const u of ['https://origin.example/live/rel.ts?t=1', 'https://origin.example/root/r.ts', 'https://origin.example/up/u.ts', 'https://cdn.example/abs.ts', 'https://cdn.example/proto.ts']) expect(out).toContain(`\n${u}\n`);
    },
  },
  {
    name: 'keys, maps and byte ranges are kept; the map URI is absolute',
    text: `${head(10, '#EXT-X-INDEPENDENT-SEGMENTS\n')}#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\n#EXT-X-BYTERANGE:1000@720\n#EXTINF:6,\nmedia.mp4\n#EXT-X-BYTERANGE:1000@1720\n#EXTINF:6,\nmedia.mp4\n`,
    expect: (out) => {
      expect(out).toContain('#EXT-X-MAP:URI="https://origin.example/live/init.mp4",BYTERANGE="720@0"');
      expect(out.match(/#EXT-X-BYTERANGE:1000@/g)).toHaveLength(2);
      expect(out).toContain('#EXT-X-INDEPENDENT-SEGMENTS');
    },
  },
  {
    name: 'cue markers and low-latency tags are consumed; the header is regenerated once',
    text: `${head()}#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES\n#EXT-X-PART-INF:PART-TARGET=1\n#EXTINF:6,\na.ts\n#EXT-X-PART:DURATION=1,URI="p.ts"\n#EXT-X-CUE-OUT:0\n#EXT-X-CUE-IN\n#EXTINF:6,\nb.ts\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="n.ts"\n`,
    expect: (out) => {
      expect(out).not.toMatch(/CUE-|EXT-X-PART|PRELOAD-HINT|SERVER-CONTROL/);
      expect(out.match(/#EXT-X-TARGETDURATION/g)).toHaveLength(1);
      expect(out.match(/#EXTM3U/g)).toHaveLength(1);
      expect(out).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:0');
    },
  },
  {
    name: 'CRLF line ends, a BOM, blank lines and comments',
    text: `\uFEFF${head().replace(/\n/g, '\r\n')}\r\n# a comment\r\n#EXTINF:6,title one\r\n\r\nseg1.ts\r\n#EXTINF:6,\r\nseg2.ts  \r\n`,
    expect: (out) => {
      expect(out).toContain('# a comment');
      expect(out).toContain('#EXTINF:6,title one');
      expect(out).toContain('https://origin.example/live/seg1.ts');
      expect(out).toContain('https://origin.example/live/seg2.ts\n');
    },
  },
  {
    name: 'a discontinuity on the first segment is carried by the header',
    text: `${head(10, '#EXT-X-DISCONTINUITY-SEQUENCE:4\n')}#EXT-X-DISCONTINUITY\n#EXTINF:6,\na.ts\n#EXTINF:6,\nb.ts\n`,
    expect: (out) => {
      expect(out).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:5');
      expect(out).not.toContain('#EXT-X-DISCONTINUITY\n');
    },
  },
  {
    name: 'a VOD playlist keeps its type and ENDLIST; trailing tags stay after the last segment',
    text: `${head(0, '#EXT-X-PLAYLIST-TYPE:VOD\n')}#EXTINF:6,\na.ts\n#X-TRAILING:1\n#EXT-X-ENDLIST\n`,
    expect: (out) => {
      expect(out).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(out.trimEnd().endsWith('#X-TRAILING:1\n#EXT-X-ENDLIST')).toBe(true);
    },
  },
];

/** The two paths that write a playlist with no ads. */
const PATHS: Record<string, (text: string) => string> = {
  'pass-through': (text) => passThroughMediaPlaylist(parseMediaPlaylist(text), resolver(), false),
  'stitched, breaks played as content': (text) => new StitchSession({ decide: () => 'passthrough', resolver: () => resolver() }).serve('v0', text).text,
};

describe.each(Object.keys(PATHS))('writer path: %s', (path) => {
  const write = PATHS[path] as (text: string) => string;
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const out = write(c.text);
    c.expect(out);
    expect(independentParse(out).warnings).toEqual([]);
  });
});

describe('both paths write the same playlist', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const [a, b] = Object.values(PATHS).map((w) => w(c.text));
    expect(b).toBe(a);
  });
});
