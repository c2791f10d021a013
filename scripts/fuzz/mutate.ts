/**
 * @module scripts/fuzz/mutate
 * Input mutations: byte-level edits of any text (flips, deletions, insertions of tokens that
 * matter to the format, duplicated ranges and lines to grow inputs, splices from other seeds,
 * hostile numbers), and structure-aware edits of JSON values (so mutated JSON still parses and
 * reaches the validator: prototype keys, wrong types, extreme numbers, huge strings, deep nesting).
 * Deterministic: every choice comes from the caller's Prng.
 */
import type { Prng } from '../../test/helpers/prng.ts';
import type { CorpusKind } from './target.ts';

/** Inputs are cut to this many characters: large enough for quadratic work to show as a hang. */
export const MAX_INPUT_CHARS = 256 * 1024;

const NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '0.0001',
  '1e-300',
  '2.5',
  '4294967295',
  '4294967296',
  '9007199254740991',
  '9007199254740993',
  '1e13',
  '1e21',
  '1e308',
  '1e309',
  '-1e308',
  'NaN',
  'Infinity',
  '-Infinity',
  '0x7f',
  '077',
  '1_000',
  '١٢',
  '+5',
  '.5',
  '5.',
];

const GENERIC = [
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '\uFFFF',
  '\u2028',
  'é',
  '日本',
  '😀',
  '"',
  "'",
  ',',
  ':',
  '=',
  ';',
  '%',
  '%zz',
  '%00',
  '%2F',
  '\\',
  '/',
  '//',
  '../',
  '?',
  '&',
  '#',
  '[',
  ']',
  '{',
  '}',
  'x'.repeat(1000),
];

/** Tokens that matter to each format, spliced in by `insertToken`. */
const TOKENS: Readonly<Record<CorpusKind, readonly string[]>> = {
  hls: [
    '#EXTM3U',
    '#EXTINF:',
    '#EXTINF:0,',
    '#EXTINF:-1,',
    '#EXTINF:1e308,',
    '#EXTINF:NaN,',
    '#EXT-X-TARGETDURATION:',
    '#EXT-X-MEDIA-SEQUENCE:',
    '#EXT-X-MEDIA-SEQUENCE:9007199254740993',
    '#EXT-X-DISCONTINUITY-SEQUENCE:',
    '#EXT-X-DISCONTINUITY',
    '#EXT-X-ENDLIST',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    '#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00.000Z',
    '#EXT-X-PROGRAM-DATE-TIME:275760-09-13T00:00:00Z',
    '#EXT-X-CUE-OUT:30',
    '#EXT-X-CUE-OUT:DURATION=30',
    '#EXT-X-CUE-OUT',
    '#EXT-X-CUE-OUT-CONT:ElapsedTime=5,Duration=30',
    '#EXT-X-CUE-IN',
    '#EXT-OATCLS-SCTE35:',
    '#EXT-X-SCTE35:CUE="',
    '#EXT-X-SPLICEPOINT-SCTE35:',
    '#EXT-X-DATERANGE:ID="a",START-DATE="2024-01-01T00:00:00Z",SCTE35-OUT=0x',
    'SCTE35-IN=',
    'PLANNED-DURATION=',
    'DURATION=',
    '#EXT-X-ASSET:CAID=',
    '#EXT-X-STREAM-INF:BANDWIDTH=',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="',
    '#EXT-X-I-FRAME-STREAM-INF:URI="',
    '#EXT-X-MAP:URI="',
    '#EXT-X-KEY:METHOD=AES-128,URI="',
    '#EXT-X-BYTERANGE:',
    'RESOLUTION=1x',
    'CODECS="',
    'AUDIO="',
    'URI=""',
    'seg.ts',
    'https://o.example/a.ts',
    '//x',
    'data:,',
    '#EXT-X-PART:',
    '#EXT-X-VERSION:',
  ],
  mpd: [
    '<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic">',
    'type="static"',
    '</MPD>',
    '<Period id="p" start="PT0S">',
    '<Period>',
    '</Period>',
    'duration="PT30S"',
    'start="PT1e308S"',
    'start="P99999999DT99H"',
    'duration="-PT5S"',
    'mediaPresentationDuration="PT0S"',
    'availabilityStartTime="1970-01-01T00:00:00Z"',
    'availabilityStartTime="275760-09-13T00:00:00Z"',
    'publishTime="',
    'timeShiftBufferDepth="PT0S"',
    '<AdaptationSet contentType="video" mimeType="video/mp4">',
    '</AdaptationSet>',
    '<Representation id="v0" bandwidth="1">',
    '</Representation>',
    '<SegmentTemplate timescale="90000" media="$Number$.m4s" startNumber="1" duration="180000"/>',
    'timescale="0"',
    'timescale="18446744073709551616"',
    'presentationTimeOffset="9007199254740993"',
    'startNumber="-1"',
    'media="$Time$.m4s"',
    '$RepresentationID$',
    '$Number%05d$',
    '$$',
    '<SegmentTimeline>',
    '<S t="0" d="180000" r="-1"/>',
    '<S d="0" r="4294967295"/>',
    '<S t="18446744073709551615" d="1"/>',
    '</SegmentTimeline>',
    '<SegmentList duration="2">',
    '<SegmentURL media="s.m4s"/>',
    '<SegmentBase indexRange="0-1"/>',
    '<BaseURL>https://cdn.example/</BaseURL>',
    '<BaseURL>../</BaseURL>',
    '<Location>',
    '<PatchLocation>',
    '<EventStream schemeIdUri="urn:scte:scte35:2013:xml" timescale="90000">',
    '<EventStream schemeIdUri="urn:scte:scte35:2014:xml+bin" timescale="1">',
    '</EventStream>',
    '<Event presentationTime="0" duration="2700000" id="1">',
    '</Event>',
    '<scte35:SpliceInfoSection>',
    '<scte35:SpliceInsert spliceEventId="1" outOfNetworkIndicator="true">',
    '<scte35:BreakDuration autoReturn="true" duration="2700000"/>',
    '<scte35:TimeSignal>',
    '<scte35:SegmentationDescriptor segmentationTypeId="52" segmentationDuration="2700000">',
    '<scte35:Binary>/DA',
    '</scte35:Binary>',
    '<InbandEventStream schemeIdUri="urn:scte:scte35:2014:bin"/>',
    '<UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '&amp;',
    '&#x0;',
    '&bogus;',
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    'xmlns:x="',
  ],
  vast: [
    '<VAST version="4.2">',
    '</VAST>',
    '<Ad id="a">',
    '<Ad sequence="1">',
    '</Ad>',
    '<InLine>',
    '</InLine>',
    '<Wrapper>',
    '<Wrapper allowMultipleAds="true">',
    '</Wrapper>',
    '<VASTAdTagURI><![CDATA[https://w.example/v]]></VASTAdTagURI>',
    '<Duration>00:00:15</Duration>',
    '<Duration>99:99:99</Duration>',
    '<MediaFile delivery="streaming" type="application/x-mpegURL">',
    '<Tracking event="start">',
    '<Tracking event="progress" offset="',
    '<Impression>',
    '<![CDATA[',
    ']]>',
    '<!--',
    '-->',
    '&amp;',
    '&lt;',
    '&#x0;',
    '&#xD800;',
    '&bogus;',
    '<?xml version="1.0"?>',
    '<!DOCTYPE x [<!ENTITY a "b">]>',
    '<__proto__/>',
    '<constructor>',
    'skipoffset="',
    'xmlns:x="',
    '<Creative id="',
    '<Error>',
  ],
  vmap: [
    '<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">',
    '</vmap:VMAP>',
    '<vmap:AdBreak timeOffset="start" breakType="linear">',
    '</vmap:AdBreak>',
    '<vmap:AdSource allowMultipleAds="true" followRedirects="true">',
    '<vmap:AdTagURI><![CDATA[https://ads.example/v]]></vmap:AdTagURI>',
    '<vmap:VASTAdData>',
    '</vmap:VASTAdData>',
    '<vmap:CustomAdData>',
    'timeOffset="end"',
    'timeOffset="50%"',
    'timeOffset="#2"',
    'timeOffset="99:99:99.999"',
    'repeatAfter="',
  ],
  scte35: ['/DA', 'FC30', '0xFC30', '/DAlAAAAAAAAAP/wFAUAAAABf+/+AAAAAH4AUmXAAAEAAAAAAAA', '=', '==', '+', '/', '-', '_', 'CUEI', '0x'],
  config: ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '{{self}}', '[player_params.x]', 'https://a.example/', 'javascript:alert(1)'],
  'session-body': ['__proto__', 'constructor', 'adsParams', 'playerParams', 'manifestParams', 'availSuppression', 'reportingMode', 'logMode', 'startTime'],
  query: ['ads.', 'playerParams.', 'manifestParams.', 'manifest.', 'aws.', 'aws.sessionId=', 'aws.logMode=DEBUG', 'aws.availSuppressionMode=', 'aws.startTime=', '=', '&', '%'],
  url: ['http://', 'https://', '[::1]', '[::ffff:127.0.0.1]', '0x7f.1', '127.1', '2130706433', 'localhost.', '@', ':65536', ':0', '%2e%2e', '\\\\', 'ﬀ'],
  'creative-json': ['renditions', 'segmentDurationsSec', 'path', 'index.m3u8', '../', 'bandwidth', 'kind', 'audio', 'video'],
};

/** Sets an own, enumerable member, `__proto__` included (as JSON.parse makes them). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', ''];

/** One random edit of `s`; `pool` gives splice material, `kinds` the format tokens. */
export function mutateText(p: Prng, s: string, pool: readonly string[], kinds: readonly CorpusKind[]): string {
  const at = p.int(0, s.length);
  const len = Math.min(s.length - at, p.int(0, p.chance(0.8) ? 16 : 4096));
  switch (p.int(0, 11)) {
    case 0: // replace one character
      return s.slice(0, at) + randomChar(p) + s.slice(at + 1);
    case 1: // delete a range
      return s.slice(0, at) + s.slice(at + len);
    case 2: // insert a format token
    case 3:
      return s.slice(0, at) + token(p, kinds) + s.slice(at);
    case 4: // duplicate a range, up to ×200 (grows inputs: quadratic work shows as a hang)
      return s.slice(0, at + len) + s.slice(at, at + len).repeat(fitting(p.int(1, p.chance(0.9) ? 3 : 200), len, s.length)) + s.slice(at + len);
    case 5: // truncate
      return s.slice(0, at);
    case 6: {
      // splice a range of another seed
      const other = pool.length > 0 ? p.pick(pool) : s;
      const from = p.int(0, other.length);
      return s.slice(0, at) + other.slice(from, from + p.int(0, 2048)) + s.slice(at);
    }
    case 7:
      return lineEdit(p, s);
    case 8: // a number becomes a hostile one
      return replaceMatch(p, s, /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, () => p.pick(NUMBERS));
    case 9: // a quoted value becomes something else
      return replaceMatch(p, s, /"[^"\n]{0,200}"/g, () => `"${p.chance(0.5) ? p.pick(NUMBERS) : token(p, kinds)}"`);
    case 10: // flip one bit of a character
      return at < s.length ? s.slice(0, at) + String.fromCharCode(s.charCodeAt(at) ^ (1 << p.int(0, 15))) + s.slice(at + 1) : s;
    default: // case change of a range (tags, attribute names and hex are case-sensitive or not)
      return s.slice(0, at) + (p.chance(0.5) ? s.slice(at, at + len).toUpperCase() : s.slice(at, at + len).toLowerCase()) + s.slice(at + len);
  }
}

function lineEdit(p: Prng, s: string): string {
  const lines = s.split('\n');
  const i = p.int(0, Math.max(0, lines.length - 1));
  const line = lines[i] ?? '';
  switch (p.int(0, 3)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1: // one line repeated many times (a 100,000-segment playlist is one line away)
      lines.splice(i, 0, ...new Array<string>(fitting(p.chance(0.8) ? p.int(1, 5) : p.int(100, 5000), line.length + 1, s.length)).fill(line));
      break;
    case 2: {
      const j = p.int(0, Math.max(0, lines.length - 1));
      lines[i] = lines[j] ?? '';
      lines[j] = line;
      break;
    }
    default: {
      // a run of lines repeated
      const run = lines.slice(i, i + p.int(1, 20));
      const runChars = run.reduce((n, l) => n + l.length + 1, 0);
      lines.splice(i, 0, ...Array.from({ length: fitting(p.int(1, 50), runChars, s.length) }, () => run).flat());
    }
  }
  return lines.join('\n');
}

/** At most `wanted` copies of `unitChars` characters that keep `currentChars` under MAX_INPUT_CHARS. */
function fitting(wanted: number, unitChars: number, currentChars: number): number {
  return unitChars === 0 ? Math.min(wanted, 1000) : Math.max(0, Math.min(wanted, Math.floor((MAX_INPUT_CHARS - currentChars) / unitChars)));
}

function replaceMatch(p: Prng, s: string, re: RegExp, make: () => string): string {
  const matches = [...s.matchAll(re)];
  if (matches.length === 0) return s;
  const m = p.pick(matches);
  const at = m.index ?? 0;
  return s.slice(0, at) + make() + s.slice(at + m[0].length);
}

function token(p: Prng, kinds: readonly CorpusKind[]): string {
  if (kinds.length === 0 || p.chance(0.3)) return p.chance(0.5) ? p.pick(GENERIC) : p.pick(NUMBERS);
  return p.pick(TOKENS[p.pick(kinds)]);
}

export function randomChar(p: Prng): string {
  const r = p.next();
  if (r < 0.5) return String.fromCharCode(p.int(0x20, 0x7e));
  if (r < 0.7) return String.fromCharCode(p.int(0, 0x1f));
  if (r < 0.9) return String.fromCharCode(p.int(0x80, 0xffff));
  return String.fromCodePoint(p.int(0x10000, 0x10ffff));
}

/** Random bytes as a Latin-1 string, mostly short, sometimes up to 64 KiB. */
export function randomBytes(p: Prng): string {
  const n = p.chance(0.9) ? p.int(0, 512) : p.int(0, 64 * 1024);
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(p.int(0, 255));
  return out;
}

/** A random sequence of the format's tokens, numbers and separators. */
export function tokenSoup(p: Prng, kinds: readonly CorpusKind[]): string {
  const parts: string[] = [];
  for (let i = p.int(1, 200); i > 0; i--) parts.push(p.chance(0.2) ? p.pick(['\n', ',', '=', '"', ' ']) : token(p, kinds));
  return parts.join('');
}

/** A structural edit of a JSON value: the result is valid JSON text. */
export function mutateJson(p: Prng, text: string, kinds: readonly CorpusKind[]): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const rounds = p.int(1, 4);
  for (let r = 0; r < rounds; r++) value = editValue(p, value, kinds, 0);
  return JSON.stringify(value);
}

function editValue(p: Prng, v: unknown, kinds: readonly CorpusKind[], depth: number): unknown {
  if (depth > 0 && p.chance(0.25)) return randomJson(p, kinds, depth);
  if (Array.isArray(v)) {
    if (v.length === 0 || p.chance(0.2)) return [...v, randomJson(p, kinds, depth + 1)];
    const i = p.int(0, v.length - 1);
    const copy = [...v];
    copy[i] = editValue(p, copy[i], kinds, depth + 1);
    return copy;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v);
    const copy: Record<string, unknown> = {};
    for (const [k, x] of entries) setOwn(copy, k, x);
    const roll = p.next();
    if (entries.length === 0 || roll < 0.25) {
      // Own properties named like prototype members, as JSON.parse makes them.
      const key = p.chance(0.5) ? p.pick(PROTO_KEYS) : p.chance(0.5) ? token(p, kinds) : (entries[0]?.[0] ?? 'x');
      setOwn(copy, key, randomJson(p, kinds, depth + 1));
      return copy;
    }
    const [key, x] = p.pick(entries);
    if (roll < 0.35) {
      delete copy[key];
      return copy;
    }
    setOwn(copy, key, editValue(p, x, kinds, depth + 1));
    return copy;
  }
  return randomJson(p, kinds, depth);
}

function randomJson(p: Prng, kinds: readonly CorpusKind[], depth: number): unknown {
  switch (p.int(0, depth > 4 ? 4 : 7)) {
    case 0:
      return null;
    case 1:
      return p.pick([true, false]);
    case 2:
      return Number(p.pick(NUMBERS.filter((n) => Number.isFinite(Number(n))))) * (p.chance(0.5) ? 1 : -1);
    case 3:
      return token(p, kinds);
    case 4:
      return p.chance(0.9) ? p.pick(['', 'OFF', 'BEHIND_LIVE_EDGE', '00:00:00', 'server', 'client', 'DEBUG', 'https://x.example/']) : 'x'.repeat(p.int(1000, 100_000));
    case 5:
      return Array.from({ length: p.int(0, 5) }, () => randomJson(p, kinds, depth + 1));
    case 6: {
      const o: Record<string, unknown> = {};
      for (let i = p.int(0, 4); i > 0; i--) setOwn(o, p.chance(0.3) ? p.pick(PROTO_KEYS) : token(p, kinds), randomJson(p, kinds, depth + 1));
      return o;
    }
    default: {
      // Deep nesting.
      let o: unknown = randomJson(p, kinds, 5);
      for (let i = p.int(10, 2000); i > 0; i--) o = p.chance(0.5) ? [o] : { a: o };
      return o;
    }
  }
}
