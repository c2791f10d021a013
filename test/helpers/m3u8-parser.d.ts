// Minimal types for m3u8-parser (the independent HLS parser the unit tests check output with).
declare module 'm3u8-parser' {
  export class Parser {
    manifest: {
      segments?: { uri: string; duration: number; discontinuity?: boolean; programDateTime?: number }[];
      mediaSequence?: number;
      discontinuitySequence?: number;
      targetDuration?: number;
      endList?: boolean;
    };
    on(event: 'warn' | 'info', listener: (e: { message: string }) => void): void;
    push(chunk: string): void;
    end(): void;
  }
}
