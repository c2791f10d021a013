/**
 * ConfigurationAliases and domain variables (core/config/aliases; MediaTailor "Configuration
 * aliases"): critical URLs and the ad server URLs fail the init on a domain variable the session
 * cannot fill, a path variable is empty, optional fields only warn, and PUT refuses a domain
 * variable that has no alias map.
 */
import { describe, expect, it } from 'vitest';
import { applyConfigurationAliases, undefinedDomainVariable } from '../../../src/core/config/aliases.ts';
import { validatePlaybackConfiguration, type PlaybackConfiguration } from '../../../src/core/config/playback-configuration.ts';

/** MediaTailor's documented example, in our demo's terms. */
const CFG: PlaybackConfiguration = {
  Name: 'aliased',
  VideoContentSourceUrl: 'https://[player_params.origin_domain].mediapackage.[player_params.region].amazonaws.com/out/v1/[player_params.endpoint_id]',
  AdDecisionServerUrl: 'https://[player_params.ads_host]/ads?sid=[session.id]&ad_type=[player_params.ad_type]',
  CdnConfiguration: { ContentSegmentUrlPrefix: 'https://[player_params.content_cdn]/content/' },
  SlateAdUrl: 'https://[player_params.slate_domain]/slate/[player_params.slate_type].m3u8',
  Bumper: { StartUrl: 'https://cdn.example/bumpers/[player_params.brand]/start.m3u8' },
  ConfigurationAliases: {
    'player_params.origin_domain': { pdx: 'abc', iad: 'xyz' },
    'player_params.region': { pdx: 'us-west-2', iad: 'us-east-1' },
    'player_params.endpoint_id': { pdx: 'abcd', iad: 'wxyz' },
    'player_params.ads_host': { pdx: 'ads-west.example', iad: 'ads-east.example' },
    'player_params.ad_type': { customized: 'abc12345', default: 'defaultAdType' },
    'player_params.content_cdn': { pdx: 'west.cdn.example', iad: 'east.cdn.example' },
    'player_params.slate_domain': { pdx: 'slate.example' },
  },
};
const PDX = { origin_domain: 'pdx', region: 'pdx', endpoint_id: 'pdx', ads_host: 'pdx', ad_type: 'customized', content_cdn: 'pdx', slate_domain: 'pdx', slate_type: 'hd', brand: 'acme' };

describe('applyConfigurationAliases', () => {
  it('fills every URL field from the aliases; the ad server template keeps its other variables for each avail', () => {
    const r = applyConfigurationAliases(CFG, PDX);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.config).toMatchObject({
      VideoContentSourceUrl: 'https://abc.mediapackage.us-west-2.amazonaws.com/out/v1/abcd',
      AdDecisionServerUrl: 'https://ads-west.example/ads?sid=[session.id]&ad_type=abc12345',
      CdnConfiguration: { ContentSegmentUrlPrefix: 'https://west.cdn.example/content/' },
      SlateAdUrl: 'https://slate.example/slate/hd.m3u8',
      Bumper: { StartUrl: 'https://cdn.example/bumpers/acme/start.m3u8' },
    });
    expect(r.value.warnings).toEqual([]);
  });

  it('a domain alias the session does not give, or gives a value the map does not know: 400 with the reason', () => {
    const missing = applyConfigurationAliases(CFG, { ...PDX, origin_domain: undefined as unknown as string });
    expect(missing).toEqual({ ok: false, error: 'VideoContentSourceUrl cannot be built: the session gives no player parameter origin_domain' });
    const unknown = applyConfigurationAliases(CFG, { ...PDX, region: 'fra' });
    expect(unknown).toEqual({ ok: false, error: 'VideoContentSourceUrl cannot be built: "fra" is not an alias of player_params.region in ConfigurationAliases (known: pdx, iad)' });
    const ads = applyConfigurationAliases(CFG, { ...PDX, ads_host: 'elsewhere' });
    expect(ads.ok ? '' : ads.error).toMatch(/^AdDecisionServerUrl cannot be built: "elsewhere" is not an alias/);
    const cdn = applyConfigurationAliases(CFG, { ...PDX, content_cdn: 'x' });
    expect(cdn.ok ? '' : cdn.error).toMatch(/^CdnConfiguration.ContentSegmentUrlPrefix cannot be built/);
  });

  it('a path alias that cannot be filled is empty and logged (MediaTailor: empty string); so are optional fields', () => {
    const r = applyConfigurationAliases(CFG, { ...PDX, endpoint_id: 'nope', ad_type: 'other', slate_domain: 'iad' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.config.VideoContentSourceUrl).toBe('https://abc.mediapackage.us-west-2.amazonaws.com/out/v1/');
    expect(r.value.config.AdDecisionServerUrl).toBe('https://ads-west.example/ads?sid=[session.id]&ad_type=');
    expect(r.value.config.SlateAdUrl).toBe('https:///slate/hd.m3u8');
    expect(r.value.warnings).toHaveLength(3);
    expect(r.value.warnings[2]).toMatch(/^SlateAdUrl: \[player_params.slate_domain\] left empty: "iad" is not an alias/);
  });

  it('a variable without an alias map is the player value, URL-encoded, outside the ad server URL', () => {
    const r = applyConfigurationAliases({ Name: 'x', VideoContentSourceUrl: 'https://origin.example/[player_params.path]/x' }, { path: 'a b/c' });
    expect(r.ok && r.value.config.VideoContentSourceUrl).toBe('https://origin.example/a%20b%2Fc/x');
  });

  it('a leading alias names scheme and host; keys of the alias map match the player parameter whatever its case', () => {
    const cfg: PlaybackConfiguration = { Name: 'x', VideoContentSourceUrl: '[player_params.Origin]/demo/origin', ConfigurationAliases: { 'player_params.origin': { local: 'http://127.0.0.1:8787' } } };
    const r = applyConfigurationAliases(cfg, { origin: 'local' });
    expect(r.ok && r.value.config.VideoContentSourceUrl).toBe('http://127.0.0.1:8787/demo/origin');
    expect(applyConfigurationAliases(cfg, { origin: 'remote' }).ok).toBe(false);
  });

  it('an origin that is no URL once filled is refused', () => {
    const cfg: PlaybackConfiguration = { Name: 'x', VideoContentSourceUrl: '[player_params.origin]/demo', ConfigurationAliases: { 'player_params.origin': { bad: 'ftp://x' } } };
    expect(applyConfigurationAliases(cfg, { origin: 'bad' })).toEqual({ ok: false, error: 'VideoContentSourceUrl is not an http(s) URL once its player parameters are filled (ftp://x/demo)' });
  });

  it('quotes request input bounded and without control characters', () => {
    const r = applyConfigurationAliases(CFG, { ...PDX, region: `\n${'r'.repeat(500)}` });
    expect(r.ok ? '' : r.error).toContain(`"?${'r'.repeat(63)}…"`);
  });
});

describe('PutPlaybackConfiguration', () => {
  it('refuses a domain variable with no alias map; accepts the documented example', () => {
    expect(undefinedDomainVariable({ ...CFG, ConfigurationAliases: { 'player_params.region': { pdx: 'us-west-2' } } })).toBe(
      'VideoContentSourceUrl uses [player_params.origin_domain] in its host, which must be defined in ConfigurationAliases',
    );
    const r = validatePlaybackConfiguration({ ...CFG, ConfigurationAliases: {} });
    expect(r).toEqual({ ok: false, error: 'VideoContentSourceUrl uses [player_params.origin_domain] in its host, which must be defined in ConfigurationAliases' });
    expect(validatePlaybackConfiguration(CFG).ok).toBe(true);
    expect(validatePlaybackConfiguration({ Name: 'lead', VideoContentSourceUrl: '[player_params.o]/x', ConfigurationAliases: { 'player_params.o': { a: 'https://a.example' } } }).ok).toBe(true);
  });
});
