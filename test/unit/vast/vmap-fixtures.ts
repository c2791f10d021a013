/**
 * A hand-written VMAP 1.0 document shared by the VMAP parser and resolver tests: pre-roll with
 * inline VASTAdData (a two-ad pod), mid-roll by AdTagURI at 00:10:00.500, a display break with
 * CustomAdData, a positional break, a post-roll by AdTagURI.
 */
import { inlineAd, vast } from './helpers.ts';

export const VMAP_PRE_MID_POST = `<?xml version="1.0" encoding="UTF-8"?>
<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">
  <vmap:AdBreak timeOffset="start" breakType="linear" breakId="preroll">
    <vmap:AdSource id="pre-src" allowMultipleAds="true" followRedirects="true">
      <vmap:VASTAdData>
        ${vast(inlineAd({ id: 'pre-1', sequence: 1 }) + inlineAd({ id: 'pre-2', sequence: 2 }), '3.0')}
      </vmap:VASTAdData>
    </vmap:AdSource>
    <vmap:TrackingEvents>
      <vmap:Tracking event="breakStart"><![CDATA[https://vmap.example/breakstart?b=pre]]></vmap:Tracking>
      <vmap:Tracking event="breakEnd"><![CDATA[https://vmap.example/breakend?b=pre]]></vmap:Tracking>
      <vmap:Tracking event="error"><![CDATA[https://vmap.example/error?c=[ERRORCODE]]]></vmap:Tracking>
    </vmap:TrackingEvents>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="00:10:00.500" breakType="linear,nonlinear" breakId="mid-1" repeatAfter="00:05:00">
    <vmap:AdSource id="mid-src" allowMultipleAds="false" followRedirects="false">
      <vmap:AdTagURI templateType="vast3"><![CDATA[https://ads.example/vast?pos=mid&t=600]]></vmap:AdTagURI>
    </vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="50%" breakType="display">
    <vmap:AdSource><vmap:CustomAdData templateType="proprietary"><![CDATA[<Custom a="1"/>]]></vmap:CustomAdData></vmap:AdSource>
  </vmap:AdBreak>
  <vmap:AdBreak timeOffset="#2" breakType="linear"><vmap:AdSource><vmap:AdTagURI><![CDATA[https://ads.example/vast?pos=2]]></vmap:AdTagURI></vmap:AdSource></vmap:AdBreak>
  <vmap:AdBreak timeOffset="end" breakType="linear" breakId="postroll">
    <vmap:AdSource id="post-src"><vmap:AdTagURI templateType="vast4"><![CDATA[https://ads.example/vast?pos=post]]></vmap:AdTagURI></vmap:AdSource>
  </vmap:AdBreak>
</vmap:VMAP>`;
