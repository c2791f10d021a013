/**
 * @module core/vast/parse-vast
 * `parseVast(xml)`: VAST 2.0, 3.0 and 4.0–4.2 responses → `VastDocument`. Pure; never throws:
 * malformed XML and foreign roots are error values, lenient reads and skipped parts are
 * diagnostics. Spec: IAB VAST 4.2 §3.2 (VAST, no-ad Error), §3.3 (Ad, pods), §3.4 (InLine),
 * §3.6–§3.7 (Creatives), §3.19 (Wrapper).
 */
import { attr, child, children, parseXml, text, type XmlElement } from './xml-tree.ts';
import { bool, defined, idUrlList, int, str, urlList, urlOf } from './read-values.ts';
import { readCompanionAds, readNonLinearAds } from './parse-overlays.ts';
import { readExtensions, readVerifications } from './parse-extensions.ts';
import { readLinear, type Report } from './parse-linear.ts';
import type { VastCreative, VastUniversalAdId } from './model-creative.ts';
import type { VastAd, VastAdCommon, VastCategory, VastDiagnostic, VastDiagnosticCode, VastDocument, VastInlineAd, VastParse, VastViewableImpression, VastWrapperAd } from './model.ts';

/** Parses a VAST response body. */
export function parseVast(xml: string): VastParse {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, error: { kind: 'parse_error', message: parsed.message } };
  return parseVastElement(parsed.root);
}

/**
 * Parses an already-parsed `<VAST>` element; VMAP's inline `VASTAdData` comes through here
 * without a second XML parse.
 */
export function parseVastElement(root: XmlElement): VastParse {
  if (root.name.toLowerCase() !== 'vast') {
    return {
      ok: false,
      error: { kind: 'unknown_root', message: `root element <${root.name}> is not <VAST>`, rootElement: root.name },
    };
  }
  const diagnostics: VastDiagnostic[] = [];
  const ads: VastAd[] = [];
  const seenSequences = new Set<number>();
  children(root, 'Ad').forEach((adEl, index) => {
    const report: Report = (code: VastDiagnosticCode, message: string) => diagnostics.push({ code, message, adIndex: index });
    const ad = readAd(adEl, index, report);
    if (!ad) return;
    if (ad.sequence !== undefined) {
      if (seenSequences.has(ad.sequence)) report('duplicate_sequence', `Ad@sequence ${ad.sequence} repeats (VAST 4.2 §3.3.1)`);
      seenSequences.add(ad.sequence);
    }
    ads.push(ad);
  });
  const document: VastDocument = { version: str(root, 'version') ?? '', ads, errors: urlList(root, 'Error') };
  return { ok: true, document, diagnostics };
}

function readAd(adEl: XmlElement, index: number, report: Report): VastAd | undefined {
  const inlineEl = child(adEl, 'InLine');
  const wrapperEl = child(adEl, 'Wrapper');
  if (!inlineEl && !wrapperEl) {
    report('ad_without_inline_or_wrapper', 'Ad has neither InLine nor Wrapper; skipped');
    return undefined;
  }
  if (inlineEl && wrapperEl) report('ad_with_inline_and_wrapper', 'Ad has both InLine and Wrapper; InLine used');

  const sequenceRaw = str(adEl, 'sequence');
  const sequence = int(adEl, 'sequence');
  if (sequenceRaw !== undefined && (sequence === undefined || sequence < 1)) {
    report('invalid_sequence', `Ad@sequence "${sequenceRaw}" is not a positive integer; ad treated as stand-alone`);
  }
  const body = (inlineEl ?? wrapperEl) as XmlElement;
  const common: VastAdCommon = defined({
    index,
    id: str(adEl, 'id'),
    sequence: sequence !== undefined && sequence >= 1 ? sequence : undefined,
    conditionalAd: bool(adEl, 'conditionalAd'),
    adType: str(adEl, 'adType'),
    adSystem: readAdSystem(child(body, 'AdSystem')),
    impressions: idUrlList(body, 'Impression'),
    errors: urlList(body, 'Error'),
    pricing: readPricing(child(body, 'Pricing')),
    viewableImpression: readViewable(child(body, 'ViewableImpression')),
    adVerifications: readVerifications(body),
    extensions: children(body, 'Extensions').flatMap((e) => readExtensions(e, 'Extension')),
    creatives: readCreatives(body, report),
  });
  return inlineEl ? readInline(inlineEl, common) : readWrapper(body, common, report);
}

function readInline(el: XmlElement, common: VastAdCommon): VastInlineAd {
  const advertiserEl = child(el, 'Advertiser');
  const advertiser = text(advertiserEl);
  return defined({
    kind: 'inline' as const,
    ...common,
    adTitle: text(child(el, 'AdTitle')),
    adServingId: text(child(el, 'AdServingId')),
    description: text(child(el, 'Description')),
    advertiser: advertiser === undefined ? undefined : defined({ name: advertiser, id: str(advertiserEl, 'id') }),
    survey: children(el, 'Survey').flatMap((s) => {
      const url = urlOf(s);
      return url === undefined ? [] : [defined({ url, type: str(s, 'type') })];
    }),
    categories: readCategories(el, 'Category'),
    expiresSec: readExpiresSec(text(child(el, 'Expires'))),
  });
}

function readWrapper(el: XmlElement, common: VastAdCommon, report: Report): VastWrapperAd {
  const vastAdTagUri = urlOf(child(el, 'VASTAdTagURI')) ?? '';
  if (vastAdTagUri === '') report('missing_vast_ad_tag_uri', 'Wrapper has no VASTAdTagURI');
  return defined({
    kind: 'wrapper' as const,
    ...common,
    vastAdTagUri,
    followAdditionalWrappers: bool(el, 'followAdditionalWrappers') ?? true,
    allowMultipleAds: bool(el, 'allowMultipleAds') ?? false,
    fallbackOnNoAd: bool(el, 'fallbackOnNoAd'),
    blockedAdCategories: readCategories(el, 'BlockedAdCategories'),
  });
}

/**
 * `<Creatives>`. At most one Linear counts per ad (MediaTailor's ERROR_VAST_MULTIPLE_LINEAR):
 * the first wins; later Linear creatives are dropped with a diagnostic.
 */
function readCreatives(body: XmlElement, report: Report): VastCreative[] {
  const out: VastCreative[] = [];
  let linearSeen = false;
  for (const el of children(child(body, 'Creatives'), 'Creative')) {
    const linearEl = child(el, 'Linear');
    if (linearEl && linearSeen) {
      report('multiple_linear', `Creative${str(el, 'id') ? ` id=${str(el, 'id')}` : ''}: a second Linear in one Ad is ignored`);
      continue;
    }
    linearSeen ||= linearEl !== undefined;
    const companionsEl = child(el, 'CompanionAds');
    const nonLinearEl = child(el, 'NonLinearAds');
    const universalAdIds = children(el, 'UniversalAdId').flatMap((u): VastUniversalAdId[] => {
      const value = text(u);
      return value === undefined ? [] : [defined({ idRegistry: str(u, 'idRegistry'), value })];
    });
    out.push(
      defined({
        id: str(el, 'id'),
        adId: str(el, 'adId') ?? str(el, 'AdID'),
        sequence: int(el, 'sequence'),
        apiFramework: str(el, 'apiFramework'),
        universalAdId: universalAdIds[0],
        universalAdIds,
        creativeExtensions: children(el, 'CreativeExtensions').flatMap((e) => readExtensions(e, 'CreativeExtension')),
        linear: linearEl ? readLinear(linearEl, report) : undefined,
        companionAds: companionsEl ? readCompanionAds(companionsEl) : undefined,
        nonLinearAds: nonLinearEl ? readNonLinearAds(nonLinearEl) : undefined,
      }),
    );
  }
  return out;
}

/** VAST 4.1 §3.4.10 Expires: whole seconds the ad may be cached. */
function readExpiresSec(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

function readAdSystem(el: XmlElement | undefined): VastAdCommon['adSystem'] {
  const name = text(el);
  return name === undefined ? undefined : defined({ name, version: str(el, 'version') });
}

function readPricing(el: XmlElement | undefined): VastAdCommon['pricing'] {
  const value = text(el);
  return value === undefined ? undefined : defined({ value, model: str(el, 'model'), currency: str(el, 'currency') });
}

function readViewable(el: XmlElement | undefined): VastViewableImpression | undefined {
  if (!el) return undefined;
  return defined({
    id: str(el, 'id'),
    viewable: urlList(el, 'Viewable'),
    notViewable: urlList(el, 'NotViewable'),
    viewUndetermined: urlList(el, 'ViewUndetermined'),
  });
}

function readCategories(el: XmlElement, name: string): VastCategory[] {
  return children(el, name).flatMap((c) => {
    const value = text(c);
    return value === undefined ? [] : [defined({ authority: attr(c, 'authority')?.trim() || undefined, value })];
  });
}
