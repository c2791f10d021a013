/**
 * @module core/logs/format-debug
 * The `mediatailor` line of a debug log event (core/logs/events-debug): MediaTailor's manifest
 * service log fields (docs/ad-logs.md "Debug log mode": `awsAccountId, customerId, eventTimestamp,
 * eventType, originRequestUrl, mediaTailorPath, requestId, responseBody, sessionId,
 * sessionType`), plus `originId` and `eventDescription` as every line of the stream has them.
 * These types are not in the seed 002 ADS-log schema: they belong to MediaTailor's
 * ManifestService log, which has no published schema. Pure.
 */
import type { ManifestDebugEvent } from './events-debug.ts';
import { jsonLine } from './json-line.ts';
import { isoMillis } from './time-format.ts';

export function formatManifestDebug(e: ManifestDebugEvent): string {
  return jsonLine([
    ['awsAccountId', e.accountId],
    // The {acct} path segment is MediaTailor's hashed account id, as in the ADS lines.
    ['customerId', e.accountId],
    ['eventTimestamp', isoMillis(e.timestampMs)],
    ['eventType', e.debugType],
    ['eventDescription', e.description],
    ['originId', e.configName],
    ['originRequestUrl', e.originRequestUrl],
    ['mediaTailorPath', e.mediaTailorPath],
    ['requestId', e.requestId],
    ['responseBody', e.responseBody],
    ['responseBodyTruncated', e.responseBodyTruncated || undefined],
    ['sessionId', e.sessionId],
    ['sessionType', e.sessionType],
  ]);
}
