/**
 * DASH session helpers for the integration tests: start a session through `/v1/dash` (implicit:
 * the 302) or `/v1/session` (explicit), read an MPD's periods with our parser and with an
 * independent one (mpd-parser, test/helpers/mpd-meaning.ts), list an ad period's segment URLs.
 */
import { expect } from 'vitest';
import { childElements, parseMpd, textContent, type ParsedMpd } from '../../src/core/dash/index.ts';
import { mpdMeaning, type MeaningRepresentation } from '../helpers/mpd-meaning.ts';
import { ACCT, ORIGIN, json, text } from './helpers.ts';

export interface DashPeriod {
  readonly id: string;
  readonly startSec: number;
  readonly durationSec?: number;
  /** Period-level BaseURL, when there is one (ad and slate periods). */
  readonly baseUrl?: string;
}

export function mustParseMpd(body: string): ParsedMpd {
  const r = parseMpd(body);
  if (!r.ok) throw new Error(`${r.error.message}\n${body.slice(0, 500)}`);
  return r.value;
}

export function periodsOf(body: string): DashPeriod[] {
  const mpd = mustParseMpd(body);
  const els = childElements(mpd.doc.root, 'Period');
  return mpd.periods.map((p, i) => {
    const base = els[i] ? childElements(els[i], 'BaseURL')[0] : undefined;
    return {
      id: p.id ?? '',
      startSec: p.startSec,
      ...(p.durationSec !== undefined ? { durationSec: p.durationSec } : {}),
      ...(base ? { baseUrl: textContent(base).trim() } : {}),
    };
  });
}

/** Implicit init: the 302 (checked), then the first MPD. */
export async function implicitDash(cfg: string, asset: string, query = '', headers: Record<string, string> = {}): Promise<{ sid: string; url: string; body: string }> {
  const first = await text(`/v1/dash/${ACCT}/${cfg}/${asset}${query}`, { redirect: 'manual', headers });
  expect(first.status, first.body).toBe(302);
  const location = first.res.headers.get('location') ?? '';
  const url = new URL(location, ORIGIN).toString();
  const sid = new URL(url).searchParams.get('aws.sessionId') ?? '';
  const mpd = await text(url, { headers });
  expect(mpd.status, mpd.body).toBe(200);
  return { sid, url, body: mpd.body };
}

/** Explicit init: `{manifestUrl, trackingUrl}`, then the first MPD. */
export async function explicitDash(cfg: string, asset: string, body: Record<string, unknown> = {}): Promise<{ sid: string; url: string; trackingUrl: string; body: string }> {
  const init = await json<{ manifestUrl: string; trackingUrl: string }>(`/v1/session/${ACCT}/${cfg}/${asset}`, { method: 'POST', body: JSON.stringify(body) });
  expect(init.status).toBe(200);
  const url = new URL(init.body.manifestUrl, ORIGIN).toString();
  const sid = new URL(url).searchParams.get('aws.sessionId') ?? '';
  const mpd = await text(url);
  expect(mpd.status, mpd.body).toBe(200);
  return { sid, url, trackingUrl: new URL(init.body.trackingUrl, ORIGIN).toString(), body: mpd.body };
}

/** What an independent parser reads (every representation of every period). */
export function meaning(body: string, url: string, nowMs?: number): MeaningRepresentation[] {
  return mpdMeaning(body, url, nowMs);
}
