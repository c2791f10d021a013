/**
 * Mezzanine downloads (packager/download): the host policy on URLs, redirects and resolved
 * addresses; size and time limits; which failures are worth retrying. Loopback server only.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadMezzanine, policyLookup, type DownloadLimits } from '../../../packager/download.ts';
import { startMezzanineServer, type MezzanineServer } from '../../helpers/mezzanine-server.ts';

let server: MezzanineServer;
let dir: string;
const open: DownloadLimits = { maxBytes: 1024 * 1024, timeoutMs: 2_000, allowPrivateHosts: true };

beforeAll(async () => {
  server = await startMezzanineServer();
  dir = mkdtempSync(join(tmpdir(), 'packager-dl-'));
  server.put('ad.mp4', 'x'.repeat(5000));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, limits: Partial<DownloadLimits> = {}) => downloadMezzanine(`${server.origin}${path}`, join(dir, 'f'), { ...open, ...limits });

describe('mezzanine download', () => {
  it('downloads with its SHA-256, following redirects', async () => {
    const r = await get('/redirect/ad.mp4');
    expect(r.ok && r.value).toMatchObject({ bytes: 5000, sha256: createHash('sha256').update('x'.repeat(5000)).digest('hex'), finalUrl: `${server.origin}/media/ad.mp4`, contentType: 'video/mp4' });
    expect(readFileSync(join(dir, 'f')).length).toBe(5000);
  });

  it('refuses private hosts unless allowed, on the URL, on redirects, and on resolved addresses', async () => {
    expect(await get('/media/ad.mp4', { allowPrivateHosts: false })).toEqual({ ok: false, error: { kind: 'policy', message: 'host 127.0.0.1 is private, loopback, link-local or otherwise not public', permanent: true } });
    const redirected = await downloadMezzanine(`${server.origin}/demo/fault/redirect-private`, join(dir, 'f'), { ...open, allowPrivateHosts: false, serviceOrigin: server.origin });
    expect(redirected).toEqual({ ok: false, error: { kind: 'policy', message: 'redirect to http://10.1.2.3/ad.mp4: host 10.1.2.3 is private, loopback, link-local or otherwise not public', permanent: true } });
    // A public-looking name that resolves to the metadata address is refused at connect time.
    const lookup = policyLookup(false, ((_h: string, _o: unknown, cb: (e: null, a: { address: string; family: number }[]) => void) => cb(null, [{ address: '169.254.169.254', family: 4 }])) as never);
    const refused = await new Promise<Error | null>((resolve) => lookup('ads.example.com', { all: true }, (e) => resolve(e)));
    expect(refused?.message).toBe('host ads.example.com resolves to a private, loopback or link-local address (169.254.169.254)');
    expect(await get('/x', { allowPrivateHosts: false }).then((r) => r.ok)).toBe(false);
    expect(await downloadMezzanine('file:///etc/passwd', join(dir, 'f'), open)).toMatchObject({ ok: false, error: { kind: 'policy', message: 'scheme file: is not http(s)' } });
  });

  it('lets the service\'s own demo URLs through, as the Worker does', async () => {
    server.put('demo', 'ok');
    // The demo path on the service origin passes without ALLOW_PRIVATE_HOSTS (the server answers 404 for it: the policy let it through).
    const r = await downloadMezzanine(`${server.origin}/demo/media/mp4/ad.mp4`, join(dir, 'f'), { ...open, allowPrivateHosts: false, serviceOrigin: server.origin });
    expect(r).toMatchObject({ ok: false, error: { kind: 'http', status: 404 } });
  });

  it('refuses a 2 GB Content-Length without downloading, and a body that grows past the cap', async () => {
    expect(await get('/fault/huge')).toEqual({ ok: false, error: { kind: 'too_large', message: `Content-Length ${2 * 1024 ** 3} bytes is over the 1048576-byte limit`, permanent: true } });
    expect(await get('/fault/chunked-big', { maxBytes: 1024 * 1024 })).toEqual({ ok: false, error: { kind: 'too_large', message: 'body is over the 1048576-byte limit', permanent: true } });
  });

  it('gives up on time, and tells retryable failures from permanent ones', async () => {
    expect(await get('/fault/endless', { timeoutMs: 300 })).toEqual({ ok: false, error: { kind: 'timeout', message: 'download not finished within 0.3 s', permanent: false } });
    expect(await get('/fault/404')).toEqual({ ok: false, error: { kind: 'http', status: 404, message: 'HTTP 404 Not Found', permanent: true } });
    expect(await get('/fault/503')).toMatchObject({ ok: false, error: { kind: 'http', status: 503, permanent: false } });
    const closed = await downloadMezzanine('http://127.0.0.1:1/ad.mp4', join(dir, 'f'), open);
    expect(closed).toMatchObject({ ok: false, error: { kind: 'network', permanent: false } });
  });
});
