/**
 * @module routes/admin-logs
 * `POST /adLogs/flush` (control-plane authentication, routes/admin-auth): every log shard seals
 * its open batches and writes them to R2 now, instead of at `LOG_BATCH_MAX_AGE_SEC` (docs/ad-logs.md
 * "Flush now"). For operations and local runs (`npm run logs:report` calls it on a local
 * service). Answers what was written per shard; a shard whose puts failed keeps its batches and
 * retries them on its alarm, as always.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { logShardName, shardCountOf } from '../platform/log-producer.ts';
import type { LogShard } from '../platform/log-shard.ts';
import { requireAdmin } from './admin-auth.ts';

export const adminLogRoutes = new Hono<AppEnv>();

adminLogRoutes.use('/adLogs/*', requireAdmin);

adminLogRoutes.post('/adLogs/flush', async (c) => {
  // SAFETY(type): LOG_SHARDS is bound to class LogShard (wrangler.toml).
  const ns = c.env.LOG_SHARDS as DurableObjectNamespace<LogShard>;
  const shards = await Promise.all(
    Array.from({ length: shardCountOf(c.env) }, async (_, i) => {
      const r = await ns.getByName(logShardName(i)).flush();
      return { shard: logShardName(i), written: r.writtenKeys, failed: r.failedKeys };
    }),
  );
  const written = shards.reduce((n, s) => n + s.written.length, 0);
  const failed = shards.reduce((n, s) => n + s.failed.length, 0);
  return c.json({ written, failed, shards }, failed > 0 ? 502 : 200, { 'cache-control': 'no-store' });
});
