/**
 * An in-memory ad server for the resolver: URL → answer, every request it receives recorded (what
 * the ad server saw, to count log lines against), a clock that advances with each answer.
 */
import { resolveAdResponse, type AdResolution, type FetchAdXmlResult, type ResolveOptions } from '../../src/core/vast/index.ts';

export type ScriptedAnswer =
  | string
  | { readonly status: number; readonly body?: string; readonly durationMs?: number; readonly headers?: readonly (readonly [string, string])[] }
  | { readonly timeout: true }
  | { readonly refusedRedirect: string };

export interface ScriptedAdServer {
  readonly requests: string[];
  resolve(rootUrl: string, opts?: Partial<Pick<ResolveOptions, 'maxRequests' | 'maxConcurrentRequests' | 'maxDepth' | 'budgetMs'>>): Promise<AdResolution>;
}

/** Unknown URLs answer 404. Each answer takes `durationMs` (default 20) on the clock. */
export function scriptedAdServer(answers: Readonly<Record<string, ScriptedAnswer>> | ((url: string) => ScriptedAnswer)): ScriptedAdServer {
  const requests: string[] = [];
  let now = 1_000_000;
  const answerOf = (url: string): ScriptedAnswer => (typeof answers === 'function' ? answers(url) : (answers[url] ?? { status: 404, body: 'not found' }));
  return {
    requests,
    resolve(rootUrl, opts = {}) {
      return resolveAdResponse({
        rootUrl,
        fetchXml: async (url, { timeoutMs }): Promise<FetchAdXmlResult> => {
          requests.push(url);
          const a = answerOf(url);
          if (typeof a === 'string') {
            now += 20;
            return {
              ok: true,
              status: 200,
              body: a,
              durationMs: 20,
              measure: { headersMs: 15, bodyMs: 5, responseBytes: new TextEncoder().encode(a).byteLength, responseHeaders: [['Content-Type', 'application/xml']] },
            };
          }
          if ('timeout' in a) {
            now += timeoutMs;
            return { ok: false, kind: 'timeout', message: `no response within ${timeoutMs} ms`, durationMs: timeoutMs };
          }
          if ('refusedRedirect' in a) {
            now += 10;
            return { ok: false, kind: 'disallowed', status: 302, message: `HTTP 302 redirect to ${a.refusedRedirect} refused`, durationMs: 10 };
          }
          const durationMs = a.durationMs ?? 20;
          now += durationMs;
          const body = a.body ?? '';
          const measured = { durationMs, measure: { headersMs: durationMs - 5, bodyMs: 5, responseBytes: new TextEncoder().encode(body).byteLength, responseHeaders: a.headers ?? [] } };
          if (a.status >= 200 && a.status < 300) return { ok: true, status: a.status, body, ...measured };
          return { ok: false, kind: 'http', status: a.status, message: `HTTP ${a.status}`, ...measured };
        },
        isAllowedUrl: (url) => (new URL(url).hostname.endsWith('.internal') ? { ok: false, reason: 'host is private' } : { ok: true }),
        nowMs: () => now,
        ...opts,
      });
    },
  };
}
