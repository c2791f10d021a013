import { describe, expect, it } from 'vitest';
import { buildOriginUrl, validateAssetPath } from '../../../src/core/url/asset-path.ts';

describe('validateAssetPath (docs/architecture.md §10)', () => {
  it('accepts nested relative paths and re-encodes them canonically', () => {
    expect(validateAssetPath('live/master.m3u8')).toEqual({ ok: true, value: 'live/master.m3u8' });
    expect(validateAssetPath('a%20b/c.m3u8')).toEqual({ ok: true, value: 'a%20b/c.m3u8' });
    expect(validateAssetPath('a b/c.m3u8')).toEqual({ ok: true, value: 'a%20b/c.m3u8' });
  });
  it.each([
    ['..', 'a/../b.m3u8'],
    ['encoded dot segment', 'a/%2e%2e/b.m3u8'],
    ['single dot', './b.m3u8'],
    ['encoded slash', 'a%2Fb.m3u8'],
    ['encoded slash lower', 'a%2fb.m3u8'],
    ['backslash', 'a\\b.m3u8'],
    ['encoded backslash', 'a%5Cb.m3u8'],
    ['absolute URL', 'http://evil.example/x.m3u8'],
    ['scheme-relative', '//evil.example/x.m3u8'],
    ['empty segment', 'a//b.m3u8'],
    ['control character', 'a%0Ab.m3u8'],
    ['bad percent-encoding', 'a%zzb.m3u8'],
    ['empty', ''],
  ])('refuses %s', (_name, path) => {
    const r = validateAssetPath(path);
    expect(r.ok).toBe(false);
  });
  it('refuses over-long paths', () => {
    expect(validateAssetPath('a'.repeat(3000)).ok).toBe(false);
  });
});

describe('buildOriginUrl', () => {
  it('joins prefix and asset with one slash', () => {
    const a = buildOriginUrl('https://origin.example/out/v1', 'live/master.m3u8');
    const b = buildOriginUrl('https://origin.example/out/v1/', 'live/master.m3u8');
    expect(a.ok && a.value.toString()).toBe('https://origin.example/out/v1/live/master.m3u8');
    expect(b.ok && b.value.toString()).toBe('https://origin.example/out/v1/live/master.m3u8');
  });
  it('rejects an invalid prefix', () => {
    expect(buildOriginUrl('not a url', 'a.m3u8').ok).toBe(false);
  });
});
