/**
 * @module core/auth/access-keys
 * The `AWS_ACCESS_KEYS` Worker secret: the access key pairs the admin API accepts for AWS
 * Signature Version 4. Several pairs may be active at once so keys can be rotated without a
 * window where clients are refused (add the new pair, move clients, remove the old pair).
 *
 * Format: `ACCESS_KEY_ID:SECRET_ACCESS_KEY` pairs separated by commas and/or whitespace
 * (newlines included), e.g. `AKIAEDGESSAI0000001:s3cr3t/Key+1,AKIAEDGESSAI0000002:other`.
 * The id is 1–128 characters of A–Z a–z 0–9 `_` `.` `-` (it travels in the `Credential=` scope,
 * which is `/`-delimited); the secret is split off at the first `:` and may hold any character
 * except whitespace and `,` (AWS secrets use A–Z a–z 0–9 `/` `+`). Pure.
 */
import { err, ok, type Result } from '../result.ts';

/** Access key id → secret access key. */
export type AccessKeys = ReadonlyMap<string, string>;

const KEY_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Parses the secret. Error messages name the entry by position and never echo its content, so
 * a malformed secret cannot leak into a log or a response.
 */
export function parseAccessKeys(raw: string | undefined): Result<AccessKeys, string> {
  const keys = new Map<string, string>();
  const entries = (raw ?? '').split(/[\s,]+/).filter((e) => e !== '');
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const secret = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KEY_ID.test(id) || secret === '') {
      return err(`AWS_ACCESS_KEYS entry ${i + 1} is not ACCESS_KEY_ID:SECRET_ACCESS_KEY (id: 1-128 of A-Z a-z 0-9 _ . -)`);
    }
    if (keys.has(id)) return err(`AWS_ACCESS_KEYS entry ${i + 1} repeats an access key id`);
    keys.set(id, secret);
  }
  return ok(keys);
}
