/**
 * @module routes/admin
 * Control plane, on the wire of the AWS MediaTailor API model (rest-json, 2018-04-23), so the
 * AWS SDKs, the AWS CLI and Terraform work against it with an endpoint override:
 * - PutPlaybackConfiguration `PUT /playbackConfiguration` → 200
 * - GetPlaybackConfiguration `GET /playbackConfiguration/{Name}` → 200
 * - ListPlaybackConfigurations `GET /playbackConfigurations?MaxResults&NextToken` → 200
 * - DeletePlaybackConfiguration `DELETE /playbackConfiguration/{Name}` → 204
 * - ConfigureLogsForPlaybackConfiguration `PUT /configureLogs/playbackConfiguration` → 200
 * - TagResource `POST /tags/{ResourceArn}` → 204, ListTagsForResource `GET` → 200,
 *   UntagResource `DELETE /tags/{ResourceArn}?tagKeys=…` → 204
 * Every call is authenticated by routes/admin-auth (SigV4 or bearer token). Members of a newer
 * model are stored and named in the `x-edge-ssai-unknown-fields` response header and a log line.
 */
import { Hono, type Context } from 'hono';
import { arnScopeOf, configurationNameOfArn } from '../core/config/arn.ts';
import { configureLogsResponse, validateConfigureLogs } from '../core/config/configure-logs.ts';
import { describePlaybackConfiguration, type DescribeContext } from '../core/config/describe.ts';
import { decodeListToken, encodeListToken } from '../core/config/list-token.ts';
import { validatePlaybackConfiguration } from '../core/config/playback-configuration.ts';
import { validateTagKeys, validateTagResource } from '../core/config/tags.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { applySeeds, configStore, invalidateConfiguration } from '../platform/config-source.ts';
import { requireAdmin } from './admin-auth.ts';
import { selfOrigin } from './playback-common.ts';

type C = Context<AppEnv>;

export const UNKNOWN_FIELDS_HEADER = 'x-edge-ssai-unknown-fields';
const NOT_FOUND = 'playback configuration not found';

export const adminRoutes = new Hono<AppEnv>();

// Scoped to the admin paths: this sub-app is mounted at the root. (`/x/*` matches `/x` too, and
// the middleware must run once per request: it consumes the body.)
for (const path of ['/playbackConfiguration/*', '/playbackConfigurations', '/configureLogs/*', '/tags/*']) {
  adminRoutes.use(path, requireAdmin);
}

adminRoutes.put('/playbackConfiguration', async (c) => {
  const checked = validatePlaybackConfiguration(jsonBody(c));
  if (!checked.ok) throw new ApiError(400, checked.error);
  const ctx = describeContext(c);
  const stored = await configStore(c.env).put(checked.value.config);
  invalidateConfiguration(stored.config.Name);
  reportUnknownFields(c, 'PutPlaybackConfiguration', checked.value.unknownFields);
  return c.json(describePlaybackConfiguration(stored.config, ctx));
});

adminRoutes.get('/playbackConfiguration/:name', async (c) => {
  const ctx = describeContext(c);
  await applySeeds(c.env);
  const stored = await configStore(c.env).get(c.req.param('name'));
  if (!stored) throw new ApiError(404, NOT_FOUND);
  return c.json(describePlaybackConfiguration(stored.config, ctx));
});

adminRoutes.get('/playbackConfigurations', async (c) => {
  const maxRaw = c.req.query('MaxResults') ?? c.req.query('maxResults');
  const max = maxRaw === undefined ? 50 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new ApiError(400, 'MaxResults must be an integer from 1 to 100');
  const token = c.req.query('NextToken') ?? c.req.query('nextToken');
  const after = token ? decodeListToken(token) : undefined;
  if (after && !after.ok) throw new ApiError(400, after.error);
  const ctx = describeContext(c);
  await applySeeds(c.env);
  const page = await configStore(c.env).list(max, after?.value);
  return c.json({
    Items: page.items.map((cfg) => describePlaybackConfiguration(cfg, ctx)),
    ...(page.lastName !== undefined ? { NextToken: encodeListToken(page.lastName) } : {}),
  });
});

adminRoutes.delete('/playbackConfiguration/:name', async (c) => {
  const name = c.req.param('name');
  const deleted = await configStore(c.env).delete(name);
  invalidateConfiguration(name);
  if (!deleted) throw new ApiError(404, NOT_FOUND);
  return c.body(null, 204);
});

adminRoutes.put('/configureLogs/playbackConfiguration', async (c) => {
  const checked = validateConfigureLogs(jsonBody(c));
  if (!checked.ok) throw new ApiError(400, checked.error);
  await applySeeds(c.env);
  const stored = await configStore(c.env).configureLogs(checked.value.name, checked.value.log);
  if (!stored) throw new ApiError(404, NOT_FOUND);
  invalidateConfiguration(stored.config.Name);
  reportUnknownFields(c, 'ConfigureLogsForPlaybackConfiguration', checked.value.unknownFields);
  return c.json(configureLogsResponse(stored.config));
});

adminRoutes.post('/tags/*', async (c) => {
  const name = await taggedConfigurationName(c);
  const checked = validateTagResource(jsonBody(c));
  if (!checked.ok) throw new ApiError(400, checked.error);
  const tagged = await configStore(c.env).tag(name, checked.value.tags);
  if (!tagged) throw new ApiError(404, NOT_FOUND);
  if (!tagged.ok) throw new ApiError(400, tagged.error);
  invalidateConfiguration(name);
  reportUnknownFields(c, 'TagResource', checked.value.unknownFields);
  return c.body(null, 204);
});

adminRoutes.get('/tags/*', async (c) => {
  const name = await taggedConfigurationName(c);
  const stored = await configStore(c.env).get(name);
  if (!stored) throw new ApiError(404, NOT_FOUND);
  return c.json({ tags: stored.config.tags ?? {} });
});

adminRoutes.delete('/tags/*', async (c) => {
  const name = await taggedConfigurationName(c);
  const keys = validateTagKeys(c.req.queries('tagKeys') ?? []);
  if (!keys.ok) throw new ApiError(400, keys.error);
  const stored = await configStore(c.env).untag(name, keys.value);
  if (!stored) throw new ApiError(404, NOT_FOUND);
  invalidateConfiguration(name);
  return c.body(null, 204);
});

/** The body read by requireAdmin, as JSON. */
function jsonBody(c: C): unknown {
  const bytes = c.get('adminBody') ?? new Uint8Array(0);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError(400, 'request body is not valid JSON');
  }
}

function describeContext(c: C): DescribeContext {
  const scope = arnScopeOf(c.env);
  if (!scope.ok) throw new ApiError(500, `this deployment is misconfigured: ${scope.error}`);
  return { requestOrigin: selfOrigin(c), accountId: c.env.ACCOUNT_ID, arnScope: scope.value };
}

/**
 * The configuration named by `/tags/{ResourceArn}`. The ARN is read from the raw path, so it may
 * come percent-encoded as the SDKs send it (`arn%3Aaws%3A…%2Fname`) or with a literal `/`.
 */
async function taggedConfigurationName(c: C): Promise<string> {
  const raw = new URL(c.req.url).pathname.slice('/tags/'.length);
  let arn: string;
  try {
    arn = decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'ResourceArn is not valid percent-encoding');
  }
  const name = configurationNameOfArn(describeContext(c).arnScope, arn);
  if (!name.ok) throw new ApiError(name.error.kind === 'malformed' ? 400 : 404, name.error.message);
  await applySeeds(c.env);
  return name.value;
}

function reportUnknownFields(c: C, operation: string, fields: readonly string[]): void {
  if (fields.length === 0) return;
  const listed = fields.slice(0, 50);
  c.header(UNKNOWN_FIELDS_HEADER, listed.join(', '));
  console.warn(JSON.stringify({ msg: 'unknown fields stored, not acted on', operation, requestId: c.get('requestId'), fields: listed }));
}
