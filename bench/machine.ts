// What the bench ran on (cores, CPU model, Node, commit) and how busy the whole machine was over a window (to spot other load).
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGb: number;
  loadAverage: number[];
  commit: string;
  shortCommit: string;
  /** the working tree had changes not in the commit (other people's work in progress, or the bench's own) */
  dirty: boolean;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const commit = git(['rev-parse', 'HEAD']) || 'unknown';
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commit,
    shortCommit: commit.slice(0, 7),
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
  };
}

/** Busy and total CPU time of the whole machine so far (all cores), ms. */
export function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

/** The machine's busy share between two machineCpu() readings, in % of one core (2 cores fully busy = 200). */
export function busyPctOfCore(a: { busy: number; total: number }, b: { busy: number; total: number }): number {
  const cores = os.cpus().length;
  const total = b.total - a.total;
  return total > 0 ? Math.round((100 * cores * (b.busy - a.busy)) / total) : 0;
}
