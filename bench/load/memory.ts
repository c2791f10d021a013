/**
 * @module bench/load/memory
 * Resident memory of the `wrangler dev` runtimes: the RSS (`VmRSS` of /proc/<pid>/status, Linux)
 * of the two workerd processes in wrangler's process group. Wrangler 4 starts one for the Worker
 * and its Durable Objects (started with `--inspector-addr`; it holds their SQLite files) and one
 * for its own proxy in front of it (the entry socket, the dev-server proxy and the inspector
 * proxy). Only the first runs our code; both are reported, apart.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface RssSample {
  readonly atMs: number;
  readonly label: string;
  /** The runtime of the Worker and its Durable Objects. */
  readonly workerMiB: number;
  /** Wrangler's proxy runtime in front of it. */
  readonly proxyMiB: number;
  /** Open SQLite databases of the Worker runtime: Durable Objects in memory (one file each). */
  readonly openDatabases: number;
  readonly pids: readonly number[];
  /** Live JS heap of the Worker's isolate after a full collection (bench/load/heap), when measured. */
  readonly heapMiB?: number;
  /** Native memory the Worker runtime holds / tcmalloc has from the OS (bench/load/malloc), when measured. */
  readonly mallocInUseMiB?: number;
  readonly mallocTotalMiB?: number;
}

/** pids of processes named `workerd` whose process group is `pgid`. */
export function workerdPids(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …; comm may contain spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (comm === 'workerd' && Number(fields[2]) === pgid) out.push(Number(name));
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

function rssKiB(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export function isWorkerRuntime(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--inspector-addr');
  } catch {
    return false;
  }
}

function openDatabases(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('.sqlite');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return 0;
  }
}

const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;

export function sampleRss(pgid: number, label: string): RssSample {
  const pids = workerdPids(pgid);
  const worker = pids.filter(isWorkerRuntime);
  const proxy = pids.filter((p) => !worker.includes(p));
  return {
    atMs: Date.now(),
    label,
    workerMiB: mib(worker.reduce((n, p) => n + rssKiB(p), 0)),
    proxyMiB: mib(proxy.reduce((n, p) => n + rssKiB(p), 0)),
    openDatabases: worker.reduce((n, p) => n + openDatabases(p), 0),
    pids,
  };
}

/** The process of the Worker runtime (the one running our code and the Durable Objects). */
export function workerRuntimePid(pgid: number): number | undefined {
  return workerdPids(pgid).find(isWorkerRuntime);
}

/** Samples every `everyMs` until stopped; returns the samples and the Worker runtime's peak. */
export function rssSampler(pgid: number, everyMs: number): { stop(): { samples: RssSample[]; peakMiB: number; peakProxyMiB: number; peakDatabases: number } } {
  const samples: RssSample[] = [];
  const timer = setInterval(() => samples.push(sampleRss(pgid, 'during')), everyMs);
  return {
    stop() {
      clearInterval(timer);
      return {
        samples,
        peakMiB: Math.max(0, ...samples.map((s) => s.workerMiB)),
        peakProxyMiB: Math.max(0, ...samples.map((s) => s.proxyMiB)),
        peakDatabases: Math.max(0, ...samples.map((s) => s.openDatabases)),
      };
    },
  };
}
