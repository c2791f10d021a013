/**
 * @module platform/session-activity
 * Session expiry (docs/architecture.md "State"): a session inactive for its timeout (10× the
 * playlist duration, core/session/expiry) is deleted by its alarm. The `activity` key is written
 * at most every ACTIVITY_WRITE_INTERVAL_MS, or when the timeout changes (a player reloading every
 * few seconds need not write each time); the expiry check allows for that lag, so a session is
 * never deleted early. The alarm time is cached, so a request does not read it back.
 */
import { INITIAL_TIMEOUT_MS } from '../core/session/expiry.ts';

export const ACTIVITY_WRITE_INTERVAL_MS = 15_000;

interface Activity {
  lastMs: number;
  timeoutMs: number;
}

export class SessionActivity {
  #writtenMs = -Infinity;
  /** undefined: not read yet; null: no alarm set. */
  #alarmAtMs: number | null | undefined;

  constructor(private readonly storage: DurableObjectStorage) {}

  /** Records activity now (and a new timeout, if given), then makes sure an alarm is set. */
  async touch(timeoutMs: number | undefined, nextAlarmAtMs: (idleDueMs: number) => number): Promise<void> {
    const now = Date.now();
    const stored = this.#read();
    const changedTimeout = timeoutMs !== undefined && timeoutMs !== stored.timeoutMs;
    if (changedTimeout || now - this.#writtenMs >= ACTIVITY_WRITE_INTERVAL_MS) {
      this.storage.kv.put('activity', { lastMs: now, timeoutMs: timeoutMs ?? stored.timeoutMs } satisfies Activity);
      this.#writtenMs = now;
    }
    await this.arm(false, nextAlarmAtMs);
  }

  /** When the session will have been idle too long. */
  idleDueMs(): number {
    const a = this.#read();
    return a.lastMs + a.timeoutMs + ACTIVITY_WRITE_INTERVAL_MS;
  }

  idle(nowMs: number): boolean {
    return nowMs >= this.idleDueMs();
  }

  /**
   * One alarm at a time; it re-arms itself until the session has really been idle. `sooner` moves
   * an armed alarm earlier when a retry is due before it.
   */
  async arm(sooner: boolean, nextAlarmAtMs: (idleDueMs: number) => number): Promise<void> {
    if (this.#alarmAtMs === undefined) this.#alarmAtMs = await this.storage.getAlarm();
    if (this.#alarmAtMs !== null && !sooner) return;
    const next = nextAlarmAtMs(this.idleDueMs());
    if (this.#alarmAtMs === null || next < this.#alarmAtMs) {
      await this.storage.setAlarm(next);
      this.#alarmAtMs = next;
    }
  }

  /** After the alarm ran (and did not expire the session): the next one. */
  async rearm(nextAlarmAtMs: (idleDueMs: number) => number): Promise<void> {
    const next = nextAlarmAtMs(this.idleDueMs());
    await this.storage.setAlarm(next);
    this.#alarmAtMs = next;
  }

  /** Forgets everything (after deleteAll: the object may live on, the session must not). */
  reset(): void {
    this.#writtenMs = -Infinity;
    this.#alarmAtMs = null;
  }

  /** The stored activity (a synchronous read of the object's SQLite storage); none counts as long idle. */
  #read(): Activity {
    return this.storage.kv.get<Activity>('activity') ?? { lastMs: 0, timeoutMs: INITIAL_TIMEOUT_MS };
  }
}
