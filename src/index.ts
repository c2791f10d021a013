import { Hono } from 'hono';
import { DurableObject } from 'cloudflare:workers';

const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));
export default app;
export class SessionObject extends DurableObject {}
export class ConfigStore extends DurableObject {}
export class LogShard extends DurableObject {}
