/** The control plane's pure pieces: ARNs, list tokens, the GET shape, ConfigureLogs, tags. */
import { describe, expect, it } from 'vitest';
import { arnScopeOf, configurationNameOfArn, playbackConfigurationArn } from '../../../src/core/config/arn.ts';
import { applyLogConfiguration, configureLogsResponse, validateConfigureLogs } from '../../../src/core/config/configure-logs.ts';
import { describePlaybackConfiguration } from '../../../src/core/config/describe.ts';
import { decodeListToken, encodeListToken } from '../../../src/core/config/list-token.ts';
import { validateTagKeys, validateTagResource, withoutTags, withTags } from '../../../src/core/config/tags.ts';
import { MIN } from '../../helpers/mediatailor-configs.ts';

const SCOPE = { partition: 'aws', region: 'eu-west-1', awsAccountId: '123456789012' };

describe('ARNs', () => {
  it('are AWS-shaped, from AWS_REGION / AWS_ACCOUNT_ID or their defaults', () => {
    expect(arnScopeOf({})).toEqual({ ok: true, value: { partition: 'aws', region: 'us-east-1', awsAccountId: '000000000000' } });
    expect(arnScopeOf({ AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '123456789012' })).toEqual({ ok: true, value: SCOPE });
    expect(arnScopeOf({ AWS_ACCOUNT_ID: '12345' })).toEqual({ ok: false, error: 'the AWS_ACCOUNT_ID variable must be 12 digits' });
    expect(arnScopeOf({ AWS_REGION: 'EU West' }).ok).toBe(false);
    expect(playbackConfigurationArn(SCOPE, 'news')).toBe('arn:aws:mediatailor:eu-west-1:123456789012:playbackConfiguration/news');
  });
  it('name their configuration, whatever the region, and refuse other resources and accounts', () => {
    expect(configurationNameOfArn(SCOPE, 'arn:aws:mediatailor:us-west-2:123456789012:playbackConfiguration/a:b c')).toEqual({ ok: true, value: 'a:b c' });
    expect(configurationNameOfArn(SCOPE, 'arn:aws:mediatailor:eu-west-1:999999999999:playbackConfiguration/x')).toMatchObject({ ok: false, error: { kind: 'elsewhere' } });
    for (const arn of ['news', 'arn:aws:s3:::bucket', 'arn:aws:mediatailor:eu-west-1:123456789012:channel/x', 'arn:aws:mediatailor:eu-west-1:123456789012:playbackConfiguration/']) {
      expect(configurationNameOfArn(SCOPE, arn)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    }
  });
});

describe('list tokens', () => {
  it('round-trip any name and are URL-safe', () => {
    for (const name of ['a', 'with space', 'ünï/%', 'x'.repeat(512)]) {
      const token = encodeListToken(name);
      expect(token).toMatch(/^p1\.[A-Za-z0-9_-]+$/);
      expect(decodeListToken(token)).toEqual({ ok: true, value: name });
    }
  });
  it('refuse tokens this service did not issue', () => {
    for (const t of ['a1', 'p1.', 'p1.***', 'p1./w', `p1.${btoa('\xff\xfe')}`]) expect(decodeListToken(t).ok).toBe(false);
  });
});

describe('describePlaybackConfiguration', () => {
  const ctx = { requestOrigin: 'https://ssai.example', accountId: 'acct1', arnScope: SCOPE };
  it('adds the read-only members, tags and the log configuration defaults', () => {
    expect(describePlaybackConfiguration({ ...MIN, Name: 'my cfg' }, ctx)).toEqual({
      ...MIN,
      Name: 'my cfg',
      AvailSuppression: { Mode: 'OFF' },
      Bumper: {},
      CdnConfiguration: {},
      LivePreRollConfiguration: {},
      ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: false } },
      tags: {},
      LogConfiguration: { PercentEnabled: 100, EnabledLoggingStrategies: ['LEGACY_CLOUDWATCH'] },
      PlaybackConfigurationArn: 'arn:aws:mediatailor:eu-west-1:123456789012:playbackConfiguration/my cfg',
      PlaybackEndpointPrefix: 'https://ssai.example',
      SessionInitializationEndpointPrefix: 'https://ssai.example/v1/session/acct1/my%20cfg/',
      HlsConfiguration: { ManifestEndpointPrefix: 'https://ssai.example/v1/master/acct1/my%20cfg/' },
      DashConfiguration: { MpdLocation: 'EMT_DEFAULT', OriginManifestType: 'MULTI_PERIOD', ManifestEndpointPrefix: 'https://ssai.example/v1/dash/acct1/my%20cfg/' },
    });
  });
  it('keeps what was set inside the structures it fills', () => {
    const d = describePlaybackConfiguration({ ...MIN, AvailSuppression: { Value: '00:00:05' }, ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } } }, ctx);
    expect(d).toMatchObject({ AvailSuppression: { Mode: 'OFF', Value: '00:00:05' }, ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } } });
  });
  it('returns members of a newer model that were stored', () => {
    expect(describePlaybackConfiguration({ Name: 'n', NewThing: { A: 1 } } as never, ctx)).toMatchObject({ NewThing: { A: 1 } });
  });
});

describe('ConfigureLogsForPlaybackConfiguration', () => {
  it('validates the request as the model does', () => {
    expect(validateConfigureLogs({ PlaybackConfigurationName: 'n', PercentEnabled: 10, EnabledLoggingStrategies: ['VENDED_LOGS'], AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE'] } })).toEqual({
      ok: true,
      value: { name: 'n', log: { PercentEnabled: 10, EnabledLoggingStrategies: ['VENDED_LOGS'], AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE'] } }, unknownFields: [] },
    });
    expect(validateConfigureLogs({ PercentEnabled: 10 })).toEqual({ ok: false, error: 'PlaybackConfigurationName is required' });
    expect(validateConfigureLogs({ PlaybackConfigurationName: 'n' })).toEqual({ ok: false, error: 'PercentEnabled is required' });
    expect(validateConfigureLogs({ PlaybackConfigurationName: 'n', PercentEnabled: 101 }).ok).toBe(false);
    expect(validateConfigureLogs({ PlaybackConfigurationName: 'n', PercentEnabled: 1, EnabledLoggingStrategies: ['S3'] }).ok).toBe(false);
    expect(validateConfigureLogs({ PlaybackConfigurationName: 'n', PercentEnabled: 1, Later: true })).toMatchObject({ ok: true, value: { unknownFields: ['Later'] } });
  });
  it('replaces the model members and keeps the edge-ssai extension members', () => {
    const cfg = { ...MIN, LogConfiguration: { PercentEnabled: 50, EnabledLoggingStrategies: ['VENDED_LOGS'], AdLogFormats: ['uplynk' as const], AdLogGzip: true } };
    const next = applyLogConfiguration(cfg, { PercentEnabled: 0 });
    expect(next.LogConfiguration).toEqual({ PercentEnabled: 0, AdLogFormats: ['uplynk'], AdLogGzip: true });
    expect(configureLogsResponse(next)).toEqual({ PlaybackConfigurationName: 'cfg', PercentEnabled: 0, EnabledLoggingStrategies: ['LEGACY_CLOUDWATCH'] });
  });
});

describe('tags', () => {
  it('TagResource takes tags (or Tags), required', () => {
    expect(validateTagResource({ tags: { a: 'b' } })).toEqual({ ok: true, value: { tags: { a: 'b' }, unknownFields: [] } });
    expect(validateTagResource({ Tags: { a: 'b' } })).toEqual({ ok: true, value: { tags: { a: 'b' }, unknownFields: [] } });
    expect(validateTagResource({})).toEqual({ ok: false, error: 'tags is required' });
    expect(validateTagResource({ tags: { a: 1 } }).ok).toBe(false);
  });
  it('merge, overwrite, remove, and stop at 50', () => {
    const cfg = { ...MIN, tags: { a: '1', b: '2' } };
    expect(withTags(cfg, { b: '3', c: '4' })).toEqual({ ok: true, value: { ...MIN, tags: { a: '1', b: '3', c: '4' } } });
    expect(withoutTags(cfg, ['a', 'missing'])).toEqual({ ...MIN, tags: { b: '2' } });
    const many = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    expect(withTags({ ...MIN, tags: many }, { x: '1', y: '2' })).toEqual({ ok: false, error: 'a resource can have at most 50 tags; this request would leave 51' });
    expect(validateTagKeys([])).toMatchObject({ ok: false });
    expect(validateTagKeys(['a'])).toEqual({ ok: true, value: ['a'] });
  });
  it('__proto__ is an ordinary tag key', () => {
    const tagged = withTags(MIN, JSON.parse('{"__proto__":"x"}'));
    expect(tagged.ok && Object.keys(tagged.value.tags ?? {})).toEqual(['__proto__']);
    expect(tagged.ok && withoutTags(tagged.value, ['__proto__']).tags).toEqual({});
  });
});
