/**
 * parseVmap and detectAdResponseKind on hand-written VMAP 1.0 documents.
 */
import { describe, expect, it } from 'vitest';
import { parseVmap } from '../../../src/core/vast/parse-vmap.ts';
import { detectAdResponseKind } from '../../../src/core/vast/detect.ts';
import { VMAP_PRE_MID_POST } from './vmap-fixtures.ts';

describe('parseVmap', () => {
  const r = parseVmap(VMAP_PRE_MID_POST);
  if (!r.ok) throw new Error(r.error.message);
  const [pre, mid, display, positional, post] = r.document.adBreaks;

  it('reads every break with typed time offsets', () => {
    expect(r.document.version).toBe('1.0');
    expect(r.document.adBreaks.map((b) => b.timeOffset)).toEqual([
      { kind: 'start', raw: 'start' },
      { kind: 'time', raw: '00:10:00.500', offsetSec: 600.5 },
      { kind: 'percent', raw: '50%', percent: 50 },
      { kind: 'position', raw: '#2', position: 2 },
      { kind: 'end', raw: 'end' },
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('pre-roll: inline VASTAdData parsed as VAST, break tracking', () => {
    expect(pre).toMatchObject({ index: 0, breakId: 'preroll', breakTypes: ['linear'] });
    expect(pre?.adSource).toMatchObject({ id: 'pre-src', allowMultipleAds: true, followRedirects: true });
    const content = pre?.adSource?.content;
    if (content?.kind !== 'vastAdData' || !content.vast.ok) throw new Error('expected parsed VASTAdData');
    expect(content.vast.document.version).toBe('3.0');
    expect(content.vast.document.ads.map((a) => a.id)).toEqual(['pre-1', 'pre-2']);
    expect(pre?.trackingEvents['breakStart']).toEqual([{ url: 'https://vmap.example/breakstart?b=pre' }]);
    expect(pre?.trackingEvents['breakEnd']).toEqual([{ url: 'https://vmap.example/breakend?b=pre' }]);
    expect(pre?.trackingEvents['error']).toEqual([{ url: 'https://vmap.example/error?c=[ERRORCODE]' }]);
  });

  it('mid-roll: AdTagURI with templateType, comma break types, repeatAfter', () => {
    expect(mid).toMatchObject({ breakId: 'mid-1', breakTypes: ['linear', 'nonlinear'], repeatAfterRaw: '00:05:00', repeatAfterSec: 300 });
    expect(mid?.adSource).toEqual({
      id: 'mid-src',
      allowMultipleAds: false,
      followRedirects: false,
      content: { kind: 'adTagUri', url: 'https://ads.example/vast?pos=mid&t=600', templateType: 'vast3' },
    });
  });

  it('CustomAdData and display breaks are kept as data', () => {
    expect(display?.breakTypes).toEqual(['display']);
    expect(display?.adSource?.content).toEqual({ kind: 'customAdData', templateType: 'proprietary', content: '<Custom a="1"/>' });
    expect(positional?.adSource?.content).toMatchObject({ kind: 'adTagUri', url: 'https://ads.example/vast?pos=2' });
  });

  it('post-roll', () => {
    expect(post).toMatchObject({ breakId: 'postroll', timeOffset: { kind: 'end' } });
    expect(post?.adSource?.content).toEqual({ kind: 'adTagUri', url: 'https://ads.example/vast?pos=post', templateType: 'vast4' });
  });
});

describe('parseVmap: bad input', () => {
  it('skips a break with an unreadable timeOffset, defaults a missing breakType to linear', () => {
    const r = parseVmap(`<VMAP version="1.0">
      <AdBreak timeOffset="soon" breakType="linear"><AdSource><AdTagURI>https://a.example/1</AdTagURI></AdSource></AdBreak>
      <AdBreak timeOffset="00:00:30"><AdSource><AdTagURI>https://a.example/2</AdTagURI></AdSource></AdBreak>
      <AdBreak timeOffset="150%" breakType="linear"/>
    </VMAP>`);
    if (!r.ok) throw new Error('parse failed');
    expect(r.document.adBreaks.map((b) => [b.index, b.breakTypes])).toEqual([[1, ['linear']]]);
    expect(r.diagnostics.map((d) => [d.code, d.breakIndex])).toEqual([
      ['invalid_time_offset', 0],
      ['invalid_break_type', 1],
      ['invalid_time_offset', 2],
    ]);
  });

  it('VASTAdData holding VAST as CDATA text is parsed too', () => {
    const r = parseVmap(`<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"><vmap:AdBreak timeOffset="start" breakType="linear">
      <vmap:AdSource><vmap:VASTAdData><![CDATA[<VAST version="2.0"><Ad id="c"><InLine><AdSystem>s</AdSystem></InLine></Ad></VAST>]]></vmap:VASTAdData></vmap:AdSource>
    </vmap:AdBreak></vmap:VMAP>`);
    const content = r.ok ? r.document.adBreaks[0]?.adSource?.content : undefined;
    expect(content?.kind === 'vastAdData' && content.vast.ok && content.vast.document.ads[0]?.id).toBe('c');
  });

  it('an empty VMAP has no breaks; garbage is a parse error; a VAST is an unknown root', () => {
    expect(parseVmap('<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0"/>')).toMatchObject({
      ok: true,
      document: { adBreaks: [] },
    });
    expect(parseVmap('<vmap:VMAP>').ok).toBe(false);
    const vastRoot = parseVmap('<VAST version="3.0"/>');
    expect(vastRoot.ok === false && vastRoot.error.kind).toBe('unknown_root');
  });
});

describe('detectAdResponseKind', () => {
  it.each([
    ['<VAST version="4.2"/>', 'vast'],
    ['\uFEFF<?xml version="1.0"?>\n<!-- served by x -->\n<VAST>', 'vast'],
    ['<vast version="2.0">', 'vast'],
    ['<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap">', 'vmap'],
    ['<VMAP version="1.0">', 'vmap'],
    ['<!DOCTYPE VMAP [ <!ENTITY x "y"> ]><VMAP>', 'vmap'],
    ['<?xml version="1.0"?><html><body/></html>', 'unknown'],
    ['{"vast": true}', 'unknown'],
    ['', 'unknown'],
    ['<!-- never closed', 'unknown'],
  ])('%j → %s', (xml, kind) => {
    expect(detectAdResponseKind(xml)).toBe(kind);
  });
});
