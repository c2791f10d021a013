/**
 * @module packager/loop
 * The packager service's main loop (docs/packaging-creatives.md "Running the packager"): keeps
 * up to `concurrency` jobs running, claims the next due entry when a slot is free, polls when the
 * queue is empty, renews each job's lease every third of its length and stops a job whose lease
 * is gone, reports every failure with a backoff or parks it, and gives jobs back on shutdown.
 * Nothing a job or the service does can end the loop: errors become log lines and waits, so a
 * packager never crash-loops.
 */
import type { FailureReport, Job, PackagerApi } from './api-client.ts';
import type { PackagerConfig } from './config.ts';
import { shortKey, summaryLine, type JobContext, type JobOutcome } from './job.ts';

export type JobRunner = (job: Job, ctx: JobContext) => Promise<JobOutcome>;

/** Counters, for tests and the exit line. */
export interface LoopStats {
  published: number;
  failed: number;
  parked: number;
  leaseLost: number;
  released: number;
}

/** Retry policy: permanent failures and the last attempt park; otherwise back off, doubling per attempt, at most an hour. */
export function failureReport(message: string, permanent: boolean, attempt: number, cfg: Pick<PackagerConfig, 'maxAttempts' | 'backoffSec'>): FailureReport {
  const park = permanent || attempt >= cfg.maxAttempts;
  const retryInSec = Math.min(3600, cfg.backoffSec * 2 ** Math.max(0, attempt - 1));
  return { error: park && !permanent ? `${message} (attempt ${attempt} of ${cfg.maxAttempts})` : message, park, retryInSec };
}

export class PackagerLoop {
  readonly stats: LoopStats = { published: 0, failed: 0, parked: 0, leaseLost: 0, released: 0 };
  readonly #active = new Map<string, { done: Promise<void>; abort: (why: 'lease-lost' | 'stopping') => void }>();
  #stopping = false;
  #wake: (() => void) | undefined;
  #serviceErrors = 0;

  constructor(
    private readonly api: PackagerApi,
    private readonly config: PackagerConfig,
    private readonly runner: JobRunner,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs until stop() (or, with `once`, until nothing is due and no job runs). */
  async run(): Promise<void> {
    this.log(`packager ${this.config.owner} started: ${this.config.serviceUrl}, ${this.config.concurrency} job(s) at once, ${this.config.maxAttempts} attempts, lease ${this.config.leaseSec} s`);
    while (!this.#stopping) {
      if (this.#active.size >= this.config.concurrency) {
        await this.#sleep(Infinity);
        continue;
      }
      const claimed = await this.#claim();
      if (claimed === 'error') {
        await this.#sleep(Math.min(60_000, this.config.pollSec * 1000 * 2 ** Math.min(6, this.#serviceErrors)));
        continue;
      }
      if (claimed) {
        this.#start(claimed);
        continue;
      }
      if (this.config.once && this.#active.size === 0) break;
      await this.#sleep(this.#active.size > 0 && this.config.once ? Infinity : this.config.pollSec * 1000);
    }
    await Promise.all([...this.#active.values()].map((a) => a.done));
    this.log(`packager ${this.config.owner} stopped: ${this.stats.published} published, ${this.stats.failed} failed (${this.stats.parked} parked), ${this.stats.leaseLost} lost leases, ${this.stats.released} given back`);
  }

  /** Stops claiming, stops running jobs and gives their entries back (no attempt used). */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const a of this.#active.values()) a.abort('stopping');
    this.#wake?.();
    await Promise.all([...this.#active.values()].map((a) => a.done));
  }

  async #claim(): Promise<Job | null | 'error'> {
    const r = await this.api.claim(this.config.owner, this.config.leaseSec, this.config.maxAttempts).catch((e: unknown) => ({ ok: false as const, error: { message: String(e), leaseLost: false } }));
    if (!r.ok) {
      // Logged on the first failure and then every tenth, so a long outage does not flood the log.
      if (this.#serviceErrors % 10 === 0) this.log(`cannot reach the packager API (${r.error.message}); retrying`);
      this.#serviceErrors++;
      return 'error';
    }
    if (this.#serviceErrors > 0) this.log('packager API reachable again');
    this.#serviceErrors = 0;
    for (const key of r.value.parked) this.log(`parked ${shortKey(key)}: its leases kept expiring (packagers died or hung on it)`);
    return r.value.job;
  }

  #start(job: Job): void {
    const controller = new AbortController();
    let reason: 'lease-lost' | 'stopping' | undefined;
    const abort = (why: 'lease-lost' | 'stopping'): void => {
      reason ??= why;
      controller.abort();
    };
    const ctx: JobContext = { api: this.api, config: this.config, signal: controller.signal, abortReason: () => reason, log: this.log };
    this.log(`claimed ${shortKey(job.key)} (attempt ${job.attempt} of ${this.config.maxAttempts}): ${job.sourceUrl}`);
    const heartbeat = setInterval(() => void this.#heartbeat(job, abort), (this.config.leaseSec * 1000) / 3);
    const done = (async () => {
      let outcome: JobOutcome;
      try {
        outcome = await this.runner(job, ctx);
      } catch (e) {
        outcome = { kind: 'failed', stage: 'publish', message: `internal error: ${e instanceof Error ? e.message : String(e)}`, permanent: false };
      } finally {
        clearInterval(heartbeat);
      }
      await this.#report(job, outcome).catch((e: unknown) => this.log(`${shortKey(job.key)}: could not report the outcome: ${String(e)}`));
    })().finally(() => {
      this.#active.delete(job.leaseId);
      this.#wake?.();
    });
    this.#active.set(job.leaseId, { done, abort });
  }

  async #heartbeat(job: Job, abort: (why: 'lease-lost') => void): Promise<void> {
    const r = await this.api.heartbeat(job, this.config.leaseSec).catch((e: unknown) => ({ ok: false as const, error: { message: String(e), leaseLost: false } }));
    if (r.ok) return;
    if (r.error.leaseLost) {
      this.log(`${shortKey(job.key)}: lease lost (${r.error.message}); stopping this job`);
      abort('lease-lost');
    } else {
      this.log(`${shortKey(job.key)}: heartbeat failed (${r.error.message}); will try again`);
    }
  }

  async #report(job: Job, outcome: JobOutcome): Promise<void> {
    const short = shortKey(job.key);
    switch (outcome.kind) {
      case 'published':
        this.stats.published++;
        this.log(summaryLine(outcome.summary));
        return;
      case 'lease-lost':
        this.stats.leaseLost++;
        this.log(`${short}: ${outcome.message}; the files of this attempt are left unpublished`);
        return;
      case 'stopped': {
        const r = await this.api.release(job);
        this.stats.released++;
        this.log(`${short}: given back to the queue${r.ok ? '' : ` (release failed: ${r.error.message}; the lease will expire)`}`);
        return;
      }
      case 'failed': {
        this.stats.failed++;
        const report = failureReport(outcome.message, outcome.permanent, job.attempt, this.config);
        const r = await this.api.fail(job, report);
        if (report.park) this.stats.parked++;
        const next = report.park ? `parked${outcome.permanent ? ' (retrying cannot help)' : ''}` : `retry in ${report.retryInSec} s`;
        this.log(`failed ${short} attempt ${job.attempt} of ${this.config.maxAttempts}, ${next}: ${outcome.message}${r.ok ? '' : ` [not recorded: ${r.error.message}]`}`);
      }
    }
  }

  /** Waits `ms`, or until a job finishes or stop() is called. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
    });
  }
}
