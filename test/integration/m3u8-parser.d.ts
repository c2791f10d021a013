// Minimal types for m3u8-parser (the independent HLS parser the live tests check output with).
declare module 'm3u8-parser' {
  export class Parser {
    manifest: { segments?: { uri: string; duration: number; discontinuity?: boolean }[]; mediaSequence?: number; discontinuitySequence?: number; targetDuration?: number };
    on(event: 'warn' | 'info', listener: (e: { message: string }) => void): void;
    push(chunk: string): void;
    end(): void;
  }
}
