/**
 * Ad ID signaling in HLS (adSignaling / aws.adSignalingEnabled; docs/mediatailor-compat.md §6.7;
 * MediaTailor "Personalizing HLS manifests with ad metadata"): one EXT-X-DATERANGE of the SVA
 * class per ad with the base64 JSON payload, closed after the ad with the same attributes; none on
 * slate; live only with program date-time; VOD dated from the epoch.
 */
import { describe, expect, it } from 'vitest';
import { AD_ID_IDENTIFIER_SCHEME, AD_ID_SIGNALING_SCHEME } from '../../../src/core/avails/ad-signal.ts';
import { parseAttributeList } from '../../../src/core/hls/attributes.ts';
import type { AvailDecisionResult } from '../../../src/core/session/decision-types.ts';
import { putCreative, type SessionState } from '../../../src/core/session/state.ts';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastInlineAd } from '../../../src/core/vast/index.ts';
import { creative, record, serve, state } from '../../helpers/session-rules.ts';

const SIGNALING = '{"adSignaling":{"enabled":"true"}}';
const EPOCH = Date.UTC(2026, 0, 1);

/** A live window of 2 s segments with PDT from `first`, a 20 s CUE-OUT at `breakAt`. */
function livePdt(first: number, n: number, breakAt: number, pdt = true): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let q = first; q < first + n; q++) {
    if (q === breakAt) lines.push('#EXT-X-CUE-OUT:20.000');
    if (q === breakAt + 10) lines.push('#EXT-X-CUE-IN');
    if (pdt) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(EPOCH + q * 2000).toISOString()}`);
    lines.push('#EXTINF:2.000,', `seg${q}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

function signalingAd(id: string, custom?: string): VastInlineAd {
  const ext = custom === undefined ? '' : `<Extensions><Extension type="creative_signaling"><![CDATA[${custom}]]></Extension></Extensions>`;
  const r = parseVast(`<VAST version="4.2"><Ad id="${id}"><InLine><AdSystem>T</AdSystem><AdTitle>t</AdTitle><Impression>https://t.example/i</Impression>
    <Creatives><Creative id="cr-${id}"><Linear><Duration>00:00:06</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://cdn.example/${id}.m3u8</MediaFile></MediaFiles></Linear></Creative></Creatives>${ext}</InLine></Ad></VAST>`);
  const a = r.ok ? r.document.ads[0] : undefined;
  if (a?.kind !== 'inline') throw new Error('VAST');
  return a;
}

/** Two 6 s ads (the second with a creative_signaling extension) and 2 s slate. */
function decide(s: SessionState): AvailDecisionResult {
  const ads = [signalingAd('a1'), signalingAd('a2', '999999|TVNlDDNpFTchtpRj')];
  const media = ['a1', 'a2'].map((k) => creative(k, [2, 2, 2]));
  const slate = creative('slate', [2]);
  for (const m of [...media, slate]) putCreative(s, m);
  const summary = (m: ReturnType<typeof creative>) => ({ creativeKey: m.creativeKey, source: m.source, sourceUrl: m.sourceUrl, refDurationsSec: m.refDurationsSec });
  return {
    trace: { adsRequestUrl: 'https://ads.example/vast', unresolvedVariables: [], requestHeaders: {}, startedAtMs: 0, finishedAtMs: 1 },
    candidates: ads.map((ad, i) => ({ ad, wrapperDepth: 0, vastDurationSec: 6, creative: summary(media[i] as ReturnType<typeof creative>) })),
    breakTracking: {},
    slate: summary(slate),
  };
}

const dateranges = (text: string): Map<string, string>[] =>
  text.split('\n').filter((l) => l.startsWith('#EXT-X-DATERANGE:')).map((l) => parseAttributeList(l.slice('#EXT-X-DATERANGE:'.length)));

describe('live HLS with program date-time', () => {
  it('opens a range per ad, the next ad or the slate closes it; none on slate', () => {
    const s = state(record({ serverBeacons: false }, SIGNALING));
    const r = serve(s, livePdt(100, 20, 104), () => decide(s));
    const ranges = dateranges(r.text);
    expect(ranges.map((a) => [a.get('ID'), a.get('CLASS'), a.get('START-DATE'), a.get('END-DATE'), a.get('DURATION')])).toEqual([
      ['104-1', AD_ID_SIGNALING_SCHEME, '2026-01-01T00:03:28.000Z', undefined, '6.000'],
      ['104-1', undefined, '2026-01-01T00:03:28.000Z', '2026-01-01T00:03:34.000Z', '6.000'],
      ['104-2', AD_ID_SIGNALING_SCHEME, '2026-01-01T00:03:34.000Z', undefined, '6.000'],
      ['104-2', undefined, '2026-01-01T00:03:34.000Z', '2026-01-01T00:03:40.000Z', '6.000'],
    ]);
    // Each tag sits right before its segment: the opening one before the ad's first, the closing one before the slate.
    const lines = r.text.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at('ID="104-1",CLASS')).toBeLessThan(at('https://cdn.example/a1/s0.ts'));
    expect(at('ID="104-2",START-DATE')).toBeGreaterThan(at('https://cdn.example/a2/s2.ts'));
    expect(at('ID="104-2",START-DATE')).toBeLessThan(at('https://cdn.example/slate/s0.ts'));
  });

  it('carries the SVA JSON: creative id, ad position, ad type, tracking URI and the creative_signaling extension', () => {
    const s = state(record({ serverBeacons: false }, SIGNALING));
    const r = serve(s, livePdt(100, 20, 104), () => decide(s));
    const payloads = dateranges(r.text).filter((a) => a.has('X-AD-CREATIVE-SIGNALING')).map((a) => JSON.parse(atob(a.get('X-AD-CREATIVE-SIGNALING') ?? '')));
    expect(payloads).toEqual([
      { version: 1, identifiers: [{ scheme: AD_ID_IDENTIFIER_SCHEME, value: 'cr-a1', ad_position: '104', ad_type: 'avail', creative_id: 'cr-a1', tracking_uri: '../../../../tracking/acct/cfg/3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', custom_vast_data: null }] },
      { version: 1, identifiers: [{ scheme: AD_ID_IDENTIFIER_SCHEME, value: 'cr-a2', ad_position: '107', ad_type: 'avail', creative_id: 'cr-a2', tracking_uri: '../../../../tracking/acct/cfg/3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', custom_vast_data: '999999|TVNlDDNpFTchtpRj' }] },
    ]);
  });

  it('a window that starts inside an ad repeats its opening tag first; later windows keep every attribute identical', () => {
    const s = state(record({ serverBeacons: false }, SIGNALING));
    const first = serve(s, livePdt(100, 20, 104), () => decide(s));
    const later = serve(s, livePdt(105, 20, 104), () => undefined);
    const all = [...dateranges(first.text), ...dateranges(later.text)];
    expect(dateranges(later.text)[0]?.get('ID')).toBe('104-1');
    for (const id of ['104-1', '104-2']) {
      const same = all.filter((a) => a.get('ID') === id);
      for (const name of ['START-DATE', 'DURATION', 'CLASS', 'X-AD-CREATIVE-SIGNALING', 'END-DATE']) {
        expect(new Set(same.map((a) => a.get(name)).filter((v) => v !== undefined)).size).toBeLessThanOrEqual(1);
      }
    }
  });

  it('nothing without adSignaling, nor on a live stream without program date-time', () => {
    const off = state(record({ serverBeacons: false }));
    expect(serve(off, livePdt(100, 20, 104), () => decide(off)).text).not.toContain('ad-id-signaling');
    const noPdt = state(record({ serverBeacons: false }, SIGNALING));
    expect(serve(noPdt, livePdt(100, 20, 104, false), () => decide(noPdt)).text).not.toContain('EXT-X-DATERANGE');
  });
});

describe('VOD', () => {
  it('dates the first segment from the epoch and each ad by its time in the asset', () => {
    const s = state(record({ serverBeacons: false }, SIGNALING));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:VOD'];
    for (let i = 0; i < 6; i++) {
      if (i === 3) lines.push('#EXT-X-CUE-OUT:0', '#EXT-X-CUE-IN');
      lines.push('#EXTINF:2.000,', `seg${i}.ts`);
    }
    lines.push('#EXT-X-ENDLIST');
    const r = serve(s, `${lines.join('\n')}\n`, () => decide(s));
    const body = r.text.split('\n');
    const firstSegment = body.findIndex((l) => l.startsWith('#EXTINF'));
    expect(body.slice(0, firstSegment)).toContain('#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z');
    // The second segment is dated from there too (hls.js dates nothing after a zero date alone).
    expect(body.filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME:'))).toEqual(['#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z', '#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:02.000Z']);
    expect(dateranges(r.text).map((a) => [a.get('ID'), a.get('START-DATE'), a.get('END-DATE')])).toEqual([
      ['3-1', '1970-01-01T00:00:06.000Z', undefined],
      ['3-1', '1970-01-01T00:00:06.000Z', '1970-01-01T00:00:12.000Z'],
      ['3-2', '1970-01-01T00:00:12.000Z', undefined],
      ['3-2', '1970-01-01T00:00:12.000Z', '1970-01-01T00:00:18.000Z'],
    ]);
    // The last ad is closed on the content segment after the insertion.
    expect(body.indexOf('#EXT-X-DATERANGE:ID="3-2",START-DATE="1970-01-01T00:00:12.000Z",END-DATE="1970-01-01T00:00:18.000Z",DURATION=6.000')).toBeLessThan(body.findIndex((l) => l.endsWith('seg3.ts')));
  });
});
