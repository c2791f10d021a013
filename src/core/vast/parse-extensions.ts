/**
 * @module core/vast/parse-extensions
 * Reads `<Extensions>` (VAST 4.2 §3.18) and `<AdVerifications>` (§3.16–§3.17). Pure.
 *
 * Before VAST 4.1 verification scripts travelled as `<Extension type="AdVerifications">` holding
 * the same `<Verification>` elements (VAST 4.2 §1.8); both places are read, and the extension
 * is also kept in `extensions` as written.
 */
import { children, parseXmlFragment, text, type XmlElement } from './xml-tree.ts';
import { bool, canonicalEvent, defined, str, urlOf } from './read-values.ts';
import type { VastExtension } from './model-creative.ts';
import type { VastVerification } from './model.ts';

/** `<Extension>` / `<CreativeExtension>` elements of a container. */
export function readExtensions(container: XmlElement | undefined, name: 'Extension' | 'CreativeExtension'): VastExtension[] {
  return children(container, name).map((el) => defined({ type: str(el, 'type'), content: extensionContent(el) }));
}

/**
 * The content MediaTailor's tracking JSON carries: the inner XML as written when the extension
 * holds elements, the plain text (CDATA unwrapped) when it holds only text, e.g. the
 * `creative_signaling` payload of docs/mediatailor-compat.md §6.7.
 */
function extensionContent(el: XmlElement): string {
  const raw = (el.raw ?? el.text).trim();
  const withoutCdata = raw.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  return withoutCdata.includes('<') ? raw : el.text.trim();
}

/** Verifications of an InLine or Wrapper: `AdVerifications` first, then the VAST 3 extension. */
export function readVerifications(adBody: XmlElement): VastVerification[] {
  const direct = children(adBody, 'AdVerifications').flatMap((av) => children(av, 'Verification'));
  const fromExtensions: XmlElement[] = [];
  for (const extensions of children(adBody, 'Extensions')) {
    for (const ext of children(extensions, 'Extension')) {
      if (str(ext, 'type')?.toLowerCase() !== 'adverifications' || ext.raw === undefined) continue;
      for (const node of parseXmlFragment(ext.raw)) {
        if (node.name.toLowerCase() === 'verification') fromExtensions.push(node);
        else fromExtensions.push(...children(node, 'Verification'));
      }
    }
  }
  return [...direct, ...fromExtensions].map(readVerification);
}

function readVerification(el: XmlElement): VastVerification {
  const javaScriptResources = children(el, 'JavaScriptResource').flatMap((r) => {
    const url = urlOf(r);
    return url === undefined ? [] : [defined({ url, apiFramework: str(r, 'apiFramework'), browserOptional: bool(r, 'browserOptional') })];
  });
  const executableResources = children(el, 'ExecutableResource').flatMap((r) => {
    const url = urlOf(r);
    return url === undefined ? [] : [defined({ url, apiFramework: str(r, 'apiFramework'), type: str(r, 'type'), language: str(r, 'language') })];
  });
  const trackingEvents: { event: string; url: string }[] = [];
  for (const container of children(el, 'TrackingEvents')) {
    for (const t of children(container, 'Tracking')) {
      const url = urlOf(t);
      const event = str(t, 'event');
      if (url !== undefined && event !== undefined) trackingEvents.push({ event: canonicalEvent(event), url });
    }
  }
  const params = children(el, 'VerificationParameters')[0];
  return defined({
    vendor: str(el, 'vendor'),
    javaScriptResources,
    executableResources,
    trackingEvents,
    verificationParameters: params ? (text(params) ?? '') : undefined,
  });
}
