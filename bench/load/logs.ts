/**
 * @module bench/load/logs
 * The ad logs of a load run, read where `wrangler dev` keeps the local R2 bucket (each object is
 * a file under `state/v3/r2/{bucket}/blobs`), counted by the report command's own aggregation
 * (core/logs/report): per format the ad requests, successful requests, avails and beacons. The
 * three formats must tell the same story of the same run (docs/ad-logs.md "What the three formats
 * agree on"). Log batches reach R2 after LOG_BATCH_MAX_AGE_SEC (300 s) at the latest, so the
 * counts are complete only after that long without traffic.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { addLine, createReport, summarize } from '../../src/core/logs/report.ts';

export interface LogStory {
  readonly format: string;
  readonly lines: number;
  readonly adRequests: number;
  readonly successful: number;
  readonly avails: number;
  readonly beacons: number;
}

/** The counts of every object in the local bucket `bucket` of the dev server's state folder. */
export function readRunLogs(stateDir: string, bucket: string): { objects: number; stories: LogStory[] } {
  const blobs = path.join(stateDir, 'v3', 'r2', bucket, 'blobs');
  const files = existsSync(blobs) ? readdirSync(blobs) : [];
  const report = createReport();
  for (const f of files) {
    const raw = readFileSync(path.join(blobs, f));
    // Gzip magic (AdLogGzip): the key's .gz is not in the blob's file name.
    const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    for (const line of text.split('\n')) if (line.trim() !== '') addLine(report, line);
  }
  const stories = summarize(report).map((s) => ({
    format: s.format,
    lines: s.lines,
    adRequests: s.adRequests,
    successful: s.successfulAdRequests,
    avails: s.avails,
    beacons: s.beaconsByType.reduce((n, [, c]) => n + c, 0),
  }));
  return { objects: files.length, stories };
}

/** What differs between the formats' counts (empty: the same story). Brightcove writes an ad's impression and start both as AdStart: counted as beacons, they agree. */
export function storyMismatches(stories: readonly LogStory[]): string[] {
  const out: string[] = [];
  for (const key of ['adRequests', 'successful', 'avails', 'beacons'] as const) {
    const values = new Set(stories.map((s) => s[key]));
    if (values.size > 1) out.push(`${key}: ${stories.map((s) => `${s.format} ${s[key]}`).join(', ')}`);
  }
  return out;
}
