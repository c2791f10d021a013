/**
 * @module core/logs/object-key
 * R2/S3 object keys of log batches, exactly the Brightcove format of docs/ad-logs.md layout:
 * `{prefix}/yyyy/MM/dd/HH/{random}/{stream}-{version}-yyyy-MM-dd-HH-mm-ss-{uuid}` (+ `.gz`).
 * Pure: the instant, the random string and the UUID are passed in. The instant is the batch's
 * first append, so every key of an hour-old batch sorts under that hour (Firehose style).
 */
import type { LogDestination } from './log-config.ts';
import { utcParts } from './time-format.ts';

/** Seed 003 sample: `00HwB2cbPB2`, eleven characters of [0-9A-Za-z]. */
export const RANDOM_SEGMENT_LENGTH = 11;
const RANDOM_SEGMENT = /^[0-9A-Za-z]{11}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ObjectKeyParts {
  readonly destination: LogDestination;
  readonly timestampMs: number;
  readonly random: string;
  readonly uuid: string;
}

/** Builds the key; `random` and `uuid` must have the seed's shapes (checked: a bad key is a bug). */
export function buildObjectKey(p: ObjectKeyParts): string {
  if (!RANDOM_SEGMENT.test(p.random)) throw new RangeError(`random segment must be 11 alphanumerics: ${p.random}`);
  if (!UUID.test(p.uuid)) throw new RangeError(`not a lowercase UUID: ${p.uuid}`);
  const t = utcParts(p.timestampMs);
  const d = p.destination;
  const file = `${d.deliveryStreamName}-${d.version}-${t.yyyy}-${t.MM}-${t.dd}-${t.HH}-${t.mm}-${t.ss}-${p.uuid}`;
  const key = `${t.yyyy}/${t.MM}/${t.dd}/${t.HH}/${p.random}/${file}${d.gzip ? '.gz' : ''}`;
  return d.prefix === '' ? key : `${d.prefix}/${key}`;
}

/** The layout as a regular expression (tests, the report's listing filter). */
export const OBJECT_KEY_PATTERN =
  /^(?:(?<prefix>.+)\/)?(?<yyyy>\d{4})\/(?<MM>\d{2})\/(?<dd>\d{2})\/(?<HH>\d{2})\/(?<random>[0-9A-Za-z]{11})\/(?<stream>[A-Za-z0-9._-]+)-(?<version>\d+)-\k<yyyy>-\k<MM>-\k<dd>-\k<HH>-(?<mm>\d{2})-(?<ss>\d{2})-(?<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?<gz>\.gz)?$/;

/** 11 characters of [0-9A-Za-z] from random bytes (the caller draws them). */
export function randomSegmentFromBytes(bytes: Uint8Array): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let i = 0; i < RANDOM_SEGMENT_LENGTH; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}
