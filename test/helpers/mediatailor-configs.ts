/**
 * Playback configuration bodies shared by the unit, worker and end-to-end tests of the control
 * plane: the smallest playable one, and one with every member of the current AWS MediaTailor
 * model's PutPlaybackConfigurationRequest, in its wire (JSON) names.
 */
export const MIN = { Name: 'cfg', VideoContentSourceUrl: 'https://origin.example/out', AdDecisionServerUrl: 'https://ads.example/vast?sid=[session.id]' };

/** Every member of PutPlaybackConfigurationRequest in the current AWS MediaTailor model, on the wire. */
export const EVERY_PUT_MEMBER = {
  ...MIN,
  AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: '{"a":1}', Headers: { 'X-Api-Key': 'k' }, CompressRequest: 'GZIP' } },
  SlateAdUrl: 'https://media.example/slate.mp4',
  Bumper: { StartUrl: 'https://media.example/b.mp4', EndUrl: 'https://media.example/e.mp4' },
  CdnConfiguration: { AdSegmentUrlPrefix: 'https://ads-cdn.example', ContentSegmentUrlPrefix: '/content' },
  PersonalizationThresholdSeconds: 2,
  AvailSuppression: { Mode: 'BEHIND_LIVE_EDGE', Value: '00:00:10', FillPolicy: 'PARTIAL_AVAIL' },
  LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.example/pre', MaxDurationSeconds: 30 },
  ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } },
  ConfigurationAliases: { 'player_params.origin_domain': { pdx: 'origin-pdx.example' } },
  DashConfiguration: { MpdLocation: 'DISABLED', OriginManifestType: 'SINGLE_PERIOD' },
  InsertionMode: 'PLAYER_SELECT',
  TranscodeProfileName: 'profile',
  AdConditioningConfiguration: { StreamingMediaFileConditioning: 'NONE' },
  FunctionMapping: { PRE_ADS_REQUEST: 'fn-1' },
  tags: { team: 'video' },
};

