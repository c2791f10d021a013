/**
 * @module bench/request-latency
 * The whole media playlist request under `wrangler dev` (issue 8, "Speed"): edge-ssai's
 * personalized media playlist against the same origin playlist through a ten-line pass-through
 * Worker (bench/request/passthrough-worker.ts), same loopback origin, interleaved; for a window
 * outside any break and one inside a personalized break (ads stitched). Target: p50 ratio ≤ 1.5
 * both ways, and one Durable Object round trip per media playlist request, counted from the
 * Server-Timing header every playback answer carries.
 *
 * Also measured, with no personalization at all, what the platform costs in each design that was
 * considered for the request (docs/architecture.md "Session core"): the object fetches the origin
 * (edge-ssai's), the Worker fetches and hands the text to the object, and the earlier design with
 * a second round trip for the session's context.
 *
 * Run: `npm run bench -- request` (bench/run.mjs). Flags: `--quick`, `--rounds=N` (default 400),
 * `--segments=N` per window (default 30).
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeMachine, machineNote } from './lib/machine.ts';
import { median, pairedRatio, p95 } from './lib/stats.ts';
import { startDevServer, type DevServer } from './segment/wrangler.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number): number => Number(argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const quick = argv.includes('--quick');
const ROUNDS = quick ? 40 : flag('rounds', 400);
const SEGMENTS = flag('segments', 30);
const WARMUP = quick ? 5 : 30;
const ADMIN_TOKEN = 'bench-admin-token';
const root = process.cwd();

/** A live window of 2 s segments; `inBreak` puts the window inside a 60 s break that started within it. */
function window(inBreak: boolean): string {
  const first = 50_000;
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-PROGRAM-DATE-TIME:2026-06-01T12:00:00.000Z'];
  const breakAt = Math.floor(SEGMENTS / 3);
  for (let i = 0; i < SEGMENTS; i++) {
    if (inBreak && i === breakAt) lines.push('#EXT-X-CUE-OUT:60.000');
    else if (inBreak && i > breakAt) lines.push(`#EXT-X-CUE-OUT-CONT:${((i - breakAt) * 2).toFixed(3)}/60`);
    lines.push('#EXTINF:2.000,', `seg_${first + i}.ts`);
  }
  return `${lines.join('\n')}\n`;
}

function startOrigin(): Promise<{ server: Server; base: string }> {
  const bodies: Record<string, string> = {
    '/live/out/master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720\nv0.m3u8\n',
    '/live/in/master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,RESOLUTION=1280x720\nv0.m3u8\n',
    '/live/out/v0.m3u8': window(false),
    '/live/in/v0.m3u8': window(true),
  };
  const server = createServer((req, res) => {
    const body = bodies[(req.url ?? '').split('?')[0] ?? ''];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve({ server, base: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

async function timedGet(url: string): Promise<{ ms: number; status: number; serverTiming: string; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status, serverTiming: res.headers.get('server-timing') ?? '', bytes: body.byteLength };
}

/** A client-side session of `asset` on edge-ssai: its first media playlist URL, warmed (ads decided). */
async function edgeMediaUrl(edge: DevServer, asset: 'in' | 'out'): Promise<string> {
  const acct = '6a4f1cf6d1dd4bd09d5c2e5f6b3d2a9e01c4b7f3';
  const init = (await (await fetch(`${edge.baseUrl}/v1/session/${acct}/bench/live/${asset}/master.m3u8`, { method: 'POST', body: '{}' })).json()) as { manifestUrl: string };
  const masterUrl = `${edge.baseUrl}${init.manifestUrl}`;
  const master = await (await fetch(masterUrl)).text();
  const media = new URL(master.split('\n').find((l) => l !== '' && !l.startsWith('#')) ?? '', masterUrl).toString();
  for (let i = 0; i < WARMUP; i++) await timedGet(media);
  const text = await (await fetch(media)).text();
  if (asset === 'in' && !text.includes('/demo/media/ads/')) throw new Error('self-check: the break is not personalized');
  if (asset === 'out' && text.includes('/demo/media/ads/')) throw new Error('self-check: ads outside a break');
  return media;
}

async function main(): Promise<void> {
  const machine = machineNote();
  console.log(`Whole media playlist request under wrangler dev — ${describeMachine(machine)}${quick ? '; QUICK run' : ''}`);
  const origin = await startOrigin();
  const [edge, pass] = await Promise.all([
    startDevServer({ root, vars: { DEMO_ENABLED: 'true', ADMIN_TOKEN, ALLOW_PRIVATE_HOSTS: 'true' } }),
    startDevServer({ root, vars: { ORIGIN: origin.base }, config: 'bench/request/wrangler.toml', readyPath: '/healthz' }),
  ]);
  try {
    const put = await fetch(`${edge.baseUrl}/playbackConfiguration`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        Name: 'bench',
        VideoContentSourceUrl: origin.base,
        AdDecisionServerUrl: `${edge.baseUrl}/demo/ads/vast?duration=[session.avail_duration_secs]&session=[session.id]&avail=[avail.index]`,
        SlateAdUrl: `${edge.baseUrl}/demo/media/slate/index.m3u8`,
      }),
    });
    if (!put.ok) throw new Error(`configuration PUT failed: ${put.status} ${await put.text()}`);
    const candidates: Record<string, string> = {
      'edge-ssai, outside a break': await edgeMediaUrl(edge, 'out'),
      'edge-ssai, inside a break': await edgeMediaUrl(edge, 'in'),
      'pass-through, outside': `${pass.baseUrl}/live/out/v0.m3u8?mode=worker`,
      'pass-through, inside': `${pass.baseUrl}/live/in/v0.m3u8?mode=worker`,
      'design: object fetches origin': `${pass.baseUrl}/live/in/v0.m3u8?mode=do-fetch`,
      'design: Worker fetches, one RPC': `${pass.baseUrl}/live/in/v0.m3u8?mode=worker-then-do`,
      'design: two RPCs': `${pass.baseUrl}/live/in/v0.m3u8?mode=two-rpc`,
    };
    const names = Object.keys(candidates);
    for (const n of names) for (let i = 0; i < WARMUP; i++) await timedGet(candidates[n] as string);
    const ms: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const calls: number[] = [];
    let failures = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (let k = 0; k < names.length; k++) {
        const n = names[(r + k) % names.length] as string;
        const res = await timedGet(candidates[n] as string);
        if (res.status !== 200) failures++;
        (ms[n] as number[]).push(res.ms);
        if (n.startsWith('edge-ssai')) calls.push(Number(/desc="(\d+) call/.exec(res.serverTiming)?.[1] ?? Number.NaN));
      }
    }
    const base = (n: string): number[] => ms[n.includes('outside') ? 'pass-through, outside' : 'pass-through, inside'] as number[];
    const rows = names.map((n) => {
      const m = ms[n] as number[];
      const ratio = n.startsWith('pass-through') ? 1 : pairedRatio(m, base(n));
      return { candidate: n, p50Ms: median(m), p95Ms: p95(m), vsPassThroughP50: median(m) / median(base(n)), pairedRatio: ratio };
    });
    console.log(`\n${ROUNDS} interleaved rounds, ${SEGMENTS}-segment windows; ratios against the pass-through of the same window\n`);
    for (const row of rows) console.log(`${row.candidate.padEnd(34)} p50 ${row.p50Ms.toFixed(2).padStart(7)} ms   p95 ${row.p95Ms.toFixed(2).padStart(7)} ms   p50/pass-through ${row.vsPassThroughP50.toFixed(2)}   median paired ratio ${row.pairedRatio.toFixed(2)}`);
    const callCounts = [...new Set(calls)];
    console.log(`\nsession object round trips per edge-ssai media playlist request: ${callCounts.join(', ')} (${calls.length} requests); non-200 answers: ${failures}`);
    const verdicts = [
      ...rows.filter((r) => r.candidate.startsWith('edge-ssai')).map((r) => ({ budget: `p50 ≤ 1.5× pass-through (${r.candidate})`, pass: r.vsPassThroughP50 <= 1.5, detail: r.vsPassThroughP50.toFixed(2) })),
      { budget: 'one session object call per media playlist request', pass: callCounts.length === 1 && callCounts[0] === 1, detail: callCounts.join(', ') },
    ];
    for (const v of verdicts) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.budget}: ${v.detail}`);
    if (failures > 0 || calls.some((c) => !Number.isFinite(c))) throw new Error('self-check: failed requests or no Server-Timing');
    if (!quick) {
      const out = path.join(root, 'bench', 'results', 'request-latency.json');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify({ benchmark: 'request-latency', measuredAt: new Date().toISOString(), machine: { ...machine, loadAvg1mAtEnd: machineNote().loadAvg1m }, wrangler: edge.wranglerVersion, rounds: ROUNDS, segments: SEGMENTS, rows, sessionCalls: callCounts, verdicts }, null, 2)}\n`);
      console.log(`\nwrote ${path.relative(root, out)}`);
    }
  } finally {
    await Promise.all([edge.stop(), pass.stop()]);
    origin.server.close();
  }
}

await main();
