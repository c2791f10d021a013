/**
 * @module core/config/arn
 * ARNs of playback configurations in AWS's form,
 * `arn:aws:mediatailor:<region>:<12-digit account>:playbackConfiguration/<Name>`, so tools that
 * parse them (the AWS SDKs' ARN helpers, the Terraform AWS provider) accept ours. The region and
 * account come from the `AWS_REGION` and `AWS_ACCOUNT_ID` Worker variables. Pure.
 */
import { err, ok, type Result } from '../result.ts';

export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  /** 12 digits, as AWS account ids are. */
  readonly awsAccountId: string;
}

export const DEFAULT_AWS_REGION = 'us-east-1';
/** A recognisable placeholder account (all zeros), used until AWS_ACCOUNT_ID is set. */
export const DEFAULT_AWS_ACCOUNT_ID = '000000000000';

const REGION = /^[a-z][a-z0-9-]{1,31}$/;
const ACCOUNT = /^\d{12}$/;
const RESOURCE = 'playbackConfiguration/';

/** The scope from the Worker variables (unset → defaults); an invalid value is an error naming it. */
export function arnScopeOf(vars: { readonly AWS_REGION?: string; readonly AWS_ACCOUNT_ID?: string }): Result<ArnScope, string> {
  const region = vars.AWS_REGION || DEFAULT_AWS_REGION;
  const awsAccountId = vars.AWS_ACCOUNT_ID || DEFAULT_AWS_ACCOUNT_ID;
  if (!REGION.test(region)) return err('the AWS_REGION variable must be a region name such as us-east-1');
  if (!ACCOUNT.test(awsAccountId)) return err('the AWS_ACCOUNT_ID variable must be 12 digits');
  return ok({ partition: 'aws', region, awsAccountId });
}

export function playbackConfigurationArn(scope: ArnScope, name: string): string {
  return `arn:${scope.partition}:mediatailor:${scope.region}:${scope.awsAccountId}:${RESOURCE}${name}`;
}

export type ArnProblem = { readonly kind: 'malformed'; readonly message: string } | { readonly kind: 'elsewhere'; readonly message: string };

/**
 * The configuration name an ARN points at. `malformed`: not a MediaTailor playback configuration
 * ARN at all. `elsewhere`: a well-formed ARN of another account (no such resource here). Any
 * region is accepted: configurations are not regional here, and clients may sign for any region.
 */
export function configurationNameOfArn(scope: ArnScope, arn: string): Result<string, ArnProblem> {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'mediatailor') {
    return err({ kind: 'malformed', message: 'ResourceArn must be a MediaTailor ARN, arn:aws:mediatailor:<region>:<account>:playbackConfiguration/<name>' });
  }
  const resource = parts.slice(5).join(':');
  if (!resource.startsWith(RESOURCE) || resource.length === RESOURCE.length) {
    return err({ kind: 'malformed', message: 'ResourceArn must name a playback configuration (…:playbackConfiguration/<name>); this service has no other MediaTailor resources' });
  }
  if (parts[4] !== scope.awsAccountId) return err({ kind: 'elsewhere', message: `ResourceArn belongs to account ${parts[4] ?? ''}, not ${scope.awsAccountId}` });
  return ok(resource.slice(RESOURCE.length));
}
