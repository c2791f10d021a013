/**
 * @module core/dash/mpd-level
 * Edits of the MPD element itself (ISO/IEC 23009-1 §5.3.1.2). Pure.
 *
 * - `Location`: where the player reloads a live MPD; set to the session URL so reloads come back
 *   to us (MediaTailor's `DashConfiguration.MpdLocation`), or removed.
 * - `PatchLocation` (§5.15): always removed, since MPD patches from the origin would bypass the
 *   personalization.
 * - `BaseURL`: relative origin URLs would resolve against our URL once we serve the MPD, so
 *   MPD-level BaseURLs are made absolute against the origin MPD URL (one is added when there is
 *   none). Period-level ones stay relative to these.
 * - `@publishTime`: never goes back between reloads of one session (a player may ignore an MPD
 *   older than the one it has).
 * - `@mediaPresentationDuration`: grows with inserted VOD ads.
 */
import { formatDateTimeMs, parseDateTimeMs } from './date-time.ts';
import type { Rat } from './rational.ts';
import { formatDuration } from './slice-period.ts';
import { attr, childElements, element, localName, textContent, textNode, withAttrs, withChildren, type XElement, type XNode } from './xml.ts';

/** Children of MPD that come before Location in the schema's sequence. */
const BEFORE_LOCATION = new Set(['ProgramInformation', 'BaseURL']);

/** Replaces every `Location` with one for `url`, or removes them all when `url` is undefined. */
export function setLocation(mpd: XElement, url: string | undefined): XElement {
  const prefix = mpdPrefix(mpd);
  const kept = mpd.children.filter((c) => c.kind !== 'element' || localName(c.name) !== 'Location');
  if (url === undefined) return withChildren(mpd, kept);
  let at = 0;
  kept.forEach((c, i) => {
    if (c.kind === 'element' && BEFORE_LOCATION.has(localName(c.name))) at = i + 1;
  });
  const children = [...kept];
  children.splice(at, 0, element(`${prefix}Location`, {}, [textNode(url)]));
  return withChildren(mpd, children);
}

export function withoutPatchLocation(mpd: XElement): XElement {
  const children = mpd.children.filter((c) => c.kind !== 'element' || localName(c.name) !== 'PatchLocation');
  return children.length === mpd.children.length ? mpd : withChildren(mpd, children);
}

/**
 * `@publishTime` = max(origin's, previous output's). Returns the value written (epoch ms), or
 * undefined when neither is known.
 */
export function keepPublishTimeMonotonic(mpd: XElement, previousMs: number | undefined): { mpd: XElement; publishTimeMs?: number } {
  const originMs = parseDateTimeMs(attr(mpd, 'publishTime'));
  if (originMs === undefined && previousMs === undefined) return { mpd };
  const publishTimeMs = Math.max(originMs ?? -Infinity, previousMs ?? -Infinity);
  if (publishTimeMs === originMs) return { mpd, publishTimeMs };
  return { mpd: withAttrs(mpd, { publishTime: formatDateTimeMs(publishTimeMs) }), publishTimeMs };
}

export function setMediaPresentationDuration(mpd: XElement, duration: Rat): XElement {
  return withAttrs(mpd, { mediaPresentationDuration: formatDuration(duration) });
}

/** MPD-level BaseURLs resolved against the origin MPD URL; one added when there is none. */
export function absolutizeBaseUrls(mpd: XElement, originMpdUrl: string): XElement {
  const base = safeUrl(originMpdUrl);
  if (!base) return mpd;
  const existing = childElements(mpd, 'BaseURL');
  if (existing.length === 0) {
    const at = mpd.children.findIndex((c) => c.kind === 'element' && localName(c.name) !== 'ProgramInformation');
    const children: XNode[] = [...mpd.children];
    children.splice(at < 0 ? children.length : at, 0, element(`${mpdPrefix(mpd)}BaseURL`, {}, [textNode(new URL('.', base).href)]));
    return withChildren(mpd, children);
  }
  return withChildren(
    mpd,
    mpd.children.map((c) => {
      if (c.kind !== 'element' || localName(c.name) !== 'BaseURL') return c;
      const resolved = safeUrl(textContent(c).trim(), base);
      return resolved ? withChildren(c, [textNode(resolved.href)]) : c;
    }),
  );
}

function safeUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

function mpdPrefix(mpd: XElement): string {
  const i = mpd.name.indexOf(':');
  return i < 0 ? '' : mpd.name.slice(0, i + 1);
}
