// Minimal types for mpd-parser (video.js; the independent MPD reader the DASH tests check output with).
declare module 'mpd-parser' {
  export interface MpdSegment {
    uri: string;
    resolvedUri: string;
    duration: number;
    number: number;
    presentationTime: number;
    timeline: number;
  }
  export interface RepresentationInfo {
    attributes: Record<string, unknown> & { periodStart: number; periodDuration?: number; id: string; mimeType?: string; contentType?: string };
    segmentInfo: unknown;
  }
  export interface MpdPlaylist {
    attributes: Record<string, unknown> & { periodStart: number; id: string; mimeType?: string; NAME?: string };
    segments: MpdSegment[];
  }
  export function stringToMpdXml(text: string): unknown;
  export function inheritAttributes(
    mpd: unknown,
    options?: { manifestUri?: string; NOW?: number; clientOffset?: number },
  ): {
    locations: string[];
    representationInfo: RepresentationInfo[];
    eventStream: unknown[];
  };
  export function toPlaylists(info: RepresentationInfo[]): MpdPlaylist[];
}
