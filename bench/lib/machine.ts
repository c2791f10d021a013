/**
 * @module bench/lib/machine
 * The machine note printed with every benchmark and stored in its JSON: absolute times only mean
 * something next to the CPU, core count, load and Node version they were measured on.
 */
import os from 'node:os';

export interface MachineNote {
  readonly cpu: string;
  readonly cores: number;
  readonly loadAvg1m: number;
  readonly memGiB: number;
  readonly node: string;
  readonly platform: string;
}

export function machineNote(): MachineNote {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    loadAvg1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function describeMachine(m: MachineNote): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB, load ${m.loadAvg1m} (1 min) at start, Node ${m.node}, ${m.platform}`;
}
