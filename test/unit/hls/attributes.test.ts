import { describe, expect, it } from 'vitest';
import { parseAttributeList, parseResolution, replaceQuotedAttribute } from '../../../src/core/hls/attributes.ts';

describe('attribute lists (RFC 8216bis §4.2)', () => {
  it('parses quoted values with commas and unquoted tokens', () => {
    const a = parseAttributeList('BANDWIDTH=1280000,CODECS="avc1.4d401f,mp4a.40.2",RESOLUTION=640x360,NAME="a, b"');
    expect(a.get('BANDWIDTH')).toBe('1280000');
    expect(a.get('CODECS')).toBe('avc1.4d401f,mp4a.40.2');
    expect(a.get('NAME')).toBe('a, b');
    expect(parseResolution(a.get('RESOLUTION'))).toEqual({ width: 640, height: 360 });
  });
  it('is tolerant of garbage', () => {
    expect(() => parseAttributeList('=,,"unterminated')).not.toThrow();
    expect(parseAttributeList('A="x').get('A')).toBe('x');
  });
  it('replaces only the named attribute', () => {
    const line = '#EXT-X-MEDIA:TYPE=AUDIO,X-URI="keep",URI="a.m3u8",NAME="x"';
    expect(replaceQuotedAttribute(line, 'URI', '/new.m3u8')).toBe('#EXT-X-MEDIA:TYPE=AUDIO,X-URI="keep",URI="/new.m3u8",NAME="x"');
    expect(replaceQuotedAttribute('#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS', 'URI', 'x')).toBe('#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS');
  });
});
