/**
 * `AdDecisionServerConfiguration.HttpRequest` (AWS MediaTailor API model `HttpRequest`; README
 * configuration reference): POST with a body template, headers, both filled with `{{name}}`
 * dynamic variables, gzip; the limits of the filled request; what the trace and the ad log carry.
 */
import { describe, expect, it } from 'vitest';
import { ADS_BODY_MAX_CHARS, fillTextTemplate, headerEscape } from '../../../src/core/ads-request/fill-text.ts';
import { decisionEvents } from '../../../src/core/avails/decision-log.ts';
import { planFill } from '../../../src/core/avails/plan.ts';
import { formatMediaTailor } from '../../../src/core/logs/format-mediatailor.ts';
import { adsRequestFor } from '../../../src/core/session/ads-request.ts';
import type { AvailRequest } from '../../../src/core/session/decision-types.ts';
import type { SessionRecord } from '../../../src/core/session/session-record.ts';
import type { AdsHttpRequest } from '../../../src/core/config/playback-configuration.ts';

const AVAIL: AvailRequest = { key: '40', availIndex: 3, insertion: false, signalledDurationSec: 30, asset: { CAID: 'abc' } };

function record(http: AdsHttpRequest, playerParams: Record<string, string> = { device: 'tv "living room"' }): SessionRecord {
  return {
    sessionId: '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', accountId: 'acct', configName: 'cfg',
    config: { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example', AdDecisionServerUrl: 'https://ads.example/vast?i=[avail.index]', AdDecisionServerConfiguration: { HttpRequest: http } },
    assetPath: 'live/master.m3u8', originUrl: 'https://origin.example/live/master.m3u8', kind: 'implicit', sessionType: 'HLS', serverBeacons: true,
    params: { playerParams, manifestParams: [], originParams: [], features: {}, warnings: [] },
    client: { userAgent: 'Player/1.0', ip: '203.0.113.9' }, createdAtMs: 0, selfOrigin: 'https://ssai.example',
  };
}

describe('the body template', () => {
  it('fills {{variables}} in a JSON body, JSON-escaped, and sends it as application/json', () => {
    const body = '{"session":"{{session.id}}","device":"{{player_params.device}}","avail":{{avail.index}},"ms":{{session.avail_duration_ms}},"caid":"{{asset.CAID}}"}';
    const r = adsRequestFor(record({ Method: 'POST', Body: body }), AVAIL, 0.5);
    expect(r).toMatchObject({ ok: true, method: 'POST', unresolved: [], bodyHeaders: { 'content-type': 'application/json' } });
    expect(JSON.parse(r.body ?? '')).toEqual({ session: '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', device: 'tv "living room"', avail: 3, ms: 30000, caid: 'abc' });
  });

  it('writes values as they are in a non-JSON body; an unknown variable is empty and reported', () => {
    const r = adsRequestFor(record({ Method: 'POST', Body: 'sid={{session.id}}&x={{player_params.missing}}&keep={{not a variable}}' }), AVAIL, 0);
    expect(r.body).toBe('sid=3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10&x=&keep={{not a variable}}');
    expect(r.unresolved).toEqual(['player_params.missing']);
    expect(r.bodyHeaders).toEqual({ 'content-type': 'text/plain; charset=utf-8' });
  });

  it('a configured Content-Type wins; GZIP adds Content-Encoding to the POST headers only', () => {
    const r = adsRequestFor(record({ Method: 'POST', Body: '<x/>', Headers: { 'Content-Type': 'application/xml' }, CompressRequest: 'GZIP' }), AVAIL, 0);
    expect(r).toMatchObject({ gzip: true, bodyHeaders: { 'content-encoding': 'gzip' } });
    expect(r.headers['content-type']).toBe('application/xml');
    expect(r.headers['content-encoding']).toBeUndefined();
  });

  it('GET ignores Body and CompressRequest (the model: POST only)', () => {
    const r = adsRequestFor(record({ Method: 'GET', Body: '{"a":1}', CompressRequest: 'GZIP' }), AVAIL, 0);
    expect(r).toMatchObject({ ok: true, method: 'GET' });
    expect(r.body).toBeUndefined();
    expect(r.gzip).toBeUndefined();
  });

  it('a body that grows past 100,000 characters with its variables filled is not sent: the decision fails with the reason', () => {
    // Player parameter values are capped at 25,000 characters; five of them in one template are not.
    const body = `[${Array.from({ length: 5 }, () => '"{{player_params.big}}"').join(',')}]`;
    const r = adsRequestFor(record({ Method: 'POST', Body: body }, { big: 'x'.repeat(24_000) }), AVAIL, 0);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(`the ADS request body is ${5 * 24_002 + 6} characters with its variables filled; the limit is ${ADS_BODY_MAX_CHARS}`);
    expect(r.body).toBe('');
  });
});

describe('headers', () => {
  it('fill {{variables}}; a value cannot add a header line', () => {
    const r = adsRequestFor(record({ Headers: { 'X-Session': '{{session.id}}', 'X-Device': '{{player_params.device}}' } }, { device: 'tv\r\nX-Evil: 1' }), AVAIL, 0);
    expect(r.headers).toEqual({ 'user-agent': 'Player/1.0', 'x-forwarded-for': '203.0.113.9', 'x-session': '3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10', 'x-device': 'tvX-Evil: 1' });
    expect(headerEscape('a\tb\u0000c')).toBe('a\tbc');
  });

  it('a header value past 4,096 characters once filled fails the decision with the reason', () => {
    const r = adsRequestFor(record({ Headers: { 'X-Big': '{{player_params.big}}' } }, { big: 'y'.repeat(5_000) }), AVAIL, 0);
    expect(r).toMatchObject({ ok: false, error: 'the ADS request header x-big is 5000 characters with its variables filled; the limit is 4096' });
  });
});

describe('fillTextTemplate', () => {
  it('leaves unterminated and foreign braces as written', () => {
    expect(fillTextTemplate('a {{ b', {}, (v) => v).text).toBe('a {{ b');
    expect(fillTextTemplate('{{self}}/x {{avail.index}}', { availIndex: 7 }, (v) => v)).toEqual({ text: '{{self}}/x 7', unresolved: [] });
  });
});

describe('the ad log carries what was sent', () => {
  it('MAKING_ADS_REQUEST: the request headers as sent, and the POST body in the description', () => {
    const r = adsRequestFor(record({ Method: 'POST', Body: '{"s":"{{session.id}}"}', CompressRequest: 'GZIP' }), AVAIL, 0);
    const plan = planFill({ breakKey: '40', availIndex: 3, insertion: false, candidates: [], nowMs: 0 });
    let n = 0;
    const events = decisionEvents({
      base: { sessionId: 's', sessionType: 'HLS', configName: 'cfg', accountId: 'acct', requestId: 'r', assetId: 'a', playbackMode: 'live' },
      availId: '40', podLocation: 'midroll', adRequestIndex: 2, adsRequestUrl: r.url, unresolvedVariables: [],
      requestHeaders: { ...r.headers, ...r.bodyHeaders }, ...(r.body !== undefined ? { requestBody: r.body } : {}),
      resolution: { responseKind: 'vast', ads: [], errors: [], emptyResponse: true, trace: [{ path: '0', depth: 0, outcome: 'ads_request', url: r.url, atMs: 1 }] } as never,
      plan, startedAtMs: 1, finishedAtMs: 2, clientOnlyTracking: false, newId: () => `id${n++}`,
    });
    const line = JSON.parse(formatMediaTailor(events[0] as never)[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({
      eventType: 'MAKING_ADS_REQUEST',
      eventDescription: 'Making ads request (POST, 44-character body): {"s":"3b1f9c2e-5d4a-4f0e-9a61-0c2b7d8e4f10"}',
      requestHeaders: expect.arrayContaining([{ name: 'content-type', value: 'application/json' }, { name: 'content-encoding', value: 'gzip' }]),
    });
  });
});
