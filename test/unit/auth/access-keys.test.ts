import { describe, expect, it } from 'vitest';
import { parseAccessKeys } from '../../../src/core/auth/access-keys.ts';

describe('AWS_ACCESS_KEYS', () => {
  it('holds several ID:SECRET pairs, separated by commas and/or whitespace', () => {
    const r = parseAccessKeys(' AKIAEDGE1:s3cr3t/Key+1:with-colon ,\n AKIA.edge_2:other\tAKIA3:x ');
    expect(r).toEqual({ ok: true, value: new Map([['AKIAEDGE1', 's3cr3t/Key+1:with-colon'], ['AKIA.edge_2', 'other'], ['AKIA3', 'x']]) });
  });
  it('unset or empty means no keys', () => {
    expect(parseAccessKeys(undefined)).toEqual({ ok: true, value: new Map() });
    expect(parseAccessKeys(' , ')).toEqual({ ok: true, value: new Map() });
  });
  it.each([
    ['AKIA1', 'AWS_ACCESS_KEYS entry 1 is not ACCESS_KEY_ID:SECRET_ACCESS_KEY'],
    ['AKIA1:ok,AKIA2:', 'AWS_ACCESS_KEYS entry 2 is not'],
    [':secret', 'entry 1 is not'],
    ['AK/IA:secret', 'entry 1 is not'],
    ['AKIA1:a,AKIA1:b', 'AWS_ACCESS_KEYS entry 2 repeats an access key id'],
  ])('refuses %j without echoing it', (raw, message) => {
    const r = parseAccessKeys(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain(message);
    expect(!r.ok && r.error).not.toContain('secret');
  });
});
