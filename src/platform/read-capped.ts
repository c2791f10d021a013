/**
 * @module platform/read-capped
 * Reads a body stream up to a byte cap, so a huge request or upstream response cannot exhaust
 * the isolate's 128 MB (Workers limits, (Workers platform limits).
 *
 * An oversized REQUEST body must not be cancelled: under `wrangler dev` a route that cancelled
 * its request body and answered 413 left the keep-alive connection broken (the next POST got 503
 * "Your worker restarted mid-request", the next GET no answer; an oversized chunked body got the
 * connection closed with no response). A body declared too large by Content-Length is left
 * untouched (the runtime discards it); one found too large while reading is read to its end and
 * discarded, within bounds, so the 413 goes out on a connection that can carry the next request.
 */

/**
 * Most bytes discarded after the cap: 100 MB is the request body limit of the Workers Free and Pro
 * plans, so in production the platform never hands us more; under `wrangler dev` the rest is left.
 */
export const DRAIN_MAX_BYTES = 100 * 1024 * 1024;
/** Longest wait for a client to finish sending a body that is being discarded. */
export const DRAIN_MAX_MS = 10_000;

export interface CapOptions {
  /**
   * What to do with the rest of an oversized body: `drain` (default) for request bodies (see
   * above), `cancel` for upstream responses (we are the client; cancelling closes our subrequest).
   */
  readonly overflow?: 'drain' | 'cancel';
  readonly drainMaxBytes?: number;
  readonly drainMaxMs?: number;
}

/** The body as text, or undefined when it is larger than `maxBytes`. */
export async function readTextCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null, opts: CapOptions = {}): Promise<string | undefined> {
  return (await readBodyCapped(body, maxBytes, declaredLength, opts))?.text;
}

/** The body as text with its size in bytes (what a log's range_bytes reports), or undefined when it is larger than `maxBytes`. */
export async function readBodyCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  declaredLength?: string | null,
  opts: CapOptions = {},
): Promise<{ text: string; bytes: number } | undefined> {
  const bytes = await readBytesCapped(body, maxBytes, declaredLength, opts);
  return bytes === undefined ? undefined : { text: new TextDecoder().decode(bytes), bytes: bytes.byteLength };
}

/** The body's bytes (what a SigV4 payload hash covers), or undefined when it is larger than `maxBytes`. */
export async function readBytesCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null, opts: CapOptions = {}): Promise<Uint8Array | undefined> {
  if (declaredLength && Number(declaredLength) > maxBytes) {
    if (opts.overflow === 'cancel') await body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      if (opts.overflow === 'cancel') await reader.cancel().catch(() => undefined);
      else await discardRest(reader, opts.drainMaxBytes ?? DRAIN_MAX_BYTES, opts.drainMaxMs ?? DRAIN_MAX_MS);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * Reads and drops the rest of a request body, up to `maxBytes` and `maxMs`. Beyond them the body
 * is left as it is (not cancelled: under `wrangler dev` a cancelled body loses the response too).
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number, maxMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), maxMs);
  });
  try {
    let discarded = 0;
    while (discarded <= maxBytes) {
      const r = await Promise.race([reader.read(), late]);
      if (r === 'late' || r.done) return;
      discarded += r.value.byteLength;
    }
  } catch {
    // The client went away: nothing left to drain.
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
