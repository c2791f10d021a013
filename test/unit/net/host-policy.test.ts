import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, isPrivateHost } from '../../../src/core/net/host-policy.ts';

describe('host policy (docs/architecture.md §10)', () => {
  it.each([
    'localhost',
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '[::1]',
    'fd00::1',
    'fe80::1',
    '::ffff:7f00:1',
    'foo.localhost',
    'svc.internal',
  ])('private: %s', (h) => expect(isPrivateHost(h)).toBe(true));
  it.each(['example.com', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '100.128.0.1'])('public: %s', (h) => expect(isPrivateHost(h)).toBe(false));
  it('normalizes numeric IPv4 forms through the URL parser', () => {
    expect(checkOutboundUrl('http://2130706433/x', false).ok).toBe(false);
    expect(checkOutboundUrl('http://0x7f.1/x', false).ok).toBe(false);
    expect(checkOutboundUrl('http://[::ffff:127.0.0.1]/x', false).ok).toBe(false);
  });
  it('refuses non-http schemes always and private hosts unless allowed', () => {
    expect(checkOutboundUrl('file:///etc/passwd', true)).toMatchObject({ ok: false, error: { reason: 'bad_scheme' } });
    expect(checkOutboundUrl('http://127.0.0.1:8787/x', false)).toMatchObject({ ok: false, error: { reason: 'private_host' } });
    expect(checkOutboundUrl('http://127.0.0.1:8787/x', true).ok).toBe(true);
    expect(checkOutboundUrl('nonsense', true)).toMatchObject({ ok: false, error: { reason: 'bad_url' } });
  });
});
