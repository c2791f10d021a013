/**
 * The AWS SDK for JavaScript (`@aws-sdk/client-mediatailor`) drives the control plane of the
 * Worker with only an endpoint and a key pair: every operation, paging with its paginator, error
 * classes, `$metadata.requestId`, and no loss between what was put and what it reads back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, json } from './helpers.ts';
import { loadSdk, mediaTailorClient, TEST_KEYS, type MediaTailorSdk } from './mediatailor-sdk.ts';

let sdk: MediaTailorSdk;
let client: Awaited<ReturnType<typeof mediaTailorClient>>;

beforeAll(async () => {
  sdk = await loadSdk();
  client = await mediaTailorClient();
});

/** Every member of PutPlaybackConfigurationRequest this SDK version knows. */
const EVERY_SDK_MEMBER = {
  Name: 'sdk-full',
  VideoContentSourceUrl: 'https://origin.example/out/v1',
  AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]&sid=[session.id]',
  SlateAdUrl: 'https://media.example/slate.mp4',
  Bumper: { StartUrl: 'https://media.example/start.mp4', EndUrl: 'https://media.example/end.mp4' },
  CdnConfiguration: { AdSegmentUrlPrefix: 'https://ads-cdn.example', ContentSegmentUrlPrefix: 'https://cdn.example/c' },
  PersonalizationThresholdSeconds: 3,
  AvailSuppression: { Mode: 'BEHIND_LIVE_EDGE' as const, Value: '00:00:10', FillPolicy: 'PARTIAL_AVAIL' as const },
  LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.example/pre', MaxDurationSeconds: 15 },
  ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } },
  ConfigurationAliases: { 'player_params.origin_domain': { pdx: 'origin-pdx.example', iad: 'origin-iad.example' } },
  DashConfiguration: { MpdLocation: 'DISABLED', OriginManifestType: 'SINGLE_PERIOD' as const },
  InsertionMode: 'PLAYER_SELECT' as const,
  TranscodeProfileName: 'edge-profile',
  AdConditioningConfiguration: { StreamingMediaFileConditioning: 'NONE' as const },
  Tags: { team: 'video', 'cost center': 'ünï' },
};

describe('@aws-sdk/client-mediatailor against the Worker', () => {
  it('puts every member, gets it back unchanged, and reads every member the wire carries', async () => {
    const put = await client.send(new sdk.PutPlaybackConfigurationCommand(EVERY_SDK_MEMBER));
    expect(put).toMatchObject(EVERY_SDK_MEMBER);
    expect(put.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(/\S/) });
    const got = await client.send(new sdk.GetPlaybackConfigurationCommand({ Name: EVERY_SDK_MEMBER.Name }));
    expect(got).toMatchObject({
      ...EVERY_SDK_MEMBER,
      PlaybackConfigurationArn: 'arn:aws:mediatailor:us-east-1:000000000000:playbackConfiguration/sdk-full',
      LogConfiguration: { PercentEnabled: 100, EnabledLoggingStrategies: ['LEGACY_CLOUDWATCH'] },
      DashConfiguration: { ...EVERY_SDK_MEMBER.DashConfiguration, ManifestEndpointPrefix: expect.stringContaining('/v1/dash/') },
      HlsConfiguration: { ManifestEndpointPrefix: expect.stringContaining('/v1/master/') },
      SessionInitializationEndpointPrefix: expect.stringContaining('/v1/session/'),
      PlaybackEndpointPrefix: 'http://127.0.0.1:8787',
    });
    // No loss: every member of the raw JSON answer is one the SDK read (tags is the JSON name of Tags).
    const raw = await json<Record<string, unknown>>(`/playbackConfiguration/${EVERY_SDK_MEMBER.Name}`, { headers: ADMIN });
    const sdkMembers = new Set(Object.keys(got));
    for (const key of Object.keys(raw.body)) expect(sdkMembers.has(key === 'tags' ? 'Tags' : key), key).toBe(true);
  });

  it('creates with only a Name, as the model allows, and deletes (204)', async () => {
    const put = await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: 'sdk-bare' }));
    expect(put).toMatchObject({ Name: 'sdk-bare', Tags: {} });
    const del = await client.send(new sdk.DeletePlaybackConfigurationCommand({ Name: 'sdk-bare' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    const gone = await client.send(new sdk.GetPlaybackConfigurationCommand({ Name: 'sdk-bare' })).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(sdk.MediaTailorServiceException);
    expect(gone).toMatchObject({ name: 'NotFoundException', message: 'playback configuration not found', $metadata: { httpStatusCode: 404, requestId: expect.stringMatching(/\S/) } });
  });

  it('lists every configuration once through the paginator, a page at a time', async () => {
    for (let i = 0; i < 5; i++) await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: `sdk-page-${i}`, VideoContentSourceUrl: 'https://o.example' }));
    const names: string[] = [];
    let pages = 0;
    for await (const page of sdk.paginateListPlaybackConfigurations({ client, pageSize: 2 }, {})) {
      pages++;
      expect(page.Items?.length ?? 0).toBeLessThanOrEqual(2);
      names.push(...(page.Items ?? []).map((i) => i.Name ?? ''));
    }
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['sdk-page-0', 'sdk-page-4', 'demo']));
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('tags, lists tags and untags by ARN', async () => {
    const { PlaybackConfigurationArn: arn } = await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: 'sdk-tags', Tags: { a: '1' } }));
    const tag = await client.send(new sdk.TagResourceCommand({ ResourceArn: arn, Tags: { b: '2', 'c d': 'ü' } }));
    expect(tag.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ a: '1', b: '2', 'c d': 'ü' });
    await client.send(new sdk.UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'c d'] }));
    expect((await client.send(new sdk.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({ b: '2' });
    // A later Put without Tags keeps them (tags are managed by TagResource).
    await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: 'sdk-tags', SlateAdUrl: 'https://s.example/slate.mp4' }));
    expect((await client.send(new sdk.GetPlaybackConfigurationCommand({ Name: 'sdk-tags' }))).Tags).toEqual({ b: '2' });
  });

  it('configures logs, and GetPlaybackConfiguration reports them', async () => {
    await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: 'sdk-logs', VideoContentSourceUrl: 'https://o.example' }));
    const out = await client.send(new sdk.ConfigureLogsForPlaybackConfigurationCommand({
      PlaybackConfigurationName: 'sdk-logs', PercentEnabled: 30, EnabledLoggingStrategies: ['VENDED_LOGS'],
      AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE'], PublishOptInEventTypes: ['RAW_ADS_RESPONSE'] },
      ManifestServiceInteractionLog: { ExcludeEventTypes: ['GENERATED_MANIFEST'] },
    }));
    expect(out).toMatchObject({ PlaybackConfigurationName: 'sdk-logs', PercentEnabled: 30, EnabledLoggingStrategies: ['VENDED_LOGS'], AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE'] } });
    const got = await client.send(new sdk.GetPlaybackConfigurationCommand({ Name: 'sdk-logs' }));
    expect(got.LogConfiguration).toEqual({
      PercentEnabled: 30, EnabledLoggingStrategies: ['VENDED_LOGS'],
      AdsInteractionLog: { ExcludeEventTypes: ['VAST_RESPONSE'], PublishOptInEventTypes: ['RAW_ADS_RESPONSE'] },
      ManifestServiceInteractionLog: { ExcludeEventTypes: ['GENERATED_MANIFEST'] },
    });
  });

  it('raises BadRequestException with the message and the request id', async () => {
    const e = await client.send(new sdk.PutPlaybackConfigurationCommand({ Name: 'x', VideoContentSourceUrl: 'ftp://nope' })).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(sdk.BadRequestException);
    // The body carries the model's `Message` (and `message`); SDK v3 folds it into `message`.
    expect(e).toMatchObject({ name: 'BadRequestException', message: 'VideoContentSourceUrl must be an http(s) URL', $fault: 'client' });
    expect((e as { $metadata: { requestId?: string } }).$metadata.requestId).toMatch(/\S/);
  });

  it('accepts the second key (rotation) and refuses a wrong secret, an unknown key and a skewed clock with AWS error names', async () => {
    const second = await mediaTailorClient(TEST_KEYS.second, 'ap-southeast-2');
    expect((await second.send(new sdk.ListPlaybackConfigurationsCommand({ MaxResults: 1 }))).$metadata.httpStatusCode).toBe(200);
    const cases = [
      [await mediaTailorClient({ ...TEST_KEYS.first, secretAccessKey: 'wrong' }), 'InvalidSignatureException'],
      [await mediaTailorClient({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' }), 'UnrecognizedClientException'],
    ] as const;
    for (const [c, name] of cases) {
      const e = await c.send(new sdk.ListPlaybackConfigurationsCommand({})).catch((err: unknown) => err);
      expect(e).toMatchObject({ name, $metadata: { httpStatusCode: 403 } });
    }
    const skewed = await mediaTailorClient();
    skewed.config.systemClockOffset = -20 * 60 * 1000;
    const e = await skewed.send(new sdk.ListPlaybackConfigurationsCommand({})).catch((err: unknown) => err);
    expect(e).toMatchObject({ name: 'InvalidSignatureException', message: expect.stringMatching(/^Signature expired: /) });
  });
});
