/**
 * Property: the VAST/VMAP readers and the resolver never throw, whatever the ad server sends.
 * Inputs are random VAST/VMAP trees and mutations of the IAB samples (truncation, byte flips,
 * spliced fragments, hostile names), drawn from a seeded PRNG so failures reproduce.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mulberry32 as prng } from '../../helpers/prng.ts';
import { parseVast } from '../../../src/core/vast/parse-vast.ts';
import { parseVmap } from '../../../src/core/vast/parse-vmap.ts';
import { detectAdResponseKind } from '../../../src/core/vast/detect.ts';
import { resolveAdResponse } from '../../../src/core/vast/resolve.ts';
import { creativeStoreKeys, streamingMediaFiles } from '../../../src/core/vast/media-select.ts';
import type { FetchAdXml } from '../../../src/core/vast/resolve-types.ts';
import { fixture } from './helpers.ts';


const SAMPLES = readdirSync(fileURLToPath(new URL('../../fixtures/vast/', import.meta.url)))
  .filter((f) => f.endsWith('.xml'))
  .map(fixture);

const NAMES = [
  'VAST', 'Ad', 'InLine', 'Wrapper', 'AdSystem', 'AdTitle', 'Impression', 'Error', 'Creatives', 'Creative', 'Linear',
  'Duration', 'TrackingEvents', 'Tracking', 'MediaFiles', 'MediaFile', 'Mezzanine', 'VideoClicks', 'ClickThrough',
  'CompanionAds', 'Companion', 'NonLinearAds', 'NonLinear', 'StaticResource', 'HTMLResource', 'Icons', 'Icon',
  'AdVerifications', 'Verification', 'JavaScriptResource', 'Extensions', 'Extension', 'VASTAdTagURI', 'UniversalAdId',
  'vmap:VMAP', 'vmap:AdBreak', 'vmap:AdSource', 'vmap:VASTAdData', 'vmap:AdTagURI', 'AdParameters', 'constructor',
];
const ATTRS = ['id', 'sequence', 'event', 'offset', 'delivery', 'type', 'bitrate', 'width', 'skipoffset', 'timeOffset', 'breakType', 'allowMultipleAds', 'followAdditionalWrappers'];
const VALUES = ['1', '0', '-5', 'true', 'streaming', 'start', '00:00:15', '25%', '#2', 'end', 'x'.repeat(50), '', '&amp;', '[ERRORCODE]', 'NaN', '1e400'];
const TEXTS = ['https://a.example/x', '<![CDATA[https://b.example/y]]>', '00:00:10.5', 'about:blank', '&lt;p&gt;', ' ', 'é日\u0000', ']]>', '&#x1F600;', '&#xD800;', '&bogus;'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function randomTree(rand: () => number, depth: number): string {
  const name = depth === 0 ? pick(rand, ['VAST', 'vmap:VMAP']) : pick(rand, NAMES);
  const attrs = Array.from({ length: Math.floor(rand() * 3) }, () => ` ${pick(rand, ATTRS)}="${pick(rand, VALUES)}"`).join('');
  if (depth > 6 || rand() < 0.25) return `<${name}${attrs}>${rand() < 0.7 ? pick(rand, TEXTS) : ''}</${name}>`;
  const kids = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => randomTree(rand, depth + 1)).join('');
  return `<${name}${attrs}>${kids}</${name}>`;
}

function mutate(rand: () => number, xml: string): string {
  let s = xml;
  const rounds = 1 + Math.floor(rand() * 4);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(rand() * (s.length + 1));
    switch (Math.floor(rand() * 6)) {
      case 0:
        s = s.slice(0, at);
        break;
      case 1:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x3000)) + s.slice(at + 1);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at + Math.floor(rand() * 40));
        break;
      case 3:
        s = s.slice(0, at) + randomTree(rand, 1) + s.slice(at);
        break;
      case 4:
        s = s.slice(0, at) + pick(rand, ['<', '>', '&', '"', '<![CDATA[', '<!--', '</Ad>', '<__proto__/>', '\uFEFF']) + s.slice(at);
        break;
      default:
        s = s.replace(/sequence="\d+"/, `sequence="${pick(rand, VALUES)}"`);
    }
  }
  return s;
}

function inputs(seed: number, count: number): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = rand() < 0.5 ? pick(rand, SAMPLES) : randomTree(rand, 0);
    out.push(rand() < 0.85 ? mutate(rand, base) : base);
  }
  return out;
}

describe('never throws', () => {
  it('parseVast, parseVmap, detectAdResponseKind and the media helpers on 1500 random documents', () => {
    for (const xml of inputs(0xc0ffee, 1500)) {
      let vastResult;
      try {
        vastResult = parseVast(xml);
        parseVmap(xml);
        detectAdResponseKind(xml);
      } catch (e) {
        throw new Error(`threw on input ${JSON.stringify(xml.slice(0, 300))}: ${String(e)}`);
      }
      expect(typeof vastResult.ok).toBe('boolean');
      if (vastResult.ok) {
        for (const ad of vastResult.document.ads) {
          if (ad.kind !== 'inline') continue;
          streamingMediaFiles(ad);
          creativeStoreKeys(ad);
        }
      }
    }
  });

  it('resolveAdResponse resolves (never rejects) against an ad server answering random documents', async () => {
    const rand = prng(42);
    const docs = inputs(7, 300);
    // Every URL answers a random document; wrappers in the samples point at real-looking URLs.
    const fetchXml: FetchAdXml = async () => {
      const roll = rand();
      if (roll < 0.05) throw new Error('port exploded');
      if (roll < 0.1) return { ok: false, kind: 'timeout', message: 't', durationMs: 1 };
      return { ok: true, status: roll < 0.15 ? 500 : 200, body: pick(rand, docs), durationMs: 1 };
    };
    let clock = 0;
    for (const xml of docs.slice(0, 150)) {
      const r = await resolveAdResponse({
        rootXml: xml,
        fetchXml,
        isAllowedUrl: () => ({ ok: true }),
        nowMs: () => (clock += 1),
        budgetMs: 10_000,
      });
      expect(Array.isArray(r.trace)).toBe(true);
    }
  });
});
