/**
 * parseMpd / serializeMpd: every fixture MPD survives a round trip with everything kept, and every
 * kind of bad MPD gives an error value with a message (the route answers 502 with it).
 */
import { describe, expect, it } from 'vitest';
import { MAX_MPD_CHARS, parseMpd, serializeMpd, type XNode } from '../../../src/core/dash/index.ts';
import { PERIOD_FRAGMENTS, WHOLE_MPDS, dashFixture, mustParse, withMinimalAdaptationSet, wrapPeriods } from '../../helpers/dash-fixtures.ts';
import { mpdMeaning } from '../../helpers/mpd-meaning.ts';

const ALL: [string, string][] = [
  ...WHOLE_MPDS.map((f): [string, string] => [f, f.startsWith('telestream') ? withMinimalAdaptationSet(dashFixture(f)) : dashFixture(f)]),
  ...PERIOD_FRAGMENTS.map((f): [string, string] => [f, wrapPeriods(dashFixture(f))]),
];

function census(nodes: readonly XNode[], acc = { elements: 0, attrs: 0, comments: 0, names: new Set<string>() }): typeof acc {
  for (const n of nodes) {
    if (n.kind === 'comment') acc.comments++;
    if (n.kind !== 'element') continue;
    acc.elements++;
    acc.attrs += Object.keys(n.attrs).length;
    acc.names.add(n.name);
    census(n.children, acc);
  }
  return acc;
}

describe('round trip', () => {
  it.each(ALL)('%s: parse → serialize → parse gives the same tree, and serializing is stable', (_name, text) => {
    const first = mustParse(text);
    const out = serializeMpd(first.doc);
    const second = mustParse(out);
    expect(second.doc).toEqual(first.doc);
    expect(serializeMpd(second.doc)).toBe(out);
    expect(second.periods).toEqual(first.periods);
  });

  it.each(ALL)('%s: the output means the same to an independent parser', (_name, text) => {
    expect(mpdMeaning(serializeMpd(mustParse(text).doc))).toEqual(mpdMeaning(text));
  });

  it('keeps namespace prefixes and declarations, comments, CDATA, attribute order and entities as written', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<!-- origin: packager 1.2 -->
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" xmlns:scte35="http://www.scte.org/schemas/35/2016" xmlns:cenc="urn:mpeg:cenc:2013" type="static" mediaPresentationDuration="PT10S">
  <ProgramInformation><Title>Tom &amp; Jerry &lt;3</Title><Copyright><![CDATA[© <b>us</b>]]></Copyright></ProgramInformation>
  <Period id="p&amp;1" start="PT0S">
    <!-- period comment -->
    <AdaptationSet contentType="video" mimeType="video/mp4" z="1" a="2">
      <ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="cenc" cenc:default_KID="10000000-1000-1000-1000-100000000001"/>
      <SegmentTemplate timescale="1000" duration="2000" media="v/$Number$.m4s?a=1&amp;b=2" initialization="v/init.mp4"/>
      <Representation id="v" bandwidth="1" codecs="avc1.42c01e"/>
    </AdaptationSet>
  </Period>
</MPD>`;
    const out = serializeMpd(mustParse(text).doc);
    expect(out).toBe(text.replace('<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n'));
    const c = census([mustParse(out).doc.root]);
    expect(c.names.has('ContentProtection')).toBe(true);
    expect(out).toContain('cenc:default_KID="10000000-1000-1000-1000-100000000001"');
    expect(out).toContain('<!-- period comment -->');
    expect(out).toContain('<![CDATA[© <b>us</b>]]>');
    expect(out).toContain('media="v/$Number$.m4s?a=1&amp;b=2"');
    expect(out.indexOf('z="1"')).toBeLessThan(out.indexOf('a="2"'));
  });

  it('keeps every element, attribute and comment of every fixture', () => {
    for (const [, text] of ALL) {
      const parsed = mustParse(text);
      const again = mustParse(serializeMpd(parsed.doc));
      const a = census([parsed.doc.root]);
      const b = census([again.doc.root]);
      expect({ ...b, names: [...b.names].sort() }).toEqual({ ...a, names: [...a.names].sort() });
      // No element or attribute name of the source is lost (checked on the raw text).
      for (const m of text.matchAll(/<([A-Za-z][\w:.-]*)/g)) expect(a.names.has(m[1] ?? '')).toBe(true);
    }
  });
});

describe('bad MPDs', () => {
  const code = (text: unknown, options?: { maxChars?: number }): string => {
    const r = parseMpd(text, options);
    if (r.ok) return 'ok';
    expect(r.error.message).toMatch(/^origin MPD /);
    return r.error.code;
  };
  const minimalPeriod =
    '<Period id="1" start="PT0S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentBase indexRange="0-100"/></Representation></AdaptationSet></Period>';

  it.each([
    ['an HLS playlist', '#EXTM3U\n#EXT-X-VERSION:3\n'],
    ['JSON', '{"MPD": {}}'],
    ['HTML error page', '<html><body><h1>502 Bad Gateway</h1></body>'],
    ['empty text', ''],
    ['a truncated MPD', `<MPD type="static">${minimalPeriod}`.slice(0, 60)],
    ['mismatched tags', '<MPD><Period></AdaptationSet></MPD>'],
    ['two roots', `<MPD>${minimalPeriod}</MPD><MPD/>`],
    ['a repeated attribute', `<MPD type="static" type="dynamic">${minimalPeriod}</MPD>`],
    ['nesting beyond the parser limit', `<MPD>${'<a>'.repeat(150)}${'</a>'.repeat(150)}${minimalPeriod}</MPD>`],
  ])('not XML: %s', (_what, text) => {
    expect(code(text)).toBe('not-xml');
  });

  it('not text at all', () => {
    expect(code(undefined)).toBe('not-xml');
    expect(code(42)).toBe('not-xml');
  });

  it('a root that is not MPD', () => {
    const r = parseMpd('<VAST version="4.2"><Ad/></VAST>');
    expect(r.ok ? undefined : r.error).toEqual({ code: 'no-mpd-root', message: 'origin MPD root element is <VAST>, not <MPD>' });
  });

  it('the MPD namespace may carry a prefix', () => {
    expect(code(`<dash:MPD xmlns:dash="urn:mpeg:dash:schema:mpd:2011">${minimalPeriod.replaceAll('<', '<dash:').replaceAll('<dash:/', '</dash:')}</dash:MPD>`)).toBe('ok');
  });

  it('no Period', () => {
    expect(code('<MPD type="static" mediaPresentationDuration="PT10S"><BaseURL>x/</BaseURL></MPD>')).toBe('no-period');
  });

  it('a Period with no AdaptationSet (the Telestream samples as published)', () => {
    const r = parseMpd(dashFixture('telestream-binary.xml'));
    expect(r.ok ? undefined : r.error).toEqual({ code: 'empty-period', message: 'origin MPD Period 1 has no AdaptationSet' });
    expect(code(`<MPD xmlns:xlink="http://www.w3.org/1999/xlink"><Period xlink:href="https://ads.example/p.xml" xlink:actuate="onLoad"/></MPD>`)).toBe('empty-period');
  });

  it('a Period whose start cannot be derived', () => {
    const noStart = minimalPeriod.replace(' start="PT0S"', '');
    expect(code(`<MPD type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z">${noStart}</MPD>`)).toBe('period-timing');
    expect(code(`<MPD type="static">${minimalPeriod}${noStart.replace('id="1"', 'id="2"')}</MPD>`)).toBe('period-timing');
    expect(code(`<MPD type="static">${minimalPeriod.replace('PT0S', 'PT10S')}${minimalPeriod.replace('id="1"', 'id="2"')}</MPD>`)).toBe('period-timing');
    expect(code(`<MPD type="static">${minimalPeriod.replace('PT0S', 'ten seconds')}</MPD>`)).toBe('period-timing');
    // Derivable: first period of a static MPD, and start = previous start + duration.
    expect(code(`<MPD type="static">${noStart.replace('id="1"', 'id="1" duration="PT5S"')}${noStart.replace('id="1"', 'id="2"')}</MPD>`)).toBe('ok');
  });

  it('over the size cap (10 MB of padding)', () => {
    const big = `<MPD type="static">${minimalPeriod}<!--${'x'.repeat(10 * 1024 * 1024)}--></MPD>`;
    const r = parseMpd(big);
    expect(r.ok ? undefined : r.error.code).toBe('too-large');
    expect(r.ok ? '' : r.error.message).toContain(`the limit is ${MAX_MPD_CHARS}`);
    expect(code(`<MPD type="static">${minimalPeriod}</MPD>`, { maxChars: 100 })).toBe('too-large');
  });

  it('a billion-laughs DOCTYPE is refused and nothing is expanded', () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE MPD [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n ')}
]>
<MPD type="static"><Period id="&lol9;" start="PT0S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"/></AdaptationSet></Period></MPD>`;
    const started = performance.now();
    const r = parseMpd(lol);
    expect(r.ok ? undefined : r.error).toEqual({ code: 'entity-declaration', message: 'origin MPD declares XML entities in its DOCTYPE (<!ENTITY lol); entity declarations are refused' });
    expect(performance.now() - started).toBeLessThan(1000);
    // External entities are refused the same way.
    expect(code('<!DOCTYPE MPD [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><MPD>&xxe;</MPD>')).toBe('entity-declaration');
  });

  it('an undeclared entity reference stays as written (never expanded, never an error by itself)', () => {
    const r = mustParse(`<MPD type="static"><Period id="a&foo;b" start="PT0S"><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="1"/></AdaptationSet></Period></MPD>`);
    expect(serializeMpd(r.doc)).toContain('id="a&foo;b"');
  });
});
