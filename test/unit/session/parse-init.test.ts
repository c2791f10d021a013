import { describe, expect, it } from 'vitest';
import { parseInitBody, parseInitQuery } from '../../../src/core/session/parse-init.ts';

describe('parseInitBody (seed 000)', () => {
  it('accepts an empty body', () => {
    expect(parseInitBody('')).toMatchObject({ ok: true, value: { playerParams: {}, originParams: [], manifestParams: [] } });
    expect(parseInitBody('  \n')).toMatchObject({ ok: true });
  });
  it('routes adsParams (keys case-insensitive), manifestParams, features and origin params', () => {
    const r = parseInitBody(JSON.stringify({
      adsParams: { DeviceType: 'ipad', uid: 'abc', n: 5 },
      playerParams: { origin_domain: 'pdx', uid: 'from-player' },
      manifestParams: { auth_token: 'abc123' },
      overlayAvails: 'off',
      reportingMode: 'server',
      availSuppression: { mode: 'BEHIND_LIVE_EDGE', value: '00:00:21', fillPolicy: 'PARTIAL_AVAIL' },
      adSignaling: { enabled: 'true' },
      origin_access_token: 'tok',
      start: 42,
    }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.playerParams).toEqual({ devicetype: 'ipad', uid: 'abc', n: '5', origin_domain: 'pdx' });
    expect(r.value.manifestParams).toEqual([['auth_token', 'abc123']]);
    expect(r.value.originParams).toEqual([['origin_access_token', 'tok'], ['start', '42']]);
    expect(r.value.reportingMode).toBe('server');
    expect(r.value.features).toMatchObject({ overlayAvails: false, adSignaling: true, availSuppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:21', FillPolicy: 'PARTIAL_AVAIL' } });
  });
  it('treats reserved keys case-sensitively: AdsParams is an origin parameter, and an object there is refused', () => {
    expect(parseInitBody('{"AdsParams":{"a":"b"}}')).toMatchObject({ ok: false });
    expect(parseInitBody('{"OverlayAvails":"on"}')).toMatchObject({ ok: true, value: { originParams: [['OverlayAvails', 'on']] } });
  });
  it.each([
    ['malformed JSON', '{"adsParams":'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
    ['adsParams not an object', '{"adsParams":"x"}'],
    ['a nested value in adsParams', '{"adsParams":{"a":{"b":1}}}'],
    ['bad reportingMode', '{"reportingMode":"both"}'],
    ['bad logMode', '{"logMode":"verbose"}'],
  ])('refuses %s', (_n, body) => expect(parseInitBody(body).ok).toBe(false));
  it('defaults invalid optional features with a warning', () => {
    const r = parseInitBody('{"overlayAvails":"maybe"}');
    expect(r).toMatchObject({ ok: true, value: { features: {} } });
    expect(r.ok && r.value.warnings.length).toBe(1);
    for (const body of ['{"adSignaling":{"enabled":"yes"}}', '{"adSignaling":"true"}', '{"adSignaling":{}}', '{"preroll":"never"}']) {
      const x = parseInitBody(body);
      expect(x, body).toMatchObject({ ok: true, value: { features: {} } });
      expect(x.ok && x.value.warnings.length, body).toBe(1);
    }
  });
  it('refuses a startTime that is not a date-time, and a streamId over 256 characters', () => {
    expect(parseInitBody('{"startTime":"yesterday"}')).toMatchObject({ ok: false });
    expect(parseInitBody('{"startTime":42}')).toMatchObject({ ok: false });
    expect(parseInitBody(JSON.stringify({ streamId: 'x'.repeat(257) }))).toMatchObject({ ok: false });
    expect(parseInitBody('{"startTime":"2026-06-17T10:00:00Z","streamId":"s1"}')).toMatchObject({ ok: true, value: { features: { startTime: '2026-06-17T10:00:00Z', streamId: 's1' } } });
  });
  it('bounds parameter counts and lengths (contracts §2.2)', () => {
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expect(parseInitBody(JSON.stringify({ adsParams: many }))).toMatchObject({ ok: false });
    expect(parseInitBody(JSON.stringify({ adsParams: { k: 'x'.repeat(25_001) } }))).toMatchObject({ ok: false });
    expect(parseInitBody(JSON.stringify({ manifestParams: { k: 'x'.repeat(2_001) } }))).toMatchObject({ ok: false });
  });
});

describe('parseInitQuery (contracts §2.2)', () => {
  it('routes the namespaces', () => {
    const r = parseInitQuery(new URLSearchParams('ads.deviceType=ipad&playerParams.region=eu&manifest.token=t1&manifestParams.b=2&aws.logMode=DEBUG&aws.availSuppressionMode=OFF&aws.sessionId=x&start=10&aws.unknown=1'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.playerParams).toEqual({ devicetype: 'ipad', region: 'eu' });
    expect(r.value.manifestParams).toEqual([['token', 't1'], ['b', '2']]);
    expect(r.value.originParams).toEqual([['start', '10']]);
    expect(r.value.features).toMatchObject({ logMode: 'DEBUG', availSuppression: { Mode: 'OFF' } });
    expect(r.value.warnings).toEqual(['aws.unknown ignored: unknown service variable']);
  });
  it('fails on an invalid aws.logMode but only warns on other invalid aws values', () => {
    expect(parseInitQuery(new URLSearchParams('aws.logMode=LOUD')).ok).toBe(false);
    expect(parseInitQuery(new URLSearchParams('aws.availSuppressionMode=SOMETIMES')).ok).toBe(true);
    const r = parseInitQuery(new URLSearchParams('aws.adSignalingEnabled=yes&aws.overlayAvails=maybe&aws.startTime=soon&aws.streamId=' + 'x'.repeat(257)));
    expect(r).toMatchObject({ ok: true, value: { features: {} } });
    expect(r.ok && r.value.warnings.length).toBe(4);
  });
  it('reads aws.overlayAvails and aws.preroll case-insensitively, aws.adSignalingEnabled and aws.startTime', () => {
    const r = parseInitQuery(new URLSearchParams('aws.overlayAvails=OFF&aws.preroll=Disabled&aws.adSignalingEnabled=true&aws.startTime=2026-06-17T10:00:00Z&aws.streamId=s1'));
    expect(r).toMatchObject({ ok: true, value: { features: { overlayAvails: false, preroll: false, adSignaling: true, startTime: '2026-06-17T10:00:00Z', streamId: 's1' }, warnings: [] } });
  });
  it('decodes values once (double-encode to send an encoded value)', () => {
    const r = parseInitQuery(new URLSearchParams('ads.url=https%253A%252F%252Fx'));
    expect(r.ok && r.value.playerParams['url']).toBe('https%3A%2F%2Fx');
  });
});
