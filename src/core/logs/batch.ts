/**
 * @module core/logs/batch
 * When a log batch becomes an R2 object (docs/architecture.md §8, Brightcove format of docs/ad-logs.md: "batched in 5MB or 300 seconds").
 * Pure: the clock is a parameter. The shard keeps one open batch per destination; this module
 * says, line by line, where each line goes and when a batch is sealed.
 *
 * Size rule: an object never grows past `maxBytes` because of a line that does not fit: the open
 * batch is sealed first and the line opens the next one. A single line larger than `maxBytes`
 * becomes a batch of its own. A batch that reaches `maxBytes` exactly is sealed at once.
 * Age rule: a batch is due `maxAgeMs` after its first line.
 */

export interface BatchLimits {
  readonly maxBytes: number;
  readonly maxAgeMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxBytes: 5 * 1024 * 1024, maxAgeMs: 300_000 };

/** SQLite rows hold at most 2 MB (workers-platform B3), so stored chunks stay well below. */
export const CHUNK_MAX_BYTES = 512 * 1024;

export interface OpenBatchState {
  readonly bytes: number;
  readonly lineCount: number;
  readonly openedAtMs: number;
}

export type AppendStep = { readonly kind: 'lines'; readonly text: string; readonly bytes: number; readonly lineCount: number } | { readonly kind: 'seal' };

export interface AppendPlan {
  readonly steps: readonly AppendStep[];
  /** The open batch after the steps; undefined when the last step sealed it. */
  readonly open: OpenBatchState | undefined;
}

/** UTF-8 length of `s` without allocating (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Plans the append of `lines` (without newlines) to a destination whose open batch is `open`.
 * Each line is stored followed by `\n`. `lines` steps append text to the current open batch
 * (opening one at `nowMs` if none); `seal` closes it.
 */
export function planAppend(open: OpenBatchState | undefined, lines: readonly string[], nowMs: number, limits: BatchLimits, chunkMaxBytes: number = CHUNK_MAX_BYTES): AppendPlan {
  const steps: AppendStep[] = [];
  let state = open;
  let chunk: string[] = [];
  let chunkBytes = 0;
  const flushChunk = (): void => {
    if (chunk.length === 0) return;
    steps.push({ kind: 'lines', text: chunk.join(''), bytes: chunkBytes, lineCount: chunk.length });
    chunk = [];
    chunkBytes = 0;
  };
  const seal = (): void => {
    flushChunk();
    steps.push({ kind: 'seal' });
    state = undefined;
  };
  for (const line of lines) {
    const text = `${line}\n`;
    const bytes = utf8ByteLength(text);
    if (state !== undefined && state.lineCount > 0 && state.bytes + bytes > limits.maxBytes) seal();
    if (chunkBytes > 0 && chunkBytes + bytes > chunkMaxBytes) flushChunk();
    const base = state ?? { bytes: 0, lineCount: 0, openedAtMs: nowMs };
    state = { bytes: base.bytes + bytes, lineCount: base.lineCount + 1, openedAtMs: base.openedAtMs };
    chunk.push(text);
    chunkBytes += bytes;
    if (state.bytes >= limits.maxBytes) seal();
  }
  flushChunk();
  return { steps, open: state };
}

/** The instant an open batch is due by age. */
export const ageDueAtMs = (open: OpenBatchState, limits: BatchLimits): number => open.openedAtMs + limits.maxAgeMs;

export const isAgeDue = (open: OpenBatchState, nowMs: number, limits: BatchLimits): boolean => ageDueAtMs(open, limits) <= nowMs;

/**
 * Delay before retry `attempt` (1-based) of a failed put: 1 s, 2 s, 4 s … capped at 5 min.
 * At least 1 s because R2 accepts one write per second to the same key (workers-platform B5).
 */
export function retryDelayMs(attempt: number): number {
  const exp = Math.min(Math.max(attempt, 1) - 1, 20);
  return Math.min(1000 * 2 ** exp, 300_000);
}

/** Limits from the Worker variables `LOG_BATCH_MAX_BYTES` and `LOG_BATCH_MAX_AGE_SEC`. */
export function parseBatchLimits(maxBytes: string | undefined, maxAgeSec: string | undefined): BatchLimits {
  const bytes = Number(maxBytes);
  const ageSec = Number(maxAgeSec);
  return {
    maxBytes: Number.isInteger(bytes) && bytes > 0 ? bytes : DEFAULT_BATCH_LIMITS.maxBytes,
    maxAgeMs: Number.isFinite(ageSec) && ageSec > 0 ? Math.round(ageSec * 1000) : DEFAULT_BATCH_LIMITS.maxAgeMs,
  };
}
