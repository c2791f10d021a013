/**
 * @module core/creatives/packaged-manifest
 * Checks the creative.json a packager hands in when it completes a job, before the Worker
 * publishes it (docs/packaging-creatives.md "Store layout"): it must be JSON for this key, every
 * path must lie in the job's own folder (a packager can only publish what it uploaded under its
 * lease), and the edge must be able to build a creative from it (aligned video renditions with
 * segments). Returns the files to look for in the store before publishing. Pure.
 */
import { creativeFromStoreManifest } from './creative-media.ts';
import { err, ok, type Result } from '../result.ts';

export const MAX_MANIFEST_BYTES = 256 * 1024;

export interface CheckedManifest {
  /** The manifest as it will be stored. */
  readonly text: string;
  /** Paths relative to `creatives/{key}/` that must exist: playlists, init segments, last segments. */
  readonly mustExist: readonly string[];
  readonly durationSec: number;
  readonly renditionCount: number;
}

export function checkPackagedManifest(text: string, key: string, jobDir: string): Result<CheckedManifest, string> {
  if (text.length > MAX_MANIFEST_BYTES) return err(`creative.json is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return err('creative.json is not JSON');
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return err('creative.json is not an object');
  const o = m as Record<string, unknown>;
  if (o['key'] !== key) return err(`creative.json is for key ${JSON.stringify(o['key'])}, not ${key}`);
  const renditions = Array.isArray(o['renditions']) ? (o['renditions'] as unknown[]) : [];
  if (renditions.length === 0) return err('creative.json has no renditions');
  const inJob = (p: unknown): p is string => typeof p === 'string' && p.startsWith(`${jobDir}/`) && !p.includes('..') && /^[A-Za-z0-9._/-]+$/.test(p);
  const mustExist: string[] = [];
  for (const [i, r] of renditions.entries()) {
    const x = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    if (!inJob(x['path'])) return err(`rendition ${i}: path must be inside ${jobDir}/`);
    if (x['initPath'] !== undefined && !inJob(x['initPath'])) return err(`rendition ${i}: initPath must be inside ${jobDir}/`);
    const durations = Array.isArray(x['segmentDurationsSec']) ? x['segmentDurationsSec'].length : 0;
    const ext = typeof x['segmentExt'] === 'string' ? x['segmentExt'] : 'ts';
    const dir = x['path'].replace(/\/?index\.m3u8$/, '');
    mustExist.push(x['path']);
    if (typeof x['initPath'] === 'string') mustExist.push(x['initPath']);
    if (durations > 0) mustExist.push(`${dir}/seg${String(durations - 1).padStart(3, '0')}.${ext}`);
  }
  for (const field of ['hls', 'dash']) {
    if (o[field] === undefined) continue;
    if (!inJob(o[field])) return err(`${field} must be inside ${jobDir}/`);
    mustExist.push(o[field]);
  }
  const built = creativeFromStoreManifest('check', key, text, 'https://check.invalid/');
  if (!built.ok) return err(`creative.json is not usable: ${built.error.message}`);
  if (built.value.renditions.length !== renditions.length) return err('creative.json has renditions the edge cannot use (bad path, segment extension or durations, or audio not aligned with the video)');
  return ok({ text, mustExist, durationSec: built.value.durationSec, renditionCount: renditions.length });
}
