/**
 * @module bench/load/player
 * The players of the load harness: implicit (server-side beacon) sessions on the demo, as a
 * player walks them. A live player joins at the live edge outside a break, reloads its media
 * playlist every target duration, requests each new segment once, and leaves only outside a break
 * once its time is up. A VOD player walks the whole asset at `speed`× real time, then starts a new
 * session, until its time is up. Every request's status is counted; ad segments (`/v1/segment`,
 * 302) are classified by their redirect (an ad creative or slate) so that the harness knows which
 * ads each session played through (bench/load/audit).
 */
import { Agent, request } from 'node:http';
import { PLAYER_HEADERS } from '../segment/player.ts';

export type SessionKind = 'live' | 'vod' | 'vod-vmap';

/** Where each kind plays: configuration and asset of the demo. */
export const SESSION_PATHS: Readonly<Record<SessionKind, { config: string; asset: string }>> = {
  live: { config: 'demo', asset: 'live' },
  vod: { config: 'demo', asset: 'vod' },
  'vod-vmap': { config: 'demo-vmap', asset: 'vod-vmap' },
};

export interface PlayedSession {
  readonly kind: SessionKind;
  sid: string;
  requests: number;
  /** `route status` → count, for answers outside 2xx/3xx (status 0: no answer). */
  readonly failures: Map<string, number>;
  /** Ads played from their first segment to their last (each should fire its six linear events). */
  fullAds: number;
  /** Breaks entered (runs of `/v1/segment` requests). */
  breaks: number;
}

export class LoadClient {
  readonly #agent: Agent;
  constructor(maxSockets: number) {
    this.#agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** GET; the body is kept only when `text`, otherwise read and dropped. Never throws: status 0 on failure. */
  get(url: string, text: boolean): Promise<{ status: number; location?: string; body: string }> {
    return new Promise((resolve) => {
      const req = request(url, { headers: PLAYER_HEADERS, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          if (text) chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers.location ? { location: res.headers.location } : {}), body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, body: '' }));
      });
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, body: '' }));
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

interface Segment {
  readonly seq: number;
  readonly uri: string;
}

/** Segments of a media playlist with their media sequence numbers. */
export function playlistSegments(text: string, base: string): { segments: Segment[]; targetSec: number } {
  const first = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  const targetSec = Number(/#EXT-X-TARGETDURATION:(\d+)/.exec(text)?.[1] ?? 2);
  const uris = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  return { segments: uris.map((u, i) => ({ seq: first + i, uri: new URL(u, base).toString() })), targetSec };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Counts a session's requests and follows which ad it is in. */
class Tracker {
  #run: { key: string; lastIdx: number; full: boolean } | undefined;
  #inBreak = false;
  constructor(readonly s: PlayedSession) {}

  count(route: string, status: number): void {
    this.s.requests++;
    if (status < 200 || status >= 400) this.s.failures.set(`${route} ${status}`, (this.s.failures.get(`${route} ${status}`) ?? 0) + 1);
  }

  /** An ad segment's redirect: `/demo/media/ads/<creative>/<rendition>/seg<N>.ts`, or slate. */
  adSegment(location: string | undefined): void {
    const m = /\/ads\/([^/]+)\/[^/]+\/seg(\d+)\./.exec(location ?? '');
    if (!m) {
      this.endRun();
      return;
    }
    const [key, idx] = [m[1] as string, Number(m[2])];
    if (this.#run && this.#run.key === key && idx === this.#run.lastIdx + 1) {
      this.#run.lastIdx = idx;
      return;
    }
    this.endRun();
    this.#run = { key, lastIdx: idx, full: idx === 0 };
  }

  content(): void {
    this.endRun();
    this.#inBreak = false;
  }

  enterBreak(): void {
    if (!this.#inBreak) this.s.breaks++;
    this.#inBreak = true;
  }

  endRun(): void {
    if (this.#run?.full) this.s.fullAds++;
    this.#run = undefined;
  }
}

async function openSession(client: LoadClient, masterUrl: string, t: Tracker): Promise<string | undefined> {
  const master = await client.get(masterUrl, true);
  t.count('master', master.status);
  const variant = master.body.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
  if (master.status !== 200 || !variant) return undefined;
  const mediaUrl = new URL(variant.trim(), masterUrl).toString();
  t.s.sid = /\/([0-9a-f-]{36})\/\d+\.m3u8/.exec(mediaUrl)?.[1] ?? '';
  return mediaUrl;
}

async function playSegment(client: LoadClient, uri: string, t: Tracker): Promise<'ad' | 'content'> {
  if (uri.includes('/segment/')) {
    t.enterBreak();
    const r = await client.get(uri, false);
    t.count('segment', r.status);
    t.adSegment(r.status === 302 ? r.location : undefined);
    return 'ad';
  }
  const r = await client.get(uri, false);
  t.count('content', r.status);
  t.content();
  return 'content';
}

/** One live session from the live edge until `untilMs`, leaving outside a break. */
export async function playLive(client: LoadClient, masterUrl: string, untilMs: number): Promise<PlayedSession> {
  const s: PlayedSession = { kind: 'live', sid: '', requests: 0, failures: new Map(), fullAds: 0, breaks: 0 };
  const t = new Tracker(s);
  const mediaUrl = await openSession(client, masterUrl, t);
  if (!mediaUrl) return s;
  let lastSeq = -1;
  let started = false;
  let last: 'ad' | 'content' = 'content';
  for (;;) {
    const t0 = Date.now();
    const media = await client.get(mediaUrl, true);
    t.count('media', media.status);
    const { segments, targetSec } = playlistSegments(media.body, mediaUrl);
    for (const [i, seg] of segments.entries()) {
      if (seg.seq <= lastSeq) continue;
      // Join at the live edge (the last three segments), and never in the middle of a break.
      if (!started && (i < segments.length - 3 || seg.uri.includes('/segment/'))) {
        lastSeq = seg.seq;
        continue;
      }
      started = true;
      last = await playSegment(client, seg.uri, t);
      lastSeq = seg.seq;
    }
    if (Date.now() >= untilMs && last === 'content' && started) break;
    if (Date.now() >= untilMs + 120_000) break; // a break that never ends: give up
    await sleep(targetSec * 1000 - (Date.now() - t0));
  }
  t.endRun();
  return s;
}

/** One VOD session, every segment in order at `speed`× real time. */
export async function playVod(client: LoadClient, masterUrl: string, kind: 'vod' | 'vod-vmap', speed: number): Promise<PlayedSession> {
  const s: PlayedSession = { kind, sid: '', requests: 0, failures: new Map(), fullAds: 0, breaks: 0 };
  const t = new Tracker(s);
  const mediaUrl = await openSession(client, masterUrl, t);
  if (!mediaUrl) return s;
  const media = await client.get(mediaUrl, true);
  t.count('media', media.status);
  const { segments, targetSec } = playlistSegments(media.body, mediaUrl);
  for (const seg of segments) {
    const t0 = Date.now();
    await playSegment(client, seg.uri, t);
    await sleep((targetSec * 1000) / speed - (Date.now() - t0));
  }
  t.endRun();
  return s;
}
