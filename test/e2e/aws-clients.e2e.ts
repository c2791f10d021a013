/**
 * @module test/e2e/aws-clients.e2e
 * The AWS clients a MediaTailor customer already uses, unchanged, against `wrangler dev` over
 * real HTTP, with only an endpoint override and a key pair (issue 12 "Done when"):
 * - `@aws-sdk/client-mediatailor` in Node with its default HTTP handler;
 * - the AWS CLI: every `aws` found (Debian's `/usr/bin/aws`, which `.ci/run` installs, and any
 *   other on PATH, e.g. a pip-installed v1 with a newer service model), each running create, read,
 *   list (auto-paging through NextToken), tag, configure logs and delete. Skipped, with the reason
 *   in its name, when no AWS CLI is installed;
 * - a 10 MB body over real HTTP (413). Oversized bodies without Content-Length and the
 *   connection reuse after a 413 are test/e2e/keepalive-413.e2e.ts's subject.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as mt from '@aws-sdk/client-mediatailor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWranglerDev, type WranglerDev } from './wrangler-dev.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KEY = { accessKeyId: 'AKIDEDGESSAIE2E00001', secretAccessKey: 'e2e/Secret+Key0001' };
const SCOPE = { region: 'eu-west-1', account: '123456789012' };

interface Cli {
  readonly path: string;
  readonly version: string;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Every distinct `aws` executable: /usr/bin/aws first, then PATH order. */
async function findClis(): Promise<Cli[]> {
  const candidates = ['/usr/bin/aws', ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'aws'))];
  const seen = new Set<string>();
  const found: Cli[] = [];
  for (const path of candidates) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      continue;
    }
    if (seen.has(real)) continue;
    seen.add(real);
    const v = await run(path, ['--version'], process.env);
    const version = /aws-cli\/[\d.]+/.exec(v.stdout + v.stderr)?.[0];
    // pyenv shims resolve per directory to the same CLI: compare versions too.
    if (v.code === 0 && version && !found.some((f) => f.version === version)) found.push({ path, version });
  }
  return found;
}

const clis = await findClis();
if (clis.length === 0) console.warn('[e2e] AWS CLI tests skipped: no `aws` executable found (apt-get install awscli)');

let service: WranglerDev | undefined;
let home: string | undefined;

beforeAll(async () => {
  service = await startWranglerDev(ROOT, { AWS_ACCESS_KEYS: `${KEY.accessKeyId}:${KEY.secretAccessKey}`, AWS_REGION: SCOPE.region, AWS_ACCOUNT_ID: SCOPE.account });
  home = mkdtempSync(join(tmpdir(), 'edge-ssai-aws-home-'));
});

afterAll(async () => {
  await service?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

const origin = (): string => service?.origin ?? '';
const arnOf = (name: string): string => `arn:aws:mediatailor:${SCOPE.region}:${SCOPE.account}:playbackConfiguration/${name}`;

describe('@aws-sdk/client-mediatailor over HTTP', () => {
  it('creates, reads, lists, tags, configures logs for and deletes a configuration', async () => {
    const client = new mt.MediaTailorClient({ region: 'us-west-2', endpoint: origin(), credentials: KEY, maxAttempts: 1 });
    const put = await client.send(new mt.PutPlaybackConfigurationCommand({ Name: 'sdk e2e', VideoContentSourceUrl: 'https://origin.example/out', AdDecisionServerUrl: 'https://ads.example/vast', Tags: { team: 'video' } }));
    expect(put.PlaybackConfigurationArn).toBe(arnOf('sdk e2e'));
    expect(put.$metadata.requestId).toMatch(/\S/);
    expect((await client.send(new mt.GetPlaybackConfigurationCommand({ Name: 'sdk e2e' }))).Tags).toEqual({ team: 'video' });
    const names: string[] = [];
    for await (const page of mt.paginateListPlaybackConfigurations({ client, pageSize: 1 }, {})) names.push(...(page.Items ?? []).map((i) => i.Name ?? ''));
    expect(names).toEqual(expect.arrayContaining(['sdk e2e', 'demo', 'demo-vmap']));
    await client.send(new mt.TagResourceCommand({ ResourceArn: arnOf('sdk e2e'), Tags: { env: 'e2e' } }));
    await client.send(new mt.UntagResourceCommand({ ResourceArn: arnOf('sdk e2e'), TagKeys: ['team'] }));
    expect((await client.send(new mt.ListTagsForResourceCommand({ ResourceArn: arnOf('sdk e2e') }))).Tags).toEqual({ env: 'e2e' });
    const logs = await client.send(new mt.ConfigureLogsForPlaybackConfigurationCommand({ PlaybackConfigurationName: 'sdk e2e', PercentEnabled: 0 }));
    expect(logs.PercentEnabled).toBe(0);
    expect((await client.send(new mt.DeletePlaybackConfigurationCommand({ Name: 'sdk e2e' }))).$metadata.httpStatusCode).toBe(204);
    const wrong = new mt.MediaTailorClient({ region: 'us-west-2', endpoint: origin(), credentials: { ...KEY, secretAccessKey: 'wrong' }, maxAttempts: 1 });
    await expect(wrong.send(new mt.ListPlaybackConfigurationsCommand({}))).rejects.toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
  });
});

describe('a 10 MB body over HTTP', () => {
  it('is answered 413 PayloadTooLargeException from its Content-Length', async () => {
    const res = await fetch(`${origin()}/playbackConfiguration`, { method: 'PUT', headers: { authorization: 'Bearer demo-admin-token' }, body: 'x'.repeat(10 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-amzn-ErrorType')).toBe('PayloadTooLargeException');
    expect(res.headers.get('x-amzn-RequestId')).toMatch(/\S/);
  });
});

describe.skipIf(clis.length === 0)(`the AWS CLI${clis.length === 0 ? ' (skipped: no aws executable; apt-get install awscli)' : ''}`, () => {
  it.each(clis.map((c) => [c.version, c] as const))('%s manages playback configurations with --endpoint-url', async (_v, cli) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'], HOME: home, AWS_ACCESS_KEY_ID: KEY.accessKeyId, AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
      AWS_DEFAULT_REGION: 'eu-west-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', AWS_RETRY_MODE: 'standard',
    };
    const name = `cli-${cli.version.replace(/\W/g, '-')}`;
    const aws = async (...args: string[]): Promise<Run> => run(cli.path, ['mediatailor', ...args, '--endpoint-url', origin(), '--output', 'json'], env);
    const ok = async (...args: string[]): Promise<Record<string, unknown>> => {
      const r = await aws(...args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
    };

    const put = await ok('put-playback-configuration', '--name', name, '--video-content-source-url', 'https://origin.example/out', '--ad-decision-server-url', 'https://ads.example/vast?sid=[session.id]', '--tags', 'team=video');
    expect(put).toMatchObject({ Name: name, PlaybackConfigurationArn: arnOf(name), Tags: { team: 'video' } });
    // A CLI with a newer model sends members this release may not know: accepted, never an error.
    const newer = await aws('put-playback-configuration', '--name', name, '--video-content-source-url', 'https://origin.example/out',
      '--ad-decision-server-configuration', 'HttpRequest={Method=POST,Body=x,CompressRequest=GZIP}', '--function-mapping', 'PRE_ADS_REQUEST=fn');
    if (!/Unknown options|Unknown parameter/.test(newer.stderr)) {
      expect(newer.code, newer.stderr).toBe(0);
      expect(JSON.parse(newer.stdout)).toMatchObject({ AdDecisionServerConfiguration: { HttpRequest: { CompressRequest: 'GZIP' } }, FunctionMapping: { PRE_ADS_REQUEST: 'fn' }, Tags: { team: 'video' } });
    }
    expect(await ok('get-playback-configuration', '--name', name)).toMatchObject({ Name: name, Tags: { team: 'video' }, LogConfiguration: { PercentEnabled: 100 } });
    // The CLI follows NextToken itself (--page-size becomes MaxResults): every configuration once.
    const listed = (await ok('list-playback-configurations', '--page-size', '1')) as { Items: { Name: string }[] };
    const names = listed.Items.map((i) => i.Name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining([name, 'demo', 'demo-vmap']));
    await ok('tag-resource', '--resource-arn', arnOf(name), '--tags', 'env=e2e');
    await ok('untag-resource', '--resource-arn', arnOf(name), '--tag-keys', 'team');
    expect(await ok('list-tags-for-resource', '--resource-arn', arnOf(name))).toEqual({ Tags: { env: 'e2e' } });
    expect(await ok('configure-logs-for-playback-configuration', '--playback-configuration-name', name, '--percent-enabled', '10')).toMatchObject({ PercentEnabled: 10, PlaybackConfigurationName: name });
    await ok('delete-playback-configuration', '--name', name);
    const gone = await aws('get-playback-configuration', '--name', name);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('NotFoundException');
    const bad = await aws('put-playback-configuration', '--name', name, '--video-content-source-url', 'ftp://x');
    expect(bad.stderr).toMatch(/\(BadRequestException\) when calling the PutPlaybackConfiguration operation( \(reached max retries: 0\))?: VideoContentSourceUrl must be an http\(s\) URL/);
    const wrong = await run(cli.path, ['mediatailor', 'list-playback-configurations', '--endpoint-url', origin()], { ...env, AWS_SECRET_ACCESS_KEY: 'wrong' });
    expect(wrong.stderr).toContain('InvalidSignatureException');
  });
});
