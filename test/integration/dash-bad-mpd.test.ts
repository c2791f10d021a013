/**
 * Bad origin MPDs through the route (issue 10): each answers 502 with a JSON message saying what
 * is wrong (and `x-amzn-ErrorType`), never a crash, never an entity expanded: not XML, not an MPD,
 * no Period, a Period whose start cannot be derived, 10 MB, a billion-laughs entity attack, a
 * Period with no AdaptationSet, and a body that is not XML at all.
 */
import { describe, expect, it } from 'vitest';
import { ACCT, putConfig, req, text } from './helpers.ts';

const NS = 'xmlns="urn:mpeg:dash:schema:mpd:2011"';
const SET = '<AdaptationSet contentType="video" mimeType="video/mp4"><Representation id="v" bandwidth="1" codecs="avc1.42c01e"><SegmentTemplate timescale="1" media="$Number$.m4s" duration="2"/></Representation></AdaptationSet>';
const LAUGHS = `<?xml version="1.0"?>\n<!DOCTYPE MPD [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}\n]>\n<MPD ${NS} type="static"><Period><AdaptationSet><Representation id="&lol9;"/></AdaptationSet></Period></MPD>`;

const CASES: readonly { name: string; body: string; message: RegExp }[] = [
  { name: 'plain-text', body: 'this is not an MPD', message: /^origin response is not a DASH MPD$/ },
  { name: 'not-xml', body: `<MPD ${NS} type="static"><Period>${SET}</MPD>`, message: /^origin MPD is not well-formed XML/ },
  { name: 'html', body: '<html><body>Not found</body></html>', message: /^origin MPD root element is <html>, not <MPD>$/ },
  { name: 'no-period', body: `<MPD ${NS} type="static" mediaPresentationDuration="PT10S"></MPD>`, message: /^origin MPD has no Period$/ },
  { name: 'no-start', body: `<MPD ${NS} type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z"><Period id="p1">${SET}</Period></MPD>`, message: /^origin MPD Period 1 \(id "p1"\) has no @start and none can be derived/ },
  { name: 'empty-period', body: `<MPD ${NS} type="static"><Period id="a" duration="PT10S">${SET}</Period><Period id="b" duration="PT10S"></Period></MPD>`, message: /^origin MPD Period 2 \(id "b"\) has no AdaptationSet$/ },
  { name: 'billion-laughs', body: LAUGHS, message: /^origin MPD declares XML entities in its DOCTYPE \(<!ENTITY lol\); entity declarations are refused$/ },
  { name: 'ten-megabytes', body: `<MPD ${NS} type="static"><Period>${SET}</Period><!--${'x'.repeat(10 * 1024 * 1024)}--></MPD>`, message: /^origin MPD is too large \(over 4194304 bytes\)$/ },
];

describe('bad origin MPDs', () => {
  it.each(CASES)('$name → 502 with a clear message', async ({ name, body, message }) => {
    const cfg = `bad-mpd-${name}`;
    expect((await req(`/demo/origin/custom/${cfg}`, { method: 'PUT', body })).status).toBe(204);
    expect((await putConfig({ Name: cfg, VideoContentSourceUrl: `{{self}}/demo/origin/custom/${cfg}`, AdDecisionServerUrl: '{{self}}/demo/ads/vast' })).status).toBe(200);
    const init = await text(`/v1/dash/${ACCT}/${cfg}/asset.mpd`, { redirect: 'manual' });
    expect(init.status).toBe(302);
    const r = await text(new URL(init.res.headers.get('location') ?? '', 'http://127.0.0.1:8787').toString());
    expect(r.status, r.body).toBe(502);
    expect(r.res.headers.get('x-amzn-ErrorType')).toBe('BadGatewayException');
    expect(r.res.headers.get('access-control-allow-origin')).toBe('*');
    const json = JSON.parse(r.body) as { message: string };
    expect(json.message).toMatch(message);
    // Never an entity expanded into the answer.
    expect(r.body).not.toContain('lollol');
  });
});
