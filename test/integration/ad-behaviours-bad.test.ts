/**
 * Bad values of the issue-13 behaviours through the Worker (issue 13 "Tests"): a bumper on a
 * private host, a live pre-roll whose ad server times out, a POST body template that grows past
 * 100,000 characters, one over the limit at PUT. Each is a logged skip or a clear error, and the
 * playlist stays whole.
 */
import { describe, expect, it } from 'vitest';
import { LIVE } from '../../demo/origin.ts';
import { parsePlaylistForCheck } from '../helpers/hls-invariants.ts';
import { ACCT, json, mediaUrls, putConfig, setDemoClock, text } from './helpers.ts';
import { mediatailorLines } from './log-lines.ts';

const at = (seq: number) => LIVE.epochMs + seq * 2000 + 500;
const moveTo = (seq: number) => setDemoClock(at(seq) - Date.now());
const ADS = '{{self}}/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]';

async function liveSession(config: string): Promise<{ video: string; sid: string }> {
  const init = await json<{ manifestUrl: string }>(`/v1/session/${ACCT}/${config}/live/master.m3u8`, { method: 'POST', body: '{}' });
  expect(init.status, JSON.stringify(init.body)).toBe(200);
  const master = await text(init.body.manifestUrl);
  const video = mediaUrls(master.body, init.body.manifestUrl)[1] as string;
  return { video, sid: /\/([0-9a-f-]{36})\//.exec(video)?.[1] ?? '' };
}

/** The playlist parses and its content segments are the origin's, in order. */
function whole(body: string): string[] {
  const p = parsePlaylistForCheck(body);
  expect(p.segments.length).toBeGreaterThan(0);
  return p.segments.map((s) => /\/demo\/media\/([^/]+)\//.exec(s.uri)?.[1] ?? s.uri);
}

describe('bad values play on', () => {
  it('a start bumper on a private host is skipped with its reason in FILLED_AVAIL; the end bumper and the ads play', async () => {
    const put = await putConfig({ Name: 'bad-bumper', VideoContentSourceUrl: '{{self}}/demo/origin', AdDecisionServerUrl: ADS, Bumper: { StartUrl: 'http://10.0.0.1/bumper/index.m3u8', EndUrl: '{{self}}/demo/media/bumper/index.m3u8' } });
    expect(put.status).toBe(200);
    await moveTo(66);
    const s = await liveSession('bad-bumper');
    await text(s.video);
    await moveTo(88);
    const r = await text(s.video);
    expect(r.status).toBe(200);
    const kinds = whole(r.body);
    // The break: content, then the ads straight away (no start bumper), the end bumper last, content again.
    const from = kinds.findIndex((k) => k !== 'content');
    const to = kinds.length - 1 - [...kinds].reverse().findIndex((k) => k !== 'content');
    const inBreak = kinds.slice(from, to + 1);
    expect(from).toBeGreaterThan(0);
    expect(to).toBeLessThan(kinds.length - 1);
    expect(inBreak[0], JSON.stringify(kinds)).toBe('ads');
    expect(inBreak[inBreak.length - 1]).toBe('bumper');
    expect(inBreak.filter((k) => k === 'bumper')).toHaveLength(1);
    const lines = await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    const filled = JSON.stringify(lines.find((l) => l['eventType'] === 'FILLED_AVAIL'));
    expect(filled).toMatch(/start bumper http:\/\/10\.0\.0\.1\/bumper\/index\.m3u8 skipped/);
    expect(filled).toMatch(/end bumper \S+\/demo\/media\/bumper\/index\.m3u8 played/);
  });

  it('a live pre-roll whose ad server times out: the content plays whole, the timeout is logged', async () => {
    const put = await putConfig({
      Name: 'bad-preroll', VideoContentSourceUrl: '{{self}}/demo/origin', AdDecisionServerUrl: ADS,
      LivePreRollConfiguration: { AdDecisionServerUrl: '{{self}}/demo/ads/vast?fault=timeout&session=[session.id]', MaxDurationSeconds: 20 },
    });
    expect(put.status).toBe(200);
    await moveTo(40);
    const s = await liveSession('bad-preroll');
    const first = await text(s.video);
    expect(first.status).toBe(200);
    expect(new Set(whole(first.body))).toEqual(new Set(['content']));
    // The ad server answers after 5 s; the request gives up at 3 s. The next reload logs it.
    await new Promise((r) => setTimeout(r, 3_500));
    const again = await text(s.video);
    expect(new Set(whole(again.body))).toEqual(new Set(['content']));
    const lines = await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'ERROR_ADS_TIMEOUT'));
    expect(lines.map((l) => l['eventType'])).toContain('ERROR_ADS_TIMEOUT');
  }, 20_000);

  it('a POST body template that grows past 100,000 characters is not sent: the break plays slate, the reason is logged', async () => {
    // 7,142 × "{{session.id}}" is 99,988 characters as written, 257,112 once each is a 36-character id.
    const put = await putConfig({
      Name: 'bad-body', VideoContentSourceUrl: '{{self}}/demo/origin', AdDecisionServerUrl: ADS, SlateAdUrl: '{{self}}/demo/media/slate/index.m3u8',
      AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: '{{session.id}}'.repeat(7142) } },
    });
    expect(put.status).toBe(200);
    await moveTo(66);
    const s = await liveSession('bad-body');
    await text(s.video);
    await moveTo(88);
    const r = await text(s.video);
    expect(r.status).toBe(200);
    const kinds = whole(r.body);
    expect(kinds).toContain('slate');
    expect(kinds).not.toContain('ads');
    const lines = await mediatailorLines(s.sid, (ls) => ls.some((l) => l['eventType'] === 'FILLED_AVAIL'));
    expect(JSON.stringify(lines)).toMatch(/the ADS request body is 257112 characters with its variables filled; the limit is 100000/);
  });

  it('a Body over 100,000 characters is refused at PUT with a clear message', async () => {
    const put = await putConfig({ Name: 'too-big', VideoContentSourceUrl: 'https://origin.example/live', AdDecisionServerConfiguration: { HttpRequest: { Method: 'POST', Body: 'x'.repeat(100_001) } } });
    expect(put.status).toBe(400);
    expect(((await put.json()) as { message: string }).message).toMatch(/Body/);
  });
});
