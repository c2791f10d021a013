/**
 * Host policy bypass audit (issue 9 item 6): every way to write a loopback, private, link-local,
 * IPv4-embedding or otherwise non-global address in a URL, through the WHATWG URL parser (which
 * normalizes decimal, octal, hex and short IPv4 forms, full-width digits, ideographic dots and
 * IPv6 spellings before we see the host). Each case states what the parser makes of it.
 */
import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, isPrivateHost } from '../../../src/core/net/host-policy.ts';

const refused = (url: string) => checkOutboundUrl(url, false);

describe('URLs that must be refused', () => {
  it.each([
    // IPv4 spellings the URL parser turns into 127.0.0.1 / 10.0.0.1 / 0.0.0.0.
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0x7f.0x0.0x0.0x1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.0.0.1./', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://１２７.０.０.１/', '127.0.0.1'],
    ['http://127。0。0。1/', '127.0.0.1'],
    ['http://user@127.0.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0.0.0.0/', '0.0.0.0'],
    ['http://012.0.0.1/', '10.0.0.1'],
    // Special-purpose IPv4 (RFC 6890 and its updates).
    ['http://100.64.0.1/', '100.64.0.1'],
    ['http://100.127.255.255/', '100.127.255.255'],
    ['http://169.254.169.254/', '169.254.169.254'],
    ['http://172.16.0.1/', '172.16.0.1'],
    ['http://192.0.0.8/', '192.0.0.8'],
    ['http://192.0.2.1/', '192.0.2.1'],
    ['http://192.88.99.1/', '192.88.99.1'],
    ['http://198.18.0.1/', '198.18.0.1'],
    ['http://198.19.255.255/', '198.19.255.255'],
    ['http://198.51.100.7/', '198.51.100.7'],
    ['http://203.0.113.9/', '203.0.113.9'],
    ['http://224.0.0.1/', '224.0.0.1'],
    ['http://240.0.0.1/', '240.0.0.1'],
    ['http://255.255.255.255/', '255.255.255.255'],
    // IPv6 loopback, unspecified, and IPv4-mapped / -compatible / -translated forms.
    ['http://[::1]/', '[::1]'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]'],
    ['http://[::]/', '[::]'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['http://[::ffff:a9fe:a9fe]/', '[::ffff:a9fe:a9fe]'],
    ['http://[::7f00:1]/', '[::7f00:1]'],
    ['http://[::127.0.0.1]/', '[::7f00:1]'],
    ['http://[::808:808]/', '[::808:808]'],
    ['http://[::ffff:0:127.0.0.1]/', '[::ffff:0:7f00:1]'],
    // NAT64 (RFC 6052 well-known prefix, RFC 8215 local-use prefix) embedding any IPv4.
    ['http://[64:ff9b::127.0.0.1]/', '[64:ff9b::7f00:1]'],
    ['http://[64:ff9b::a00:1]/', '[64:ff9b::a00:1]'],
    ['http://[64:ff9b::808:808]/', '[64:ff9b::808:808]'],
    ['http://[64:ff9b:1::a00:1]/', '[64:ff9b:1::a00:1]'],
    // 6to4 (RFC 3056) embedding a private IPv4 in bits 16–47.
    ['http://[2002:7f00:1::]/', '[2002:7f00:1::]'],
    ['http://[2002:c0a8:101::1]/', '[2002:c0a8:101::1]'],
    ['http://[2002:a00:1::1]/', '[2002:a00:1::1]'],
    // Teredo and other IETF protocol assignments (2001::/23), documentation (2001:db8::/32, 3fff::/20).
    ['http://[2001::1]/', '[2001::1]'],
    ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', '[2001:0:4136:e378:8000:63bf:3fff:fdd2]'],
    ['http://[2001:db8::1]/', '[2001:db8::1]'],
    ['http://[3fff::1]/', '[3fff::1]'],
    // Unique-local, link-local, site-local, multicast, discard-only: all outside 2000::/3.
    ['http://[fc00::1]/', '[fc00::1]'],
    ['http://[fd12:3456::1]/', '[fd12:3456::1]'],
    ['http://[fe80::1]/', '[fe80::1]'],
    ['http://[febf::1]/', '[febf::1]'],
    ['http://[fec0::1]/', '[fec0::1]'],
    ['http://[ff02::1]/', '[ff02::1]'],
    ['http://[100::1]/', '[100::1]'],
    // Local-only names, with or without a trailing dot, any case.
    ['http://localhost/', 'localhost'],
    ['http://LOCALHOST/', 'localhost'],
    ['http://localhost./', 'localhost.'],
    ['http://foo.localhost/', 'foo.localhost'],
    ['http://foo.localhost./', 'foo.localhost.'],
    ['http://localhost.localdomain/', 'localhost.localdomain'],
    ['http://printer.local/', 'printer.local'],
    ['http://metadata.google.internal/', 'metadata.google.internal'],
    ['http://router.home.arpa/', 'router.home.arpa'],
  ])('%s (parsed host %s)', (url, parsedHost) => {
    expect(new URL(url).hostname).toBe(parsedHost);
    expect(refused(url)).toMatchObject({ ok: false, error: { reason: 'private_host' } });
  });

  it.each(['http://[fe80::1%25eth0]/', 'http://[fe80::1%eth0]/', 'http://[::ffff:127.0.0.1%25x]/', 'http://999.1.1.1/', 'http://1.2.3.4.5/', 'http://ⅰ27.0.0.1/'])(
    '%s is not a valid URL (zone ids and bad IPv4 are rejected by the parser)',
    (url) => expect(refused(url)).toMatchObject({ ok: false, error: { reason: 'bad_url' } }),
  );
});

describe('URLs that stay allowed', () => {
  it.each([
    'http://example.com/',
    'https://8.8.8.8/',
    'http://100.63.255.255/',
    'http://100.128.0.1/',
    'http://172.32.0.1/',
    'http://198.17.255.255/',
    'http://198.20.0.1/',
    'http://223.255.255.255/',
    'http://[2606:4700::1111]/',
    'http://[2a00:1450:4001::200e]/',
    'http://[2002:808:808::1]/',
    'http://127.0.0.1.nip.io/',
    'http://127.0.0.1:8787@example.com/',
    'http://localhost.example.com/',
  ])('%s', (url) => expect(refused(url).ok).toBe(true));
});

describe('isPrivateHost on raw host strings (not yet through the URL parser)', () => {
  it.each(['0x7f.1', '127.1', '2130706433', '0177.0.0.1', '[::7f00:1]', '::127.0.0.1', '64:ff9b::7f00:1', '[2002:7f00:1::]', 'LOCALHOST.', '[fe80::1%eth0]', 'not a host'])(
    '%s is private (or unreadable, which is refused too)',
    (h) => expect(isPrivateHost(h)).toBe(true),
  );
});
