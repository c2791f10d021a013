/**
 * A loopback HTTP server for packager tests: serves files, and misbehaves on request (404, 503,
 * a 2 GB Content-Length, a body that never ends, a redirect). Every path also answers under
 * `/demo/`, like the service's own demo media. No network.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

export interface MezzanineServer {
  readonly origin: string;
  /** Serves `body` (or the file at `path`) at `/media/{name}`. */
  put(name: string, body: Uint8Array | string): void;
  putFile(name: string, path: string): void;
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startMezzanineServer(): Promise<MezzanineServer> {
  const files = new Map<string, Uint8Array>();
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(url.pathname);
    // `/demo/…` is the same as `/…`: the packager lets the service's own demo URLs through its host policy.
    url.pathname = url.pathname.replace(/^\/demo\//, '/');
    const name = url.pathname.replace(/^\/media\//, '');
    switch (url.pathname) {
      case '/fault/404':
        return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      case '/fault/503':
        return void res.writeHead(503).end('busy');
      case '/fault/huge':
        // Claims 2 GB, sends a few bytes: the packager must refuse on the header, not download.
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(2 * 1024 ** 3) });
        return void res.write(new Uint8Array(1024));
      case '/fault/endless':
        res.writeHead(200, { 'content-type': 'video/mp4' });
        return void res.write(new Uint8Array(1024));
      case '/fault/chunked-big': {
        res.writeHead(200, { 'content-type': 'video/mp4' });
        for (let i = 0; i < 64; i++) res.write(new Uint8Array(64 * 1024));
        return void res.end();
      }
      case '/fault/redirect-private':
        return void res.writeHead(302, { location: 'http://10.1.2.3/ad.mp4' }).end();
    }
    if (url.pathname.startsWith('/redirect/')) return void res.writeHead(301, { location: `/media/${url.pathname.slice(10)}` }).end();
    const body = files.get(name);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(body.byteLength) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    put: (name, body) => files.set(name, typeof body === 'string' ? new TextEncoder().encode(body) : body),
    putFile: (name, path) => files.set(name, new Uint8Array(readFileSync(path))),
    hits,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
