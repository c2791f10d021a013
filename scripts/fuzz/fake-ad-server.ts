/**
 * @module scripts/fuzz/fake-ad-server
 * The resolver's fuzz harness: the input is the ad server's response, and every wrapper or VMAP
 * AdTagURI it points at is answered in memory, chosen by a hash of the URL so a run replays: the
 * input itself again (loops, fan-out), an InLine, an empty VAST, an HTTP error, a timeout, a
 * refused redirect, or a port that throws. The real host policy judges every URL.
 */
import { checkOutboundUrl } from '../../src/core/net/host-policy.ts';
import { resolveAdResponse, type AdResolution, type FetchAdXml, type FetchAdXmlResult } from '../../src/core/vast/index.ts';
import { hash32 } from './generate.ts';

const INLINE = `<VAST version="4.2"><Ad id="x"><InLine><AdSystem>f</AdSystem><AdTitle>t</AdTitle><Impression><![CDATA[https://t.example/i]]></Impression>
<Creatives><Creative id="c"><Linear><Duration>00:00:10</Duration><MediaFiles><MediaFile delivery="streaming" type="application/x-mpegURL" width="640" height="360"><![CDATA[https://cdn.example/a/index.m3u8]]></MediaFile></MediaFiles></Linear></Creative></Creatives></InLine></Ad></VAST>`;

export function resolveInMemory(rootXml: string): Promise<AdResolution> {
  let now = 0;
  const fetchXml: FetchAdXml = async (url, { timeoutMs }): Promise<FetchAdXmlResult> => {
    now += 10;
    switch (hash32(url) % 8) {
      case 0:
      case 1:
        return { ok: true, status: 200, body: rootXml, durationMs: 10 };
      case 2:
      case 3:
        return { ok: true, status: 200, body: INLINE, durationMs: 10 };
      case 4:
        return { ok: true, status: 200, body: '<VAST version="4.2"/>', durationMs: 10 };
      case 5:
        return { ok: false, kind: 'http', status: 503, message: 'HTTP 503', durationMs: 10 };
      case 6:
        now += timeoutMs;
        return { ok: false, kind: 'timeout', message: `no response within ${timeoutMs} ms`, durationMs: timeoutMs };
      default:
        if (url.length % 2 === 0) return { ok: false, kind: 'disallowed', status: 302, message: 'redirect refused', durationMs: 10 };
        throw new Error('port failure');
    }
  };
  return resolveAdResponse({
    rootXml,
    rootUrl: 'https://ads.example/vast?s=1',
    fetchXml,
    isAllowedUrl: (url) => {
      const c = checkOutboundUrl(url, false);
      return c.ok ? { ok: true } : { ok: false, reason: c.error.message };
    },
    budgetMs: 10_000,
    nowMs: () => now,
  });
}
