/** Control plane with the bearer token (issue 2 §2, contracts §6.8); SigV4 and the AWS wire: admin-aws / admin-sdk. */
import { env } from 'cloudflare:workers';
import worker from '../../src/index.ts';
import { createExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ACCT, ADMIN, json, putConfig, req } from './helpers.ts';

const CFG = { Name: 'news', VideoContentSourceUrl: 'https://origin.example/out/v1', AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]', tags: { team: 'video' } };

describe('admin API', () => {
  it('creates, reads, lists and deletes a configuration with MediaTailor field names', async () => {
    const put = await putConfig(CFG);
    expect(put.status).toBe(200);
    const created = (await put.json()) as Record<string, unknown>;
    expect(created).toMatchObject({
      ...CFG,
      SessionInitializationEndpointPrefix: `http://127.0.0.1:8787/v1/session/${ACCT}/news/`,
      HlsConfiguration: { ManifestEndpointPrefix: `http://127.0.0.1:8787/v1/master/${ACCT}/news/` },
      DashConfiguration: { ManifestEndpointPrefix: `http://127.0.0.1:8787/v1/dash/${ACCT}/news/` },
    });
    const got = await json<Record<string, unknown>>('/playbackConfiguration/news', { headers: ADMIN });
    expect(got.status).toBe(200);
    expect(got.body['VideoContentSourceUrl']).toBe(CFG.VideoContentSourceUrl);
    // A GET response sent back as a PUT body is accepted (read-only fields ignored).
    expect((await putConfig({ ...got.body, tags: { team: 'sports' } })).status).toBe(200);
    const list = await json<{ Items: { Name: string; tags?: Record<string, string> }[] }>('/playbackConfigurations', { headers: ADMIN });
    expect(list.body.Items.find((i) => i.Name === 'news')?.tags).toEqual({ team: 'sports' });
    // Earlier releases spelled it Tags: still accepted, stored and answered as tags.
    const legacy = await putConfig({ ...CFG, tags: undefined, Tags: { team: 'legacy' } });
    expect(((await legacy.json()) as { tags: unknown }).tags).toEqual({ team: 'legacy' });
    expect((await req('/playbackConfiguration/news', { method: 'DELETE', headers: ADMIN })).status).toBe(204);
    expect((await req('/playbackConfiguration/news', { headers: ADMIN })).status).toBe(404);
    expect((await req('/playbackConfiguration/news', { method: 'DELETE', headers: ADMIN })).status).toBe(404);
  });

  it('pages the list with MaxResults/NextToken', async () => {
    for (const n of ['a1', 'a2', 'a3']) expect((await putConfig({ ...CFG, Name: n })).status).toBe(200);
    const p1 = await json<{ Items: { Name: string }[]; NextToken?: string }>('/playbackConfigurations?MaxResults=2', { headers: ADMIN });
    expect(p1.body.Items).toHaveLength(2);
    expect(p1.body.NextToken).toBeDefined();
    const p2 = await json<{ Items: { Name: string }[]; NextToken?: string }>(`/playbackConfigurations?MaxResults=2&NextToken=${p1.body.NextToken}`, { headers: ADMIN });
    const names = [...p1.body.Items, ...p2.body.Items].map((i) => i.Name);
    expect(new Set(names).size).toBe(names.length);
    expect((await req('/playbackConfigurations?MaxResults=0', { headers: ADMIN })).status).toBe(400);
  });

  it('lists the seeded demo configurations', async () => {
    const list = await json<{ Items: { Name: string }[] }>('/playbackConfigurations?MaxResults=100', { headers: ADMIN });
    expect(list.body.Items.map((i) => i.Name)).toEqual(expect.arrayContaining(['demo', 'demo-vmap']));
  });

  it('refuses missing or wrong tokens, and bearer tokens when no ADMIN_TOKEN is configured', async () => {
    expect((await req('/playbackConfigurations')).status).toBe(401);
    expect((await req('/playbackConfigurations', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const noToken = { ...env, ADMIN_TOKEN: undefined };
    const res = await worker.fetch(new Request('http://127.0.0.1:8787/playbackConfigurations', { headers: ADMIN }), noToken as typeof env, createExecutionContext());
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe('bearer tokens are not accepted: no ADMIN_TOKEN is configured; sign the request with AWS Signature Version 4');
  });

  it.each([
    ['a field name no model has', { ...CFG, 'Nm ae': 'x' }, '"Nm ae" is not a valid field name'],
    ['missing name', { ...CFG, Name: undefined }, 'Name is required'],
    ['a name with a slash', { ...CFG, Name: 'a/b' }, 'Name must not contain "/"'],
    ['bad URL', { ...CFG, AdDecisionServerUrl: 'ftp://x' }, 'AdDecisionServerUrl must be an http(s) URL'],
  ])('rejects %s with a clear message', async (_n, body, message) => {
    const r = await putConfig(body);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain(message);
  });

  it('rejects malformed JSON and oversized bodies', async () => {
    const bad = await req('/playbackConfiguration', { method: 'PUT', headers: ADMIN, body: '{"Name":' });
    expect(bad.status).toBe(400);
    const big = await req('/playbackConfiguration', { method: 'PUT', headers: ADMIN, body: JSON.stringify({ ...CFG, tags: { x: 'y'.repeat(300_000) } }) });
    expect(big.status).toBe(413);
  });
});
