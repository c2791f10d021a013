/**
 * Test helpers for the VAST unit tests: fixture loading, small VAST builders and a fake ad
 * server behind the `FetchAdXml` port with a manual clock.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import type { VastDocument } from '../../../src/core/vast/model.ts';
import type { FetchAdXml, FetchAdXmlResult } from '../../../src/core/vast/resolve-types.ts';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/vast/${name}`, import.meta.url)), 'utf8');
}

/** Parses and asserts success, for tests that only look at the document. */
export function mustParse(xml: string): VastDocument {
  const r = parseVast(xml);
  if (!r.ok) throw new Error(`parse failed: ${r.error.kind} ${r.error.message}`);
  return r.document;
}

export interface InlineSpec {
  id: string;
  sequence?: number;
  durationSec?: number;
  mediaUrl?: string;
  extraTracking?: string;
}

/** A VAST 4.2 InLine `<Ad>` with impression, error, start/complete tracking and one MediaFile. */
export function inlineAd(s: InlineSpec): string {
  const seq = s.sequence === undefined ? '' : ` sequence="${s.sequence}"`;
  return `<Ad id="${s.id}"${seq}><InLine>
    <AdSystem>test</AdSystem><AdTitle>${s.id}</AdTitle>
    <Impression><![CDATA[https://ads.example/imp/${s.id}]]></Impression>
    <Error><![CDATA[https://ads.example/err/${s.id}?c=[ERRORCODE]]]></Error>
    <Creatives><Creative id="cr-${s.id}"><Linear><Duration>00:00:${String(s.durationSec ?? 15).padStart(2, '0')}</Duration>
      <TrackingEvents>
        <Tracking event="start"><![CDATA[https://ads.example/start/${s.id}]]></Tracking>
        <Tracking event="complete"><![CDATA[https://ads.example/complete/${s.id}]]></Tracking>
        ${s.extraTracking ?? ''}
      </TrackingEvents>
      <VideoClicks><ClickTracking><![CDATA[https://ads.example/click/${s.id}]]></ClickTracking></VideoClicks>
      <MediaFiles><MediaFile delivery="progressive" type="video/mp4" width="1280" height="720" bitrate="2000">
        <![CDATA[${s.mediaUrl ?? `https://cdn.example/${s.id}.mp4`}]]></MediaFile></MediaFiles>
    </Linear></Creative></Creatives></InLine></Ad>`;
}

export interface WrapperSpec {
  id: string;
  tagUri: string;
  sequence?: number;
  attrs?: string;
}

/** A Wrapper `<Ad>` with its own impression, error and start/complete/click trackers. */
export function wrapperAd(s: WrapperSpec): string {
  const seq = s.sequence === undefined ? '' : ` sequence="${s.sequence}"`;
  return `<Ad id="${s.id}"${seq}><Wrapper ${s.attrs ?? ''}>
    <AdSystem>wrapper-${s.id}</AdSystem>
    <VASTAdTagURI><![CDATA[${s.tagUri}]]></VASTAdTagURI>
    <Impression><![CDATA[https://wrap.example/imp/${s.id}]]></Impression>
    <Error><![CDATA[https://wrap.example/err/${s.id}?c=[ERRORCODE]]]></Error>
    <Creatives><Creative><Linear><TrackingEvents>
      <Tracking event="start"><![CDATA[https://wrap.example/start/${s.id}]]></Tracking>
      <Tracking event="complete"><![CDATA[https://wrap.example/complete/${s.id}]]></Tracking>
    </TrackingEvents><VideoClicks><ClickTracking><![CDATA[https://wrap.example/click/${s.id}]]></ClickTracking></VideoClicks>
    </Linear></Creative></Creatives></Wrapper></Ad>`;
}

export function vast(ads: string, version = '4.2', rootErrors = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><VAST version="${version}">${rootErrors}${ads}</VAST>`;
}

export type Route = string | { body?: string; status?: number; delayMs?: number; fail?: 'network' | 'http' | 'throw'; hang?: boolean };

/**
 * A fake ad server. Each request advances the clock by its delay (10 ms by default); a delay
 * beyond the granted timeout becomes a timeout after exactly that timeout. Unknown URLs 404.
 */
export function fakeAdServer(routes: Record<string, Route>) {
  const clock = { now: 1_000_000 };
  const calls: { url: string; timeoutMs: number }[] = [];
  const fetchXml: FetchAdXml = async (url, { timeoutMs }): Promise<FetchAdXmlResult> => {
    calls.push({ url, timeoutMs });
    const route = routes[url];
    if (route === undefined) {
      clock.now += 5;
      return { ok: false, kind: 'http', status: 404, message: 'not found', durationMs: 5 };
    }
    const r = typeof route === 'string' ? { body: route } : route;
    const delayMs = r.hang ? Number.POSITIVE_INFINITY : (r.delayMs ?? 10);
    if (delayMs > timeoutMs) {
      clock.now += timeoutMs;
      return { ok: false, kind: 'timeout', message: `timed out after ${timeoutMs} ms`, durationMs: timeoutMs };
    }
    clock.now += delayMs;
    if (r.fail === 'throw') throw new Error('socket hang up');
    if (r.fail === 'network') return { ok: false, kind: 'network', message: 'connection refused', durationMs: delayMs };
    if (r.fail === 'http') return { ok: false, kind: 'http', status: r.status ?? 500, message: 'server error', durationMs: delayMs };
    return { ok: true, status: r.status ?? 200, body: r.body ?? '', durationMs: delayMs };
  };
  return { fetchXml, calls, clock, nowMs: () => clock.now };
}

export const allowAll = (): { ok: true } => ({ ok: true });
