/**
 * @module platform/log-r2-writer
 * Writes one sealed log batch as one R2 object (docs/architecture.md §8, workers-platform B5). Platform.
 * The key is decided by the shard before the first attempt; this module only encodes and puts,
 * so a retry after a failed or unknown-outcome put writes the same bytes under the same key.
 *
 * Gzipped objects get `Content-Type: application/gzip` and no `Content-Encoding`: S3 clients and
 * `fetch` would otherwise decompress on download and readers could not tell what they got.
 */
import type { AdLogStreamId } from '../core/logs/log-config.ts';

/** The part of `R2Bucket` the writer needs; tests wrap it to inject failures. */
export interface LogObjectSink {
  put(key: string, value: ArrayBuffer | string, options?: R2PutOptions): Promise<unknown>;
}

export interface BatchObject {
  readonly objectKey: string;
  readonly streamId: AdLogStreamId;
  readonly gzip: boolean;
  readonly text: string;
  readonly lineCount: number;
}

async function gzipText(text: string): Promise<ArrayBuffer> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

const contentTypeOf = (streamId: AdLogStreamId): string => (streamId.startsWith('uplynk-') ? 'text/tab-separated-values; charset=utf-8' : 'application/x-ndjson; charset=utf-8');

/** Puts the batch; rejects when R2 does (the caller retries later with the same object). */
export async function putBatchObject(sink: LogObjectSink, batch: BatchObject): Promise<void> {
  const body = batch.gzip ? await gzipText(batch.text) : batch.text;
  await sink.put(batch.objectKey, body, {
    httpMetadata: { contentType: batch.gzip ? 'application/gzip' : contentTypeOf(batch.streamId) },
    customMetadata: { stream: batch.streamId, lines: String(batch.lineCount) },
  });
}
