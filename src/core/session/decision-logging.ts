/**
 * @module core/session/decision-logging
 * Ad-log events of the session's decisions (docs/ad-logs.md): a decision is logged once its break
 * has a place in the output, because MediaTailor's `availId` is the media sequence of the avail's
 * first segment. Until then it waits in the state (persisted with it, so an object evicted in
 * between loses nothing). A decision that arrived after its break had been shown as content played
 * nothing and is logged so (`ADS_TIMEOUT`). A VOD session also gets one session summary, once
 * every avail is logged. Pure: ids come in.
 */
import type { LedgerBreak } from '../avails/ledger.ts';
import { unplayedPlan } from '../avails/plan.ts';
import { decisionEvents } from '../avails/decision-log.ts';
import type { AdLogEvent, FilledAvailEvent, PodLocation } from '../logs/events.ts';
import type { SessionState, UnloggedDecision } from './state.ts';
import { vodPlanEvents } from './vod-plan-log.ts';

export function logPlacedDecisions(state: SessionState, newId: () => string): AdLogEvent[] {
  if (state.unlogged.length === 0) return [];
  const { record, ledger } = state;
  const events: AdLogEvent[] = [];
  const remaining: UnloggedDecision[] = [];
  const byKey = new Map(ledger.breaks.map((b) => [b.key, b]));
  const schedule = state.unlogged.filter((u) => u.vmapBreak !== undefined);
  for (const u of state.unlogged) {
    const b = byKey.get(u.breakKey);
    const plan = state.plans.get(u.breakKey);
    const onlyRequests = u.requests === 'only';
    if (!onlyRequests && ((b && b.outStartSeq === undefined && b.mode === 'personalize') || !plan)) {
      if (plan) remaining.push(u);
      continue;
    }
    const availId = onlyRequests ? undefined : b?.outStartSeq !== undefined ? String(b.outStartSeq) : u.breakKey.replace(/^i/, '');
    const t = u.trace;
    const base = {
      sessionId: record.sessionId, sessionType: record.sessionType, configName: record.configName,
      accountId: record.accountId, requestId: newId(), assetId: record.assetPath,
      playbackMode: ledger.vod ? ('vod' as const) : ('live' as const),
    };
    const decided = decisionEvents({
      base,
      ...(availId !== undefined ? { availId } : {}),
      podLocation: podLocation(ledger.vod === true, b, ledger.anchorSeq, ledger.cursor?.seq),
      adRequestIndex: (b?.availIndex ?? plan?.availIndex ?? 1) - 1,
      adsRequestUrl: t.adsRequestUrl,
      unresolvedVariables: t.unresolvedVariables,
      requestHeaders: t.requestHeaders,
      ...(t.resolution ? { resolution: t.resolution } : {}),
      ...(plan && !onlyRequests ? { plan: b?.mode === 'passthrough' ? unplayedPlan(plan, 'ADS_TIMEOUT', b.reason ?? 'break played as content') : plan } : {}),
      logRequests: u.requests !== 'elsewhere',
      startedAtMs: t.startedAtMs,
      finishedAtMs: t.finishedAtMs,
      clientOnlyTracking: !record.serverBeacons,
      newId,
    });
    // A VMAP schedule's plan goes between the ADS exchange and the avail's FILLED_AVAIL.
    const scheduled = vodPlanEvents(state, u, schedule, () => ({ ...base, eventId: newId(), timestampMs: t.finishedAtMs, ...(availId !== undefined ? { availId } : {}) }));
    const at = decided.at(-1)?.kind === 'filled-avail' ? decided.length - 1 : decided.length;
    events.push(...decided.slice(0, at), ...scheduled, ...decided.slice(at));
  }
  if (remaining.length !== state.unlogged.length) {
    state.unlogged = remaining;
    state.changes.unlogged = true;
  }
  if (ledger.vod) summarizeVod(state, events, newId);
  return events;
}

/**
 * VOD: remembers each logged avail and, once every avail of the asset is decided and logged, adds
 * the session's one summary (seed 003 SessionSummary: one per VOD session, summary_id = session id).
 */
function summarizeVod(state: SessionState, events: AdLogEvent[], newId: () => string): void {
  const logged = events.filter((e): e is FilledAvailEvent => e.kind === 'filled-avail');
  if (logged.length === 0 && !events.some((e) => e.kind === 'ads-request')) return;
  const summary = (state.vodSummary ??= { avails: [], logged: false });
  for (const e of logged) {
    summary.avails.push({
      availId: e.availId, podLocation: e.podLocation, avail: e.avail, adDecisionSucceeded: e.adDecisionSucceeded,
      decisionStartedAtMs: e.decisionStartedAtMs, decisionDurationMs: e.decisionDurationMs,
      ...(e.adsStatusCode !== undefined ? { adsStatusCode: e.adsStatusCode } : {}),
    });
  }
  state.changes.vodSummary = true;
  const complete = state.unlogged.length === 0 && state.ledger.breaks.every((b) => state.plans.has(b.key));
  if (summary.logged || !complete) return;
  summary.logged = true;
  const r = state.record;
  const avails = [...summary.avails].sort((a, b) => Number(a.availId) - Number(b.availId));
  events.push({
    eventId: newId(),
    timestampMs: Math.max(0, ...avails.map((a) => a.decisionStartedAtMs + a.decisionDurationMs)),
    sessionId: r.sessionId, sessionType: r.sessionType, configName: r.configName, accountId: r.accountId,
    requestId: newId(), assetId: r.assetPath, playbackMode: 'vod',
    kind: 'session-summary',
    avails,
    clientOnlyTracking: !r.serverBeacons,
  });
  summary.avails.length = 0;
}

/** seed 004 pod_location: pre-roll at the start of VOD, post-roll at its end, mid-roll otherwise. */
function podLocation(vod: boolean, b: LedgerBreak | undefined, anchorSeq: number | undefined, cursorSeq: number | undefined): PodLocation {
  if (!vod || !b) return 'midroll';
  if (b.originStartSeq === anchorSeq) return 'preroll';
  return b.insertion && b.originStartSeq >= (cursorSeq ?? Infinity) ? 'postroll' : 'midroll';
}
