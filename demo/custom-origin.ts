/**
 * @module demo/custom-origin
 * An origin that serves what it is given, for trying manifests nobody generated here (a
 * packager's MPD, the MediaTailor guide's examples, a broken or hostile MPD) through the service:
 * `PUT /demo/origin/custom/{name}` stores the body, `GET /demo/origin/custom/{name}/{anything}`
 * answers it (any file name, so a configuration's asset path can end in `.mpd` or `.m3u8`).
 * Kept in this isolate's memory, bounded (64 documents, 16 MiB each): demo only, like the clock.
 */
import { Hono } from 'hono';
import { errorResponse } from '../src/http/api-error.ts';
import { readTextCapped } from '../src/platform/read-capped.ts';
import type { DemoAppEnv } from './env.ts';

const MAX_DOCUMENTS = 64;
const MAX_BYTES = 16 * 1024 * 1024;
const documents = new Map<string, { body: string; contentType: string }>();

export const customOriginRoutes = new Hono<DemoAppEnv>();

customOriginRoutes.put('/origin/custom/:name{[A-Za-z0-9._-]{1,64}}', async (c) => {
  const body = await readTextCapped(c.req.raw.body, MAX_BYTES, c.req.header('content-length'));
  if (body === undefined) return errorResponse(413, `a custom origin document is at most ${MAX_BYTES} bytes`);
  const name = c.req.param('name');
  documents.delete(name);
  documents.set(name, { body, contentType: c.req.header('content-type') ?? 'application/octet-stream' });
  // The oldest goes first when full.
  for (const key of documents.keys()) {
    if (documents.size <= MAX_DOCUMENTS) break;
    documents.delete(key);
  }
  return c.body(null, 204);
});

customOriginRoutes.get('/origin/custom/:name/*', (c) => {
  const doc = documents.get(c.req.param('name'));
  if (!doc) return errorResponse(404, 'no custom origin document of that name');
  return c.body(doc.body, 200, { 'content-type': doc.contentType, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
});
