/**
 * @module scripts/logs/sources
 * Where the report reads log objects from: a local folder (recursively) or an S3-compatible
 * bucket (`s3://bucket/prefix`; R2 through its S3 API, or Miniflare's local one). Node only.
 *
 * S3 access uses `aws4fetch` (SigV4 over `fetch`, no dependencies, ~3 KB): the report lists and
 * gets objects, nothing more, so the AWS SDK's weight buys nothing. Path-style URLs
 * (`{endpoint}/{bucket}/{key}`) work with R2, MinIO and Miniflare alike.
 */
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface LogObject {
  readonly name: string;
  readonly size: number;
  read(): Promise<Uint8Array>;
}

export interface S3Settings {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly region: string;
}

/** S3 settings from the usual AWS variables (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`). */
export function s3SettingsFromEnv(env: NodeJS.ProcessEnv): S3Settings {
  const endpoint = env['AWS_ENDPOINT_URL_S3'] ?? env['AWS_ENDPOINT_URL'] ?? env['S3_ENDPOINT'];
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (endpoint === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error('s3:// needs AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  }
  const token = env['AWS_SESSION_TOKEN'];
  return { endpoint: endpoint.replace(/\/+$/, ''), accessKeyId, secretAccessKey, region: env['AWS_REGION'] ?? 'auto', ...(token ? { sessionToken: token } : {}) };
}

export async function listFolder(dir: string): Promise<LogObject[]> {
  const out: LogObject[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const { size } = await stat(path);
        out.push({ name: relative(dir, path), size, read: async () => new Uint8Array(await readFile(path)) });
      }
    }
  };
  await walk(dir);
  return out;
}

const xml = new XMLParser({ isArray: (name) => name === 'Contents', parseTagValue: false });
const encodeKey = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

/** Every object under `s3://bucket/prefix`, through ListObjectsV2 pages. */
export async function listS3(url: string, s: S3Settings): Promise<LogObject[]> {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (m === null) throw new Error(`not an s3:// URL: ${url}`);
  const [, bucket = '', prefix = ''] = m;
  const client = new AwsClient({ accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, region: s.region, service: 's3', ...(s.sessionToken ? { sessionToken: s.sessionToken } : {}) });
  const base = `${s.endpoint}/${bucket}`;
  const out: LogObject[] = [];
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ 'list-type': '2', prefix, ...(token === undefined ? {} : { 'continuation-token': token }) });
    const res = await client.fetch(`${base}?${q}`);
    if (!res.ok) throw new Error(`ListObjectsV2 ${bucket}/${prefix}: HTTP ${res.status} ${await res.text()}`);
    const page = (xml.parse(await res.text()) as { ListBucketResult?: { Contents?: { Key: string; Size: string }[]; IsTruncated?: string; NextContinuationToken?: string } }).ListBucketResult ?? {};
    for (const c of page.Contents ?? []) {
      const key = String(c.Key);
      out.push({
        name: key,
        size: Number(c.Size),
        read: async () => {
          const r = await client.fetch(`${base}/${encodeKey(key)}`);
          if (!r.ok) throw new Error(`GetObject ${key}: HTTP ${r.status}`);
          return new Uint8Array(await r.arrayBuffer());
        },
      });
    }
    token = page.IsTruncated === 'true' ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return out;
}

/** Object bytes as text, gunzipped when they start with the gzip magic (whatever the name says). */
export function decodeObject(bytes: Uint8Array): string {
  const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return new TextDecoder().decode(gz ? gunzipSync(bytes) : bytes);
}
