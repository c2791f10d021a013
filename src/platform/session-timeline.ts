/**
 * @module platform/session-timeline
 * The session's timeline record (docs/session-timeline.md): a ring of entries in the
 * SessionObject's SQLite storage, oldest first out. Entries are numbered 1, 2, 3 … for the whole
 * life of the session; the ring keeps the last `TIMELINE_CAPACITY`, so what it dropped is the
 * difference (`dropped` in the stats). The table is created on the first entry, so an unknown
 * session id that is only looked at leaves no storage behind.
 *
 * ```sql
 * timeline (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, kind TEXT NOT NULL,
 *           pos INTEGER NOT NULL,   -- 1: the entry tells where the player is (media playlist or MPD served, ad segment)
 *           body TEXT NOT NULL)     -- the entry's JSON
 * ```
 */
import type { NumberedEntry, TimelineEntry } from '../core/timeline/entries.ts';
import type { RecordStats } from '../core/timeline/view.ts';

/** Entries kept per session. A live session with three renditions reloading every 2 s records about 1.5 a second. */
export const TIMELINE_CAPACITY = 5_000;

type Row = { seq: number; body: string };

export interface TimelineRead {
  readonly stats: RecordStats;
  readonly entries: NumberedEntry[];
  /** The newest entry that tells where the player is (a media playlist or MPD served, an ad segment). */
  readonly lastPosition?: NumberedEntry;
  /** The newest manifest entry that served a window (its span draws a DASH session's timeline). */
  readonly lastServed?: NumberedEntry;
}

export class SessionTimeline {
  #created = false;
  /** Last `seq` written; undefined until read from the table. */
  #lastSeq: number | undefined;

  constructor(private readonly sql: SqlStorage) {}

  /** Appends entries in order, then drops the oldest beyond the capacity. */
  append(entries: readonly TimelineEntry[]): void {
    if (entries.length === 0) return;
    this.#create();
    let seq = this.#last();
    for (const e of entries) {
      seq++;
      this.sql.exec('INSERT INTO timeline (seq, at_ms, kind, pos, body) VALUES (?, ?, ?, ?, ?)', seq, Math.floor(e.atMs), e.kind, isPosition(e) ? 1 : 0, JSON.stringify(e));
    }
    this.#lastSeq = seq;
    if (seq > TIMELINE_CAPACITY) this.sql.exec('DELETE FROM timeline WHERE seq <= ?', seq - TIMELINE_CAPACITY);
  }

  /** Entries after `sinceSeq`, oldest first, at most `limit`; and what the ring holds. */
  read(sinceSeq: number, limit: number): TimelineRead {
    if (!this.#exists()) return { stats: { capacity: TIMELINE_CAPACITY, recorded: 0, dropped: 0, firstSeq: 0 }, entries: [] };
    const last = this.#last();
    const first = this.sql.exec<{ first: number | null }>('SELECT MIN(seq) AS first FROM timeline').one().first ?? 0;
    const kept = first === 0 ? 0 : last - first + 1;
    const rows = this.sql.exec<Row>('SELECT seq, body FROM timeline WHERE seq > ? ORDER BY seq LIMIT ?', sinceSeq, limit).toArray();
    const position = this.sql.exec<Row>('SELECT seq, body FROM timeline WHERE pos = 1 ORDER BY seq DESC LIMIT 1').toArray()[0];
    const served = this.sql.exec<Row>("SELECT seq, body FROM timeline WHERE pos = 1 AND kind = 'manifest' ORDER BY seq DESC LIMIT 1").toArray()[0];
    return {
      stats: { capacity: TIMELINE_CAPACITY, recorded: last, dropped: last - kept, firstSeq: first },
      entries: rows.map(numbered),
      ...(position ? { lastPosition: numbered(position) } : {}),
      ...(served ? { lastServed: numbered(served) } : {}),
    };
  }

  /** The storage was deleted (`deleteAll` at expiry): forget what was cached. */
  reset(): void {
    this.#created = false;
    this.#lastSeq = undefined;
  }

  #create(): void {
    if (this.#created) return;
    this.sql.exec('CREATE TABLE IF NOT EXISTS timeline (seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, kind TEXT NOT NULL, pos INTEGER NOT NULL, body TEXT NOT NULL)');
    this.#created = true;
  }

  #exists(): boolean {
    if (this.#created) return true;
    this.#created = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'timeline'").toArray().length > 0;
    return this.#created;
  }

  #last(): number {
    this.#lastSeq ??= this.sql.exec<{ last: number | null }>('SELECT MAX(seq) AS last FROM timeline').one().last ?? 0;
    return this.#lastSeq;
  }
}

const isPosition = (e: TimelineEntry): boolean => e.kind === 'segment' || (e.kind === 'manifest' && e.served !== undefined);

function numbered(r: Row): NumberedEntry {
  // SAFETY: bodies are written by `append` from TimelineEntry values only.
  return { ...(JSON.parse(r.body) as TimelineEntry), seq: r.seq };
}
