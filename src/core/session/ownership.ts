/**
 * @module core/session/ownership
 * The one ownership rule of every playback route that names a session: the session exists and
 * was created under the same account and configuration as the URL says. Anything else is
 * answered as an unknown session (MediaTailor: 400), so a session id never reveals another
 * configuration's session. Pure.
 */
import { UNKNOWN_SESSION, type ServiceError } from '../errors.ts';
import type { SessionRecord } from './session-record.ts';

/** What a playback URL claims about the session it names. */
export interface SessionClaim {
  readonly accountId: string;
  readonly configName: string;
}

export function checkOwnership(record: SessionRecord | undefined, claim: SessionClaim): ServiceError | undefined {
  if (!record || record.accountId !== claim.accountId || record.configName !== claim.configName) return UNKNOWN_SESSION;
  return undefined;
}
