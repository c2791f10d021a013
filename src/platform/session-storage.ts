/**
 * @module platform/session-storage
 * Loads a session's state (core/session/state) from its Durable Object's SQLite-backed storage and
 * writes back the parts a call changed (docs/storage.md). Keys: `record`, `renditions`, `contentShape`, `ledger`,
 * `dash` (a DASH session's avail timeline), `plan:{breakKey}`, `creative:{creativeKey}`, `vodScheduled`, `unlogged`, `vodSummary`, `beacons:claimed`; the
 * outboxes (`beacon:*`, `logq:*`) and `activity` belong to their own modules.
 */
import type { Ledger } from '../core/avails/ledger.ts';
import { emptyLedger } from '../core/avails/ledger.ts';
import type { AvailPlan } from '../core/avails/plan.ts';
import type { SessionCreative } from '../core/creatives/dash-creative.ts';
import type { ContentShape } from '../core/creatives/packaging-ladder.ts';
import type { Rendition } from '../core/hls/multivariant.ts';
import type { DashTimeline } from '../core/session/dash-timeline.ts';
import type { SessionRecord } from '../core/session/session-record.ts';
import { noChanges, type SessionState, type UnloggedDecision, type VodSummaryState } from '../core/session/state.ts';

const CLAIMS = 'beacons:claimed';

/** The stored state, or undefined for an unknown (or expired and deleted) session. */
export function loadSessionState(kv: SyncKvStorage): SessionState | undefined {
  const record = kv.get<SessionRecord>('record');
  if (!record) return undefined;
  const plans = new Map<string, AvailPlan>();
  for (const [key, plan] of kv.list<AvailPlan>({ prefix: 'plan:' })) plans.set(key.slice('plan:'.length), plan);
  const creatives = new Map<string, SessionCreative>();
  for (const [key, media] of kv.list<SessionCreative>({ prefix: 'creative:' })) creatives.set(key.slice('creative:'.length), media);
  const dash = kv.get<DashTimeline>('dash');
  return {
    record,
    renditions: kv.get<Rendition[]>('renditions'),
    contentShape: kv.get<ContentShape>('contentShape'),
    ledger: kv.get<Ledger>('ledger') ?? emptyLedger(),
    ...(dash ? { dash } : {}),
    plans,
    creatives,
    vodScheduled: kv.get<boolean>('vodScheduled') === true,
    unlogged: kv.get<UnloggedDecision[]>('unlogged') ?? [],
    vodSummary: kv.get<VodSummaryState>('vodSummary'),
    claims: new Set(kv.get<string[]>(CLAIMS) ?? []),
    changes: noChanges(),
  };
}

export function storeNewSession(kv: SyncKvStorage, record: SessionRecord): void {
  kv.put('record', record);
}

/**
 * Writes what changed since the last save, then forgets the changes. `ledger: false` leaves the
 * ledger and the DASH timeline for the request that is changing them (it saves once, at its end).
 */
export function saveSessionState(kv: SyncKvStorage, state: SessionState, opts: { ledger: boolean } = { ledger: true }): void {
  const c = state.changes;
  if (c.renditions && state.renditions) kv.put('renditions', state.renditions);
  if (c.contentShape && state.contentShape) kv.put('contentShape', state.contentShape);
  if (c.ledger && opts.ledger) {
    kv.put('ledger', state.ledger);
    c.ledger = false;
  }
  if (c.dash && opts.ledger && state.dash) {
    kv.put('dash', state.dash);
    c.dash = false;
  }
  if (c.vodScheduled) kv.put('vodScheduled', state.vodScheduled);
  if (c.unlogged) kv.put('unlogged', state.unlogged);
  if (c.vodSummary && state.vodSummary) kv.put('vodSummary', state.vodSummary);
  if (c.claims) kv.put(CLAIMS, [...state.claims]);
  for (const key of c.plans) {
    const plan = state.plans.get(key);
    if (plan) kv.put(`plan:${key}`, plan);
  }
  for (const key of c.droppedPlans) kv.delete(`plan:${key}`);
  for (const key of c.creatives) {
    const media = state.creatives.get(key);
    if (media) kv.put(`creative:${key}`, media);
  }
  for (const key of c.droppedCreatives) kv.delete(`creative:${key}`);
  c.renditions = c.contentShape = c.vodScheduled = c.unlogged = c.vodSummary = c.claims = false;
  c.plans.clear();
  c.droppedPlans.clear();
  c.creatives.clear();
  c.droppedCreatives.clear();
}
