/** `nextToken` encoding, parsing and expiry (docs/mediatailor-compat.md §3.4). */
import { describe, expect, it } from 'vitest';
import { encodeNextToken, parseNextToken, TOKEN_LIFETIME_MS } from '../../../src/core/tracking/next-token.ts';

const NOW = Date.UTC(2023, 6, 31, 16, 54, 4, 805);
/** The token of the MediaTailor guide (docs/mediatailor-compat.md §3.1). */
const DOC_TOKEN = 'UFQzOS4zMzlTXzIwMjMtMDctMzFUMTY6NTQ6MDQuODA1Mzk2NTI5Wl8x';

describe('encodeNextToken', () => {
  it('is base64 of <ISO duration>_<issue instant>_1, the decoded MediaTailor form', () => {
    const token = encodeNextToken({ lastEventStartMs: 39_339, issuedAtMs: NOW });
    expect(atob(token)).toBe('PT39.339S_2023-07-31T16:54:04.805Z_1');
  });

  it('round-trips', () => {
    const token = encodeNextToken({ lastEventStartMs: 116_060, issuedAtMs: NOW });
    expect(parseNextToken(token, NOW + 1000)).toEqual({ ok: true, value: { lastEventStartMs: 116_060, issuedAtMs: NOW } });
  });
});

describe('parseNextToken', () => {
  it("reads MediaTailor's own token (nanosecond issue time)", () => {
    expect(parseNextToken(DOC_TOKEN, NOW)).toEqual({ ok: true, value: { lastEventStartMs: 39_339, issuedAtMs: NOW } });
  });

  it('accepts the URL-encoded and unpadded forms', () => {
    const token = btoa('PT1.5S_2023-07-31T16:54:04.8Z_1'); // ends in "="
    expect(token.endsWith('=')).toBe(true);
    for (const form of [token, token.replace(/=/g, '%3D'), token.replace(/=+$/, ''), ` ${token} `]) {
      const r = parseNextToken(form, NOW);
      expect(r.ok && r.value.lastEventStartMs).toBe(1500);
    }
  });

  it('accepts an issue time with an offset', () => {
    const r = parseNextToken(btoa('PT1S_2023-07-31T18:54:04.805+02:00_1'), NOW);
    expect(r.ok && r.value.issuedAtMs).toBe(NOW);
  });

  it('expires 24 h after issue', () => {
    const token = encodeNextToken({ lastEventStartMs: 1000, issuedAtMs: NOW });
    expect(parseNextToken(token, NOW + TOKEN_LIFETIME_MS).ok).toBe(true);
    expect(parseNextToken(token, NOW + TOKEN_LIFETIME_MS + 1)).toEqual({ ok: false, error: { kind: 'expired', issuedAtMs: NOW } });
  });

  it('accepts a token issued slightly "in the future" (another isolate\'s clock)', () => {
    expect(parseNextToken(encodeNextToken({ lastEventStartMs: 0, issuedAtMs: NOW + 5000 }), NOW).ok).toBe(true);
  });

  it.each([
    '',
    '!!!',
    'a',
    '%E0%A4%A',
    btoa('PT1S_2023-07-31T16:54:04Z'),
    btoa('PT1S_2023-07-31T16:54:04Z_x'),
    btoa('1.5_2023-07-31T16:54:04Z_1'),
    btoa('PT1S_yesterday_1'),
    btoa('PT1S_2023-13-31T16:54:04Z_1'),
    btoa('PT1S_2023-07-31T16:54:04Z_1_2'),
    btoa('\u00ff\u00fe'),
    'A'.repeat(2000),
  ])('malformed %j is an error value', (token) => {
    const r = parseNextToken(token, NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('malformed');
  });

  it('never throws on arbitrary input', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 80);
      let s = '';
      for (let j = 0; j < len; j++) s += String.fromCharCode(Math.floor(rand() * 256));
      expect(() => parseNextToken(s, NOW)).not.toThrow();
      expect(() => parseNextToken(btoa(s), NOW)).not.toThrow();
    }
  });
});
