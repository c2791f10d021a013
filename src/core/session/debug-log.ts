/**
 * @module core/session/debug-log
 * Debug log mode of a session (`aws.logMode=DEBUG`, `"logMode": "DEBUG"`; docs/ad-logs.md "Debug log mode"): its ad
 * logs are written whatever `PercentEnabled` samples, and its manifest requests also write
 * MediaTailor's debug events (core/logs/events-debug) with the origin's manifest, the generated
 * one and the tracking JSON. A session not in debug mode gets no debug events. Unlike MediaTailor
 * there is no cap on how many sessions may be in debug mode at once. Pure: ids and time come in.
 */
import type { AdLogSettings } from '../logs/log-config.ts';
import { resolveAdLogSettings } from '../logs/log-config.ts';
import type { ManifestDebugEvent, ManifestDebugType } from '../logs/events-debug.ts';
import type { Result } from '../result.ts';
import { ok } from '../result.ts';
import type { SessionRecord } from './session-record.ts';
import type { SessionState } from './state.ts';
import { dashPath, masterPath, trackingPath } from './urls.ts';
import { appendQuery } from '../url/query.ts';

/** A debug event's `responseBody` bound: a manifest of a few thousand segments fits whole. */
export const MAX_DEBUG_BODY_CHARS = 128 * 1024;

export const isDebugSession = (record: SessionRecord): boolean => record.params.features.logMode === 'DEBUG';

/** The ad-log settings of a session: its configuration's, every session logged in debug mode. */
export function sessionLogSettings(record: SessionRecord): Result<AdLogSettings, string> {
  const settings = resolveAdLogSettings(record.config.LogConfiguration);
  if (!settings.ok || !isDebugSession(record)) return settings;
  return ok({ ...settings.value, percentEnabled: 100 });
}

/** The playback path of a request of the session, as MediaTailor's `mediaTailorPath` shows it. */
export type DebugRequest =
  | { readonly route: 'session' }
  | { readonly route: 'multivariant' }
  | { readonly route: 'media'; readonly index: number }
  | { readonly route: 'mpd' }
  | { readonly route: 'tracking' };

function playbackPath(r: SessionRecord, req: DebugRequest): string {
  switch (req.route) {
    case 'session':
      return `/v1/session/${encodeURIComponent(r.accountId)}/${encodeURIComponent(r.configName)}/${r.assetPath}`;
    case 'multivariant':
      return appendQuery(masterPath(r.accountId, r.configName, r.assetPath), [['aws.sessionId', r.sessionId], ...r.params.manifestParams]);
    case 'media':
      return appendQuery(`/v1/manifest/${encodeURIComponent(r.accountId)}/${encodeURIComponent(r.configName)}/${r.sessionId}/${req.index}.m3u8`, r.params.manifestParams);
    case 'mpd':
      return appendQuery(dashPath(r.accountId, r.configName, r.assetPath), [['aws.sessionId', r.sessionId], ...r.params.manifestParams]);
    case 'tracking':
      return trackingPath(r.accountId, r.configName, r.sessionId, r.params.manifestParams);
  }
}

export interface DebugFields {
  readonly request: DebugRequest;
  readonly originRequestUrl?: string;
  readonly responseBody?: string;
}

const DESCRIPTIONS: Readonly<Record<ManifestDebugType, string>> = {
  SESSION_INITIALIZED: 'Session initialized',
  ORIGIN_MANIFEST: 'Origin manifest received',
  GENERATED_MANIFEST: 'Manifest generated',
  TRACKING_RESPONSE: 'Tracking response generated',
};

/** The debug event of `type`, or none when the session is not in debug mode. */
export function debugLogEvents(state: SessionState, type: ManifestDebugType, f: DebugFields, ctx: { readonly nowMs: number; readonly newId: () => string }): ManifestDebugEvent[] {
  const r = state.record;
  if (!isDebugSession(r)) return [];
  const body = f.responseBody;
  return [{
    kind: 'manifest-debug',
    eventId: ctx.newId(),
    timestampMs: ctx.nowMs,
    sessionId: r.sessionId,
    sessionType: r.sessionType,
    configName: r.configName,
    accountId: r.accountId,
    requestId: ctx.newId(),
    assetId: r.assetPath,
    playbackMode: state.ledger.vod || state.dash?.vod ? 'vod' : 'live',
    debugType: type,
    description: DESCRIPTIONS[type],
    ...(f.originRequestUrl !== undefined ? { originRequestUrl: f.originRequestUrl } : {}),
    mediaTailorPath: playbackPath(r, f.request),
    ...(body !== undefined ? { responseBody: body.slice(0, MAX_DEBUG_BODY_CHARS), ...(body.length > MAX_DEBUG_BODY_CHARS ? { responseBodyTruncated: true } : {}) } : {}),
  }];
}
