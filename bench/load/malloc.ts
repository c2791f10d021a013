/**
 * @module bench/load/malloc
 * The allocator's own account of the Worker runtime's native memory. workerd links Google's
 * tcmalloc; its `malloc_stats()` prints how many bytes the program holds ("Bytes in use by
 * application") and how many tcmalloc keeps free for reuse (page heap, central, transfer and
 * thread caches) without giving them back to the OS. RSS can only say the process is big; this
 * says whether the program still holds the memory (a leak, if it grows with sessions gone) or the
 * allocator merely kept what was freed. Read by attaching gdb for about a second: `malloc_stats()`
 * is called with the process's stderr pointed at a file, then stderr is put back. Needs gdb and
 * ptrace (root here); without them every sample is undefined and the harness says so.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MallocSample {
  /** Bytes the program holds, MiB. */
  readonly inUseMiB: number;
  /** Everything tcmalloc has from the OS (in use + its free lists + metadata), MiB. */
  readonly totalMiB: number;
}

const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

/** One `malloc_stats()` of process `pid`, or undefined (no gdb, no ptrace, not tcmalloc). */
export function sampleMalloc(pid: number): MallocSample | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edge-ssai-malloc-'));
  const out = path.join(dir, 'stats.txt');
  const script = path.join(dir, 'stats.gdb');
  // O_WRONLY | O_CREAT | O_APPEND = 1 | 64 | 1024; mode 0644.
  writeFileSync(
    script,
    [
      'set pagination off',
      'set $saved = (int)dup(2)',
      `set $fd = (int)open("${out}", 1089, 420)`,
      'call (int)dup2($fd, 2)',
      'call (void)malloc_stats()',
      'call (int)dup2($saved, 2)',
      'call (int)close($fd)',
      'call (int)close($saved)',
      '',
    ].join('\n'),
  );
  try {
    spawnSync('gdb', ['-p', String(pid), '-batch', '-x', script], { stdio: 'ignore', timeout: 60_000 });
    const text = readFileSync(out, 'utf8');
    const bytes = (label: string): number | undefined => {
      const m = new RegExp(`MALLOC:[ +=]*(\\d+) \\([^)]*\\) ${label}`).exec(text);
      return m?.[1] === undefined ? undefined : Number(m[1]);
    };
    const inUse = bytes('Bytes in use by application');
    const total = bytes('Actual memory used');
    return inUse === undefined || total === undefined ? undefined : { inUseMiB: mib(inUse), totalMiB: mib(total) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
