/**
 * @module routes/admin-auth
 * Authentication of the control plane. Two schemes, either of which admits a request:
 * - AWS Signature Version 4 with a key pair from the `AWS_ACCESS_KEYS` secret, so the AWS SDKs,
 *   the AWS CLI and Terraform work with only an endpoint override (core/auth/sigv4-verify);
 * - `Authorization: Bearer <ADMIN_TOKEN>`, for curl and scripts.
 * With neither configured every call is refused (403). The body is read here, once, capped at
 * 256 KiB (413 beyond, before any authentication work), because a SigV4 signature covers it;
 * handlers take it from `c.get('adminBody')`.
 */
import type { Context, Next } from 'hono';
import { parseAccessKeys } from '../core/auth/access-keys.ts';
import { verifySigV4 } from '../core/auth/sigv4-verify.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../http/api-error.ts';
import { readBytesCapped } from '../platform/read-capped.ts';

export const MAX_ADMIN_BODY_BYTES = 256 * 1024;
/** The SigV4 signing name of MediaTailor (its service model's `signingName`). */
const SIGNING_NAME = 'mediatailor';

export async function requireAdmin(c: Context<AppEnv>, next: Next): Promise<void> {
  const body = await readBytesCapped(c.req.raw.body, MAX_ADMIN_BODY_BYTES, c.req.header('content-length'));
  if (body === undefined) throw new ApiError(413, `request body is larger than ${MAX_ADMIN_BODY_BYTES} bytes`);
  c.set('adminBody', body);

  const { ADMIN_TOKEN: token, AWS_ACCESS_KEYS: keysSecret } = c.env;
  if (!token && !keysSecret) throw new ApiError(403, 'admin API disabled: neither AWS_ACCESS_KEYS nor ADMIN_TOKEN is configured');
  const authorization = c.req.header('authorization') ?? '';
  if (authorization.startsWith('AWS4-')) await checkSignature(c, body, keysSecret);
  else if (authorization.startsWith('Bearer ')) await checkBearer(authorization.slice(7).trim(), token);
  else throw new ApiError(401, 'missing credentials: sign the request with AWS Signature Version 4 (AWS_ACCESS_KEYS) or send Authorization: Bearer <ADMIN_TOKEN>');
  await next();
}

/**
 * The packager API's guard (routes/packager.ts): the control plane's bearer token, checked without
 * reading the body, because uploads stream media segments far larger than a control-plane body.
 */
export async function requireAdminToken(c: Context<AppEnv>, next: Next): Promise<void> {
  const token = c.env.ADMIN_TOKEN;
  if (!token) throw new ApiError(403, 'packager API disabled: no ADMIN_TOKEN is configured');
  const authorization = c.req.header('authorization') ?? '';
  await checkBearer(authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : '', token);
  await next();
}

async function checkSignature(c: Context<AppEnv>, body: Uint8Array, keysSecret: string | undefined): Promise<void> {
  const keys = parseAccessKeys(keysSecret);
  if (!keys.ok) {
    console.error(JSON.stringify({ msg: 'AWS_ACCESS_KEYS is malformed', requestId: c.get('requestId'), error: keys.error }));
    throw new ApiError(500, `SigV4 is misconfigured on this deployment: ${keys.error}`);
  }
  const r = c.req.raw;
  const verified = await verifySigV4({ method: r.method, url: r.url, headers: r.headers, body }, { keys: keys.value, service: SIGNING_NAME, nowMs: Date.now() });
  if (!verified.ok) throw new ApiError(403, verified.error.message, verified.error.type);
}

async function checkBearer(presented: string, expected: string | undefined): Promise<void> {
  if (!expected) throw new ApiError(401, 'bearer tokens are not accepted: no ADMIN_TOKEN is configured; sign the request with AWS Signature Version 4');
  if (!presented || !(await constantTimeEqual(presented, expected))) throw new ApiError(401, 'missing or invalid bearer token');
}

/** Compares SHA-256 digests in constant time, so neither length nor content leaks through timing. */
async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder();
  const [da, db] = await Promise.all([crypto.subtle.digest('SHA-256', enc.encode(a)), crypto.subtle.digest('SHA-256', enc.encode(b))]);
  return crypto.subtle.timingSafeEqual(da, db);
}
