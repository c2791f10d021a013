/**
 * @module platform/session-store
 * Typed access to one SessionObject's storage (SQLite-backed sync KV), with in-memory copies so a
 * request reads each value once. Keys: `record`, `renditions`, `ledger`, `plan:{breakKey}`,
 * `creative:{creativeKey}`, `logq:{n}` (ad-log outbox), `activity`. See docs/storage.md.
 */
import { emptyLedger, type Ledger } from '../core/avails/ledger.ts';
import type { AvailPlan } from '../core/avails/plan.ts';
import type { CreativeMedia } from '../core/creatives/creative-media.ts';
import type { Rendition } from '../core/hls/multivariant.ts';
import type { SessionRecord } from '../core/session/session-record.ts';

export class SessionStore {
  readonly #kv: SyncKvStorage;
  #record: SessionRecord | undefined | null = null;
  #ledger: Ledger | undefined;
  readonly #plans = new Map<string, AvailPlan>();
  readonly #creatives = new Map<string, CreativeMedia>();

  constructor(kv: SyncKvStorage) {
    this.#kv = kv;
  }

  record(): SessionRecord | undefined {
    if (this.#record === null) this.#record = this.#kv.get<SessionRecord>('record');
    return this.#record;
  }

  putRecord(record: SessionRecord): void {
    this.#kv.put('record', record);
    this.#record = record;
  }

  renditions(): Rendition[] | undefined {
    return this.#kv.get<Rendition[]>('renditions');
  }

  putRenditions(renditions: readonly Rendition[]): void {
    this.#kv.put('renditions', renditions);
  }

  /** The session ledger (one shared instance; call saveLedger after changing it). */
  ledger(): Ledger {
    this.#ledger ??= this.#kv.get<Ledger>('ledger') ?? emptyLedger();
    return this.#ledger;
  }

  saveLedger(): void {
    if (this.#ledger) this.#kv.put('ledger', this.#ledger);
  }

  plan(key: string): AvailPlan | undefined {
    let p = this.#plans.get(key);
    if (!p) {
      p = this.#kv.get<AvailPlan>(`plan:${key}`);
      if (p) this.#plans.set(key, p);
    }
    return p;
  }

  putPlan(plan: AvailPlan): void {
    this.#plans.set(plan.breakKey, plan);
    this.#kv.put(`plan:${plan.breakKey}`, plan);
  }

  creative(key: string): CreativeMedia | undefined {
    let c = this.#creatives.get(key);
    if (!c) {
      c = this.#kv.get<CreativeMedia>(`creative:${key}`);
      if (c) this.#creatives.set(key, c);
    }
    return c;
  }

  putCreative(media: CreativeMedia): void {
    this.#creatives.set(media.creativeKey, media);
    this.#kv.put(`creative:${media.creativeKey}`, media);
  }

  /** Forgets the in-memory copies (after deleteAll: the object may live on, the session must not). */
  reset(): void {
    this.#record = null;
    this.#ledger = undefined;
    this.#plans.clear();
    this.#creatives.clear();
  }

  get kv(): SyncKvStorage {
    return this.#kv;
  }
}
