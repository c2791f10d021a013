/** Reads a session's ad log back from the AD_LOGS bucket in worker integration tests. */
import { env } from 'cloudflare:workers';

/** The session's MediaTailor-format ad log lines, once its outbox and the shards have delivered. */
export async function mediatailorLines(sid: string, want: (lines: Record<string, unknown>[]) => boolean): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    for (let i = 0; i < 4; i++) await env.LOG_SHARDS.getByName(`ad-log-shard-${i}`).flush();
    const lines: Record<string, unknown>[] = [];
    const listed = await env.AD_LOGS.list({ prefix: 'ad-logs/mediatailor/' });
    for (const o of listed.objects) {
      const body = await (await env.AD_LOGS.get(o.key))?.text();
      for (const l of (body ?? '').split('\n')) if (l.includes(sid)) lines.push(JSON.parse(l) as Record<string, unknown>);
    }
    if (want(lines) || Date.now() > deadline) return lines;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every ad log line in the bucket (all formats) and the object keys, once `done` says so or after 15 s. */
export async function adLogLines(done: (lines: string[]) => boolean): Promise<{ lines: string[]; keys: string[] }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    for (let i = 0; i < 4; i++) await env.LOG_SHARDS.getByName(`ad-log-shard-${i}`).flush();
    const keys = (await env.AD_LOGS.list({ prefix: 'ad-logs/' })).objects.map((o) => o.key);
    const lines: string[] = [];
    for (const k of keys) lines.push(...((await (await env.AD_LOGS.get(k))?.text()) ?? '').split('\n').filter((l) => l.trim() !== ''));
    if (done(lines) || Date.now() > deadline) return { lines, keys };
    await new Promise((r) => setTimeout(r, 200));
  }
}
