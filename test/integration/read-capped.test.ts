/**
 * readTextCapped (issue 9 item 9): an oversized request body is left untouched (declared too large)
 * or read to its end and discarded within bounds (found too large), never cancelled, so a 413 does
 * not break a keep-alive connection (test/e2e/keepalive-413.e2e.ts checks that against wrangler
 * dev); an upstream response body is cancelled.
 */
import { describe, expect, it } from 'vitest';
import { readTextCapped } from '../../src/platform/read-capped.ts';

/** A body of `chunks` chunks of `size` bytes (then done, or a stall when `stall`), with what happened to it. */
function body(chunks: number, size: number, stall = false) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= chunks) {
          if (stall) return new Promise(() => undefined);
          controller.close();
          return;
        }
        seen.pulled++;
        controller.enqueue(new Uint8Array(size).fill(0x61));
        return undefined;
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

describe('readTextCapped', () => {
  it('reads a body within the cap', async () => {
    const b = body(3, 10);
    expect(await readTextCapped(b.stream, 30)).toBe('a'.repeat(30));
  });

  it('a request body declared too large is not touched', async () => {
    const b = body(5, 10);
    expect(await readTextCapped(b.stream, 30, '50')).toBeUndefined();
    expect(b.stream.locked).toBe(false);
    expect(b.seen).toEqual({ pulled: 0, cancelled: false });
  });

  it('a request body found too large is read to its end and discarded, not cancelled', async () => {
    const b = body(100, 10);
    expect(await readTextCapped(b.stream, 30)).toBeUndefined();
    expect(b.seen).toEqual({ pulled: 100, cancelled: false });
  });

  it('discarding stops after drainMaxBytes, without cancelling', async () => {
    const b = body(1_000_000, 1024);
    expect(await readTextCapped(b.stream, 1024, null, { drainMaxBytes: 64 * 1024 })).toBeUndefined();
    expect(b.seen.pulled).toBeLessThan(100);
    expect(b.seen.cancelled).toBe(false);
  });

  it('discarding stops after drainMaxMs when the client stalls', async () => {
    const b = body(5, 10, true);
    const started = Date.now();
    expect(await readTextCapped(b.stream, 30, null, { drainMaxMs: 50 })).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(b.seen.cancelled).toBe(false);
  });

  it('an upstream response (overflow: cancel) is cancelled, declared or found too large', async () => {
    const declared = body(5, 10);
    expect(await readTextCapped(declared.stream, 30, '50', { overflow: 'cancel' })).toBeUndefined();
    expect(declared.seen.cancelled).toBe(true);
    const found = body(100, 10);
    expect(await readTextCapped(found.stream, 30, null, { overflow: 'cancel' })).toBeUndefined();
    expect(found.seen).toMatchObject({ cancelled: true });
    expect(found.seen.pulled).toBeLessThan(10);
  });
});
