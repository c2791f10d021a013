import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mergeOnPut, playableConfiguration, resolveSelfOrigin, upgradeStoredConfiguration, validatePlaybackConfiguration,
  type StoredPlaybackConfiguration,
} from '../../../src/core/config/playback-configuration.ts';

import { EVERY_PUT_MEMBER, MIN } from '../../helpers/mediatailor-configs.ts';

describe('validatePlaybackConfiguration (AWS MediaTailor API model)', () => {
  it('accepts every member of the model and stores it as sent', () => {
    expect(validatePlaybackConfiguration(EVERY_PUT_MEMBER)).toEqual({ ok: true, value: { config: EVERY_PUT_MEMBER, unknownFields: [] } });
  });
  it('requires only Name, as the model does', () => {
    expect(validatePlaybackConfiguration({ Name: 'bare' })).toEqual({ ok: true, value: { config: { Name: 'bare' }, unknownFields: [] } });
  });
  it('accepts names the model allows that are URL-safe once encoded', () => {
    for (const Name of ['a.b', 'with space', 'ünï', 'x:y', '50%', 'a'.repeat(512)]) expect(validatePlaybackConfiguration({ Name }).ok).toBe(true);
  });
  it('takes the legacy spellings Tags and CompressionMethod and stores the model names', () => {
    const r = validatePlaybackConfiguration({ ...MIN, Tags: { a: 'b' }, AdDecisionServerConfiguration: { HttpRequest: { CompressionMethod: 'NONE' } } });
    expect(r).toEqual({ ok: true, value: { config: { ...MIN, tags: { a: 'b' }, AdDecisionServerConfiguration: { HttpRequest: { CompressRequest: 'NONE' } } }, unknownFields: [] } });
    expect(validatePlaybackConfiguration({ ...MIN, Tags: {}, tags: {} })).toMatchObject({ ok: false, error: 'tags: give either Tags or tags, not both' });
  });
  it('ignores read-only fields sent back from a GET', () => {
    const r = validatePlaybackConfiguration({ ...MIN, PlaybackConfigurationArn: 'arn', HlsConfiguration: { ManifestEndpointPrefix: 'x' } });
    expect(r).toEqual({ ok: true, value: { config: { ...MIN, HlsConfiguration: {} }, unknownFields: [] } });
  });
  it('keeps and reports members of a newer model, at any depth', () => {
    const body = { ...MIN, YieldOptimizationConfiguration: { Enabled: true }, CdnConfiguration: { AdSegmentUrlPrefix: '/ads', NewPrefix: 'x' } };
    const r = validatePlaybackConfiguration(body);
    expect(r).toEqual({ ok: true, value: { config: body, unknownFields: ['YieldOptimizationConfiguration', 'CdnConfiguration.NewPrefix'] } });
  });
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'not-an-identifier', '1abc'])(
    'refuses the structure member name %s (issue 9: it answered 500)',
    (key) => {
      const body = JSON.parse(`{"Name":"x",${JSON.stringify(key)}:{"a":1}}`);
      expect(validatePlaybackConfiguration(body)).toEqual({ ok: false, error: `${JSON.stringify(key)} is not a valid field name` });
      const nested = JSON.parse(`{"Name":"x","CdnConfiguration":{${JSON.stringify(key)}:"v"}}`);
      expect(validatePlaybackConfiguration(nested)).toMatchObject({ ok: false, error: `${JSON.stringify(`CdnConfiguration.${key}`)} is not a valid field name` });
    },
  );
  it('keeps map keys like __proto__ as ordinary own keys, without touching any prototype', () => {
    const body = JSON.parse('{"Name":"x","tags":{"__proto__":"p","constructor":"c","toString":"t"},"ConfigurationAliases":{"player_params.a":{"__proto__":"v"}}}');
    const r = validatePlaybackConfiguration(body);
    expect(r.ok).toBe(true);
    const cfg = r.ok ? r.value.config : undefined;
    expect(Object.getPrototypeOf(cfg?.tags)).toBe(Object.prototype);
    expect(Object.keys(cfg?.tags ?? {})).toEqual(['__proto__', 'constructor', 'toString']);
    expect(JSON.parse(JSON.stringify(cfg))).toEqual(body);
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });
  it.each([
    [{ ...MIN, Name: 'a/b' }, 'Name must not contain "/"'],
    [{ ...MIN, Name: '..' }, 'Name must not contain'],
    [{ ...MIN, Name: 'tab\there' }, 'Name must not contain'],
    [{ ...MIN, Name: 'a'.repeat(513) }, 'Name must be at most 512 characters'],
    [{ VideoContentSourceUrl: 'https://a' }, 'Name is required'],
    [{ ...MIN, VideoContentSourceUrl: 'ftp://x' }, 'VideoContentSourceUrl must be an http(s) URL'],
    [{ ...MIN, CdnConfiguration: { AdSegmentUrlPrefix: 'cdn.example.com' } }, 'CdnConfiguration.AdSegmentUrlPrefix must be an http(s) URL or a path starting with /'],
    [{ ...MIN, CdnConfiguration: { ContentSegmentUrlPrefix: '//cdn.example' } }, 'CdnConfiguration.ContentSegmentUrlPrefix must be'],
    [{ ...MIN, PersonalizationThresholdSeconds: 0 }, 'PersonalizationThresholdSeconds must be at least 1'],
    [{ ...MIN, AvailSuppression: { Mode: 'SOMETIMES' } }, 'AvailSuppression.Mode must be one of'],
    [{ ...MIN, AvailSuppression: { Value: '10s' } }, 'AvailSuppression.Value must be HH:MM:SS'],
    [{ ...MIN, AdDecisionServerConfiguration: { HttpRequest: { CompressRequest: 'BROTLI' } } }, 'AdDecisionServerConfiguration.HttpRequest.CompressRequest must be one of NONE, GZIP'],
    [{ ...MIN, AdDecisionServerConfiguration: { HttpRequest: { Headers: { 'bad header': 'x' } } } }, 'Headers key "bad header" is not valid'],
    [{ ...MIN, LogConfiguration: { PercentEnabled: 101 } }, 'LogConfiguration.PercentEnabled must be at most 100'],
    [{ ...MIN, tags: { k: 1 } }, 'tags.k must be a string'],
    [[], 'the request body must be an object'],
    ['x', 'the request body must be an object'],
  ])('refuses %j', (body, message) => {
    const r = validatePlaybackConfiguration(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
  it('the checked-in seed files are valid and use no unknown field', () => {
    for (const file of ['config/playback-configurations.json', 'demo/demo-configurations.json']) {
      const seed: unknown[] = JSON.parse(readFileSync(file, 'utf8'));
      for (const c of seed) expect(validatePlaybackConfiguration(c)).toMatchObject({ ok: true, value: { unknownFields: [] } });
    }
  });
});

describe('stored configurations', () => {
  it('a configuration without VideoContentSourceUrl is stored but not playable, with a message saying why', () => {
    expect(playableConfiguration({ Name: 'bare' })).toEqual({
      ok: false,
      error: 'playback configuration bare has no VideoContentSourceUrl, so there is no origin to play; set it with PutPlaybackConfiguration',
    });
    expect(playableConfiguration(MIN)).toEqual({ ok: true, value: MIN });
  });
  it('rows of earlier releases are read in the model names', () => {
    const legacy = { ...MIN, Tags: { a: 'b' }, AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', CompressionMethod: 'GZIP' } } } as unknown as StoredPlaybackConfiguration;
    expect(upgradeStoredConfiguration(legacy)).toEqual({ ...MIN, tags: { a: 'b' }, AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', CompressRequest: 'GZIP' } } });
    expect(upgradeStoredConfiguration(MIN)).toBe(MIN);
  });
  it('a PUT without LogConfiguration or tags keeps those of the previous version, and replaces everything else', () => {
    const previous = { ...MIN, SlateAdUrl: 'https://s', LogConfiguration: { PercentEnabled: 5 }, tags: { a: 'b' } };
    expect(mergeOnPut(previous, { Name: 'cfg' })).toEqual({ Name: 'cfg', LogConfiguration: { PercentEnabled: 5 }, tags: { a: 'b' } });
    expect(mergeOnPut(previous, { Name: 'cfg', tags: {} })).toEqual({ Name: 'cfg', LogConfiguration: { PercentEnabled: 5 }, tags: {} });
    expect(mergeOnPut(undefined, MIN)).toBe(MIN);
  });
  it('resolves the {{self}} placeholder', () => {
    const cfg = { ...MIN, VideoContentSourceUrl: '{{self}}/demo/origin' };
    expect(validatePlaybackConfiguration(cfg).ok).toBe(true);
    expect(resolveSelfOrigin(cfg, 'http://127.0.0.1:8787').VideoContentSourceUrl).toBe('http://127.0.0.1:8787/demo/origin');
  });
});
