import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describePlaybackConfiguration, resolveSelfOrigin, validatePlaybackConfiguration } from '../../../src/core/config/playback-configuration.ts';

const MIN = { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example/out', AdDecisionServerUrl: 'https://ads.example/vast?sid=[session.id]' };

describe('validatePlaybackConfiguration (contracts §6.8)', () => {
  it('accepts the MediaTailor fields', () => {
    const full = {
      ...MIN,
      SlateAdUrl: 'https://media.example/slate.mp4',
      CdnConfiguration: { AdSegmentUrlPrefix: 'https://ads-cdn.example', ContentSegmentUrlPrefix: 'https://cdn.example/c' },
      PersonalizationThresholdSeconds: 2,
      AvailSuppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:10', FillPolicy: 'PARTIAL_AVAIL' },
      ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } },
      LogConfiguration: { PercentEnabled: 50 },
      Tags: { team: 'video' },
      Bumper: { StartUrl: 'https://media.example/b.mp4' },
      LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.example/pre', MaxDurationSeconds: 30 },
      ConfigurationAliases: { 'player_params.origin_domain': { pdx: 'origin-pdx.example' } },
      DashConfiguration: { MpdLocation: 'DISABLED', OriginManifestType: 'SINGLE_PERIOD' },
    };
    const r = validatePlaybackConfiguration(full);
    expect(r).toEqual({ ok: true, value: full });
  });
  it('ignores read-only fields sent back from a GET', () => {
    const r = validatePlaybackConfiguration({ ...MIN, PlaybackConfigurationArn: 'arn', HlsConfiguration: { ManifestEndpointPrefix: 'x' } });
    expect(r).toEqual({ ok: true, value: { ...MIN, HlsConfiguration: {} } });
  });
  it.each([
    [{ ...MIN, Unknown: 1 }, 'Unknown is not a known field'],
    [{ ...MIN, CdnConfiguration: { Typo: 'x' } }, 'CdnConfiguration.Typo is not a known field'],
    [{ ...MIN, Name: 'bad name' }, 'Name must be'],
    [{ ...MIN, VideoContentSourceUrl: 'ftp://x' }, 'VideoContentSourceUrl must be an http(s) URL'],
    [{ ...MIN, PersonalizationThresholdSeconds: 0 }, 'PersonalizationThresholdSeconds must be at least 1'],
    [{ ...MIN, AvailSuppression: { Mode: 'SOMETIMES' } }, 'AvailSuppression.Mode must be one of'],
    [{ ...MIN, AvailSuppression: { Value: '10s' } }, 'AvailSuppression.Value must be HH:MM:SS'],
    [{ ...MIN, LogConfiguration: { PercentEnabled: 101 } }, 'LogConfiguration.PercentEnabled must be at most 100'],
    [{ Name: 'x', AdDecisionServerUrl: 'https://a' }, 'VideoContentSourceUrl is required'],
    [[], 'must be an object'],
  ])('refuses %j', (body, message) => {
    const r = validatePlaybackConfiguration(body);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
  });
  it('describes endpoint prefixes from the request origin', () => {
    const d = describePlaybackConfiguration(MIN, 'https://ssai.example', 'acct1');
    expect(d).toMatchObject({
      SessionInitializationEndpointPrefix: 'https://ssai.example/v1/session/acct1/cfg/',
      HlsConfiguration: { ManifestEndpointPrefix: 'https://ssai.example/v1/master/acct1/cfg/' },
      DashConfiguration: { ManifestEndpointPrefix: 'https://ssai.example/v1/dash/acct1/cfg/' },
      LogConfiguration: { PercentEnabled: 100 },
    });
  });
  it('resolves the {{self}} placeholder', () => {
    const cfg = { ...MIN, VideoContentSourceUrl: '{{self}}/demo/origin' };
    expect(validatePlaybackConfiguration(cfg).ok).toBe(true);
    expect(resolveSelfOrigin(cfg, 'http://127.0.0.1:8787').VideoContentSourceUrl).toBe('http://127.0.0.1:8787/demo/origin');
  });
  it('the checked-in seed files are valid', () => {
    for (const file of ['config/playback-configurations.json', 'demo/demo-configurations.json']) {
      const seed: unknown[] = JSON.parse(readFileSync(file, 'utf8'));
      for (const c of seed) expect(validatePlaybackConfiguration(c)).toMatchObject({ ok: true });
    }
  });
});
