/**
 * @module core/hls/multivariant
 * Rewrites an origin multivariant playlist into the session's: every variant, audio, subtitle and
 * I-frame URI points at `/v1/manifest/{acct}/{cfg}/{sid}/{n}.m3u8` (issue 2 §5; docs/mediatailor-compat.md §1,
 * MediaTailor's `../../../manifest/...` relative form). Pure, one pass; unknown tags pass through.
 */
import { parseAttributeList, parseResolution, replaceQuotedAttribute } from './attributes.ts';
import { forEachLine, tagName, tagValue } from './lines.ts';
import { resolveUri } from '../url/query.ts';

export type RenditionKind = 'variant' | 'audio' | 'subtitles' | 'video' | 'iframe';

/** What the session keeps about each media playlist `n` (variant matching, docs/architecture.md §5). */
export interface Rendition {
  readonly index: number;
  readonly kind: RenditionKind;
  readonly originUrl: string;
  readonly bandwidth?: number;
  readonly averageBandwidth?: number;
  readonly width?: number;
  readonly height?: number;
  readonly codecs?: string;
  readonly frameRate?: number;
  readonly audioGroup?: string;
  readonly subtitlesGroup?: string;
  readonly groupId?: string;
  readonly language?: string;
  readonly name?: string;
}

export interface MultivariantRewrite {
  readonly text: string;
  readonly renditions: readonly Rendition[];
  /** The origin sent a media playlist where a multivariant one was expected; we wrapped it. */
  readonly wrappedMediaPlaylist: boolean;
}

/**
 * @param originUrl the URL the playlist was fetched from (base for relative URIs)
 * @param mediaUrlFor the session URL for media playlist `n` (already carrying manifest params)
 */
export function rewriteMultivariantPlaylist(text: string, originUrl: string, mediaUrlFor: (index: number) => string): MultivariantRewrite {
  const out: string[] = [];
  const renditions: Rendition[] = [];
  const indexByUrl = new Map<string, number>();
  let pendingVariant: Omit<Rendition, 'index' | 'originUrl'> | undefined;
  let isMediaPlaylist = false;

  const register = (absolute: string, info: Omit<Rendition, 'index' | 'originUrl'>): number => {
    const existing = indexByUrl.get(absolute);
    if (existing !== undefined) return existing;
    const index = renditions.length;
    renditions.push({ index, originUrl: absolute, ...info });
    indexByUrl.set(absolute, index);
    return index;
  };
  const absolute = (uri: string): string => resolveUri(uri, originUrl) ?? uri;

  forEachLine(text, (line) => {
    if (pendingVariant && line !== '' && !line.startsWith('#')) {
      const n = register(absolute(line.trim()), pendingVariant);
      pendingVariant = undefined;
      out.push(mediaUrlFor(n));
      return;
    }
    const tag = tagName(line);
    switch (tag) {
      case 'EXT-X-STREAM-INF':
        pendingVariant = variantInfo('variant', tagValue(line));
        out.push(line);
        return;
      case 'EXT-X-I-FRAME-STREAM-INF':
      case 'EXT-X-MEDIA': {
        const attrs = parseAttributeList(tagValue(line));
        const uri = attrs.get('URI');
        if (uri === undefined) {
          out.push(line); // CLOSED-CAPTIONS and muxed renditions have no URI
          return;
        }
        const info = tag === 'EXT-X-MEDIA' ? mediaInfo(attrs) : variantInfo('iframe', tagValue(line));
        const n = register(absolute(uri), info);
        out.push(replaceQuotedAttribute(line, 'URI', mediaUrlFor(n)));
        return;
      }
      case 'EXT-X-SESSION-KEY':
      case 'EXT-X-SESSION-DATA':
      case 'EXT-X-IMAGE-STREAM-INF': {
        // Not personalized: keep them working by making their URIs absolute to the origin.
        const uri = parseAttributeList(tagValue(line)).get('URI');
        out.push(uri === undefined ? line : replaceQuotedAttribute(line, 'URI', absolute(uri)));
        return;
      }
      case 'EXT-X-CONTENT-STEERING': {
        const uri = parseAttributeList(tagValue(line)).get('SERVER-URI');
        out.push(uri === undefined ? line : replaceQuotedAttribute(line, 'SERVER-URI', absolute(uri)));
        return;
      }
      case 'EXTINF':
      case 'EXT-X-TARGETDURATION':
        isMediaPlaylist = true;
        out.push(line);
        return;
      default:
        out.push(line);
    }
  });

  if (isMediaPlaylist && renditions.length === 0) {
    // Some origins answer the master URL with a media playlist. Serve a one-variant multivariant
    // playlist whose only media playlist is that URL, so the session still personalizes it.
    register(originUrl, { kind: 'variant' });
    const wrapped = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-STREAM-INF:BANDWIDTH=1000000', mediaUrlFor(0), ''];
    return { text: wrapped.join('\n'), renditions, wrappedMediaPlaylist: true };
  }
  return { text: ensureTrailingNewline(out.join('\n')), renditions, wrappedMediaPlaylist: false };
}

function variantInfo(kind: 'variant' | 'iframe', attrText: string): Omit<Rendition, 'index' | 'originUrl'> {
  const a = parseAttributeList(attrText);
  const res = parseResolution(a.get('RESOLUTION'));
  return compact({
    kind,
    bandwidth: num(a.get('BANDWIDTH')),
    averageBandwidth: num(a.get('AVERAGE-BANDWIDTH')),
    width: res?.width,
    height: res?.height,
    codecs: a.get('CODECS'),
    frameRate: num(a.get('FRAME-RATE')),
    audioGroup: a.get('AUDIO'),
    subtitlesGroup: a.get('SUBTITLES'),
  });
}

function mediaInfo(a: Map<string, string>): Omit<Rendition, 'index' | 'originUrl'> {
  const type = a.get('TYPE');
  const kind: RenditionKind = type === 'SUBTITLES' ? 'subtitles' : type === 'VIDEO' ? 'video' : 'audio';
  return compact({ kind, groupId: a.get('GROUP-ID'), language: a.get('LANGUAGE'), name: a.get('NAME'), codecs: a.get('CODECS') });
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  // SAFETY: removing undefined-valued keys leaves exactly the defined ones.
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

export function ensureTrailingNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
