/**
 * The format-neutral ad ID signal (core/avails/ad-signal; docs/mediatailor-compat.md §6.7):
 * MediaTailor "Manifests and ad metadata insertion" and "Ad Decision Server (ADS) interactions".
 */
import { describe, expect, it } from 'vitest';
import { AD_ID_IDENTIFIER_SCHEME, adSignalPayload, adSignals, creativeIdOf, customVastData, payloadBase64 } from '../../../src/core/avails/ad-signal.ts';
import type { AvailPlacement } from '../../../src/core/avails/timeline.ts';
import type { VastInlineAd } from '../../../src/core/vast/index.ts';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';

function inline(creatives: string, extensions = ''): VastInlineAd {
  const r = parseVast(`<VAST version="4.2"><Ad id="x"><InLine><AdSystem>T</AdSystem><AdTitle>t</AdTitle><Impression>https://t.example/i</Impression>
    <Creatives>${creatives}</Creatives>${extensions}</InLine></Ad></VAST>`);
  const a = r.ok ? r.document.ads[0] : undefined;
  if (a?.kind !== 'inline') throw new Error('test VAST did not parse');
  return a;
}
const LINEAR = '<Linear><Duration>00:00:06</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL">https://cdn.example/a.m3u8</MediaFile></MediaFiles></Linear>';
const NONLINEAR = '<NonLinearAds><NonLinear width="300" height="50"><StaticResource creativeType="image/png">https://cdn.example/o.png</StaticResource></NonLinear></NonLinearAds>';
const ext = (cdata: string) => `<Extensions><Extension type="other">no</Extension><Extension type="creative_signaling"><![CDATA[${cdata}]]></Extension></Extensions>`;

describe('payload', () => {
  it('creative_id and value from Creative@id, custom_vast_data from the creative_signaling extension', () => {
    const ad = inline(`<Creative id="1234">${LINEAR}</Creative>`, ext('999999|TVNlDDNpFTchtpRj,E5Tf'));
    expect(adSignalPayload(ad, '421', '../../../../tracking/a/c/s', 'avail')).toEqual({
      version: 1,
      identifiers: [{ scheme: AD_ID_IDENTIFIER_SCHEME, value: '1234', ad_position: '421', ad_type: 'avail', creative_id: '1234', tracking_uri: '../../../../tracking/a/c/s', custom_vast_data: '999999|TVNlDDNpFTchtpRj,E5Tf' }],
    });
  });

  it('an empty id when the creative has none, null without the extension or with an empty one', () => {
    const bare = inline(`<Creative>${LINEAR}</Creative>`);
    expect(creativeIdOf(bare, 'avail')).toBe('');
    expect(customVastData(bare)).toBeNull();
    expect(customVastData(inline(`<Creative>${LINEAR}</Creative>`, ext('')))).toBeNull();
  });

  it('an avail names its Linear creative, an overlay its NonLinearAds creative', () => {
    const both = inline(`<Creative id="over">${NONLINEAR}</Creative><Creative id="lin">${LINEAR}</Creative>`);
    expect(creativeIdOf(both, 'avail')).toBe('lin');
    expect(creativeIdOf(both, 'overlay')).toBe('over');
    expect(adSignalPayload(both, '7', 't', 'overlay').identifiers[0]?.ad_type).toBe('overlay');
  });

  it('base64 of UTF-8 JSON: non-ASCII extension text survives', () => {
    const p = adSignalPayload(inline(`<Creative id="é">${LINEAR}</Creative>`, ext('ünïcode ✓')), '1', 't', 'avail');
    const bytes = Uint8Array.from(atob(payloadBase64(p)), (c) => c.charCodeAt(0));
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(p);
  });
});

describe('adSignals', () => {
  const slot = (k: number) => ({ k, occurrence: 0, segment: k, startSec: k * 2, durationSec: 2, discontinuityBefore: k === 0 });
  const placement: AvailPlacement = {
    availId: '100', firstSeq: 100, startTimeSec: 0, durationSec: 10,
    ads: [
      { adIndex: 0, adId: '100', firstSeq: 100, firstSlot: 0, slots: [slot(0), slot(1)], startTimeSec: 0, durationSec: 4 },
      { adIndex: 2, adId: '102', firstSeq: 102, firstSlot: 2, slots: [slot(2)], startTimeSec: 4, durationSec: 2 },
    ],
  };
  const a0 = inline(`<Creative id="c0">${LINEAR}</Creative>`);
  const a2 = inline(`<Creative id="c2">${LINEAR}</Creative>`);
  const plan = { ads: [{ index: 0, ad: a0 }, { index: 2, ad: a2 }] };

  it('one signal per placed ad (slate and bumpers are not ads of the plan), positions counted from 1, ids from the caller', () => {
    const out = adSignals(placement, plan, 't', (p) => `p${p.firstSeq}`);
    expect(out.map((s) => [s.id, s.position, s.payload.identifiers[0]?.ad_position, s.payload.identifiers[0]?.creative_id])).toEqual([
      ['100-1', 1, 'p100', 'c0'],
      ['100-2', 2, 'p102', 'c2'],
    ]);
  });

  it('an ad the plan does not hold is not signalled', () => {
    const partial = { ads: [{ index: 2, ad: a2 }] };
    expect(adSignals(placement, partial, 't', String).map((s) => s.id)).toEqual(['100-1']);
  });
});
