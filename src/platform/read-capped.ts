/**
 * @module platform/read-capped
 * Reads a body stream up to a byte cap, so a huge request or upstream response cannot exhaust
 * the isolate's 128 MB (Workers limits, platform reference B1).
 */

/** The body as text, or undefined when it is larger than `maxBytes` (the stream is cancelled). */
export async function readTextCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null): Promise<string | undefined> {
  const bytes = await readBytesCapped(body, maxBytes, declaredLength);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** The body's bytes, or undefined when it is larger than `maxBytes` (the stream is cancelled). */
export async function readBytesCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number, declaredLength?: string | null): Promise<Uint8Array | undefined> {
  if (declaredLength && Number(declaredLength) > maxBytes) {
    await body?.cancel();
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
      await reader.cancel();
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
