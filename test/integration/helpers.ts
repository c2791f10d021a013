/** Request helpers for worker integration tests: everything goes through the Worker's own fetch. */
import { env, exports } from 'cloudflare:workers';

export const ORIGIN = 'http://127.0.0.1:8787';
export const ACCT = env.ACCOUNT_ID;
export const ADMIN = { authorization: 'Bearer test-admin-token' };

export function req(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(path.startsWith('http') ? path : `${ORIGIN}${path}`, init));
}

export async function text(path: string, init?: RequestInit): Promise<{ status: number; body: string; res: Response }> {
  const res = await req(path, init);
  return { status: res.status, body: await res.text(), res };
}

export async function json<T = unknown>(path: string, init?: RequestInit): Promise<{ status: number; body: T; res: Response }> {
  const res = await req(path, init);
  return { status: res.status, body: (await res.json()) as T, res };
}

/** URIs of a playlist (non-comment lines), resolved against the playlist URL. */
export function uris(playlist: string, base: string): string[] {
  return playlist.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => new URL(l, base.startsWith('http') ? base : `${ORIGIN}${base}`).toString());
}

/** The media playlist URLs of a multivariant playlist (variants, then EXT-X-MEDIA URIs). */
export function mediaUrls(master: string, base: string): string[] {
  const abs = (u: string): string => new URL(u, `${ORIGIN}${base}`).toString();
  const fromMedia = [...master.matchAll(/#EXT-X-(?:MEDIA|I-FRAME-STREAM-INF):[^\n]*URI="([^"]+)"/g)].map((m) => abs(m[1] as string));
  return [...uris(master, base), ...fromMedia];
}

export async function putConfig(body: unknown): Promise<Response> {
  return req('/playbackConfiguration', { method: 'PUT', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export async function setDemoClock(offsetMs: number): Promise<void> {
  await req('/demo/clock', { method: 'POST', body: JSON.stringify({ offsetMs }) });
}

/** Reads until `done` holds or `timeoutMs` passed (what runs in the background: beacons, log writes); answers the last read. */
export async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await read();
  while (!done(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    v = await read();
  }
  return v;
}
