import { describe, expect, it } from 'vitest';
import { err, ok } from '../../src/core/result.ts';
describe('result', () => {
  it('tags ok and err', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(err('x')).toEqual({ ok: false, error: 'x' });
  });
});
