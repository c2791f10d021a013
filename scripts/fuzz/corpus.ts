/**
 * @module scripts/fuzz/corpus
 * Seed inputs for the fuzzer, by family: every fixture file under the given directories
 * (test/fixtures and demo/media by default; `--corpus DIR` adds more), classified by content, plus a few
 * built-in seeds for the families that have no fixture files (configurations, session bodies,
 * query strings, URLs, VMAP, creative.json) and the demo's DASH origin MPDs. SCTE-35 seeds are the fixture vectors and every hex
 * or base64 cue found in the HLS fixtures.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { vmapDocument } from '../../demo/ad-server.ts';
import { DASH_LIVE, dashLiveMpd, dashVodMpd } from '../../demo/dash-origin.ts';
import demoConfigurations from '../../demo/demo-configurations.json';
import type { CorpusKind } from './target.ts';

export type Corpus = Readonly<Record<CorpusKind, readonly string[]>>;

/** Seed directories, relative to the repository root. */
export const DEFAULT_CORPUS_DIRS = ['test/fixtures', 'demo/media'];

const TEXT_FILE = /\.(m3u8|txt|xml|json|mpd|vtt)$/i;

export function loadCorpus(dirs: readonly string[]): Corpus {
  const out: Record<CorpusKind, string[]> = { hls: [], mpd: [], vast: [], vmap: [], scte35: [], config: [], 'session-body': [], query: [], url: [], 'creative-json': [] };
  for (const file of dirs.flatMap(listFiles).sort()) classify(readFileSync(file, 'utf8'), file, out);
  addBuiltIns(out);
  for (const kind of Object.keys(out) as CorpusKind[]) out[kind] = [...new Set(out[kind])];
  return out;
}

function listFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const path = join(dir, n);
    if (statSync(path).isDirectory()) return listFiles(path);
    return TEXT_FILE.test(n) && !/^(LICENSE|README)/i.test(n) ? [path] : [];
  });
}

function classify(text: string, file: string, out: Record<CorpusKind, string[]>): void {
  if (file.toLowerCase().endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    collectJson(value, out);
    return;
  }
  if (/<(?:[\w.-]+:)?MPD[\s>]/.test(text)) out.mpd.push(text);
  else if (/VMAP/.test(text)) out.vmap.push(text);
  else if (/<VAST/i.test(text)) out.vast.push(text);
  else if (/#EXT/.test(text)) out.hls.push(text);
  else return;
  for (const m of text.matchAll(/0x[0-9A-Fa-f]{16,}|\/DA[A-Za-z0-9+/]{12,}={0,2}/g)) out.scte35.push(m[0]);
  for (const m of text.matchAll(/https?:\/\/[^\s"'<>\]]+/g)) out.url.push(m[0]);
}

/** SCTE-35 vectors (`base64`/`hex` fields), configurations, creative.json files. */
function collectJson(value: unknown, out: Record<CorpusKind, string[]>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectJson(v, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const o = value as Record<string, unknown>;
  if (typeof o['VideoContentSourceUrl'] === 'string') out.config.push(JSON.stringify(o));
  if (Array.isArray(o['renditions'])) out['creative-json'].push(JSON.stringify(o));
  for (const [k, v] of Object.entries(o)) {
    if ((k === 'base64' || k === 'hex') && typeof v === 'string') out.scte35.push(v);
    else collectJson(v, out);
  }
}

const DEMO_ADS = [10, 14, 20].map((d) => ({ key: `ad-${d}s`, durationSec: d, playlistUrl: `https://ads.example/ad-${d}s/index.m3u8`, width: 1280, height: 720, bandwidth: 2_000_000 }));

function addBuiltIns(out: Record<CorpusKind, string[]>): void {
  out.config.push(...demoConfigurations.map((c) => JSON.stringify(c)));
  out.config.push(
    JSON.stringify({
      Name: 'full',
      VideoContentSourceUrl: 'https://origin.example/live',
      AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]&ua=[session.user_agent]&p=[player_params.x]',
      AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: '{}', Headers: { 'x-key': 'v' }, CompressionMethod: 'NONE' } },
      SlateAdUrl: 'https://cdn.example/slate.m3u8',
      CdnConfiguration: { ContentSegmentUrlPrefix: 'https://cdn.example/c', AdSegmentUrlPrefix: 'https://cdn.example/a' },
      PersonalizationThresholdSeconds: 2,
      AvailSuppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:10', FillPolicy: 'PARTIAL_AVAIL' },
      ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } },
      LogConfiguration: { PercentEnabled: 50, AdLogFormats: ['mediatailor', 'uplynk'] },
      ConfigurationAliases: { 'player_params.x': { a: 'b' } },
      DashConfiguration: { MpdLocation: 'DISABLED', OriginManifestType: 'MULTI_PERIOD' },
      Tags: { team: 'x' },
    }),
  );
  out['session-body'].push(
    '',
    '{}',
    JSON.stringify({ adsParams: { deviceType: 'ipad', n: 3, b: true }, playerParams: { x: 'y' }, manifestParams: { auth_token: 'abc' }, origin_access_token: 'tok' }),
    JSON.stringify({ reportingMode: 'server', availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:30', fillPolicy: 'PARTIAL_AVAIL' }, logMode: 'DEBUG' }),
    JSON.stringify({ overlayAvails: 'on', adSignaling: { enabled: true }, insertionMode: 'STITCHED_ONLY', streamId: 'abc', startTime: '2024-01-01T00:00:00Z', preroll: true }),
  );
  out.query.push(
    'ads.deviceType=ipad&manifestParams.auth=abc&playerParams.x=1&origin_token=t',
    'aws.sessionId=2cbde998-2a5f-415e-b65d-7403ecd18d99&aws.logMode=DEBUG&aws.reportingMode=client',
    'aws.availSuppressionMode=BEHIND_LIVE_EDGE&aws.availSuppressionValue=00:00:10&aws.availSuppressionFillPolicy=PARTIAL_AVAIL&aws.startTime=2024-01-01T00:00:00Z&aws.streamId=s&aws.insertionMode=GUIDED&aws.preroll=true&aws.overlayAvails=on&aws.adSignalingEnabled=true',
    'manifest.a=1&manifest.b=%20x&a=%zz&=empty&&ads.=x',
  );
  out.url.push('https://origin.example/live/master.m3u8', 'http://[2606:4700::1111]:8080/a?b#c', 'http://127.0.0.1:8787/demo/origin', 'https://user:pw@ads.example/v?x=[session.id]');
  out.vmap.push(vmapDocument({ baseUrl: 'https://ads.example', sessionId: 's', ads: DEMO_ADS }, 30));
  // The demo's DASH origin: VOD with and without signals, live across a break (every SCTE-35 form it writes).
  const media = 'https://origin.example/media/';
  out.mpd.push(dashVodMpd(media), dashVodMpd(media, false), ...[1, 5, 9].map((k) => dashLiveMpd(media, DASH_LIVE.epochMs + k * DASH_LIVE.loopSec * 1000 + 12_000, 'https://origin.example/clock')));
  out.hls.push(
    '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n#EXT-X-DISCONTINUITY-SEQUENCE:3\n#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00.000Z\n#EXTINF:2.000,\nseg100.ts\n#EXT-X-CUE-OUT:DURATION=6\n#EXTINF:2.000,\nseg101.ts\n#EXT-X-CUE-OUT-CONT:ElapsedTime=2,Duration=6\n#EXTINF:2.000,\nseg102.ts\n#EXTINF:2.000,\nseg103.ts\n#EXT-X-CUE-IN\n#EXTINF:2.000,\nseg104.ts\n',
    '#EXTM3U\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",DEFAULT=YES,URI="audio/en.m3u8"\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="en",URI="subs/en.m3u8"\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aac",SUBTITLES="subs"\nv720/index.m3u8\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=200000,URI="v720/iframe.m3u8"\n',
  );
}
