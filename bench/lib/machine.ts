import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  date: string;
  nproc: number;
  memory: string;
  node: string;
  cpu: string;
}

export function describeMachine(): Machine {
  let memory: string;
  try {
    memory = execFileSync('free', ['-h'], { encoding: 'utf8' })
      .split('\n')[1]
      .replace(/\s+/g, ' ')
      .trim();
  } catch {
    memory = `${Math.round(os.totalmem() / 2 ** 30)} GiB total`;
  }
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    memory,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
}

/** The 1-minute load average: what else ran on the machine while a figure was taken. */
export function load(): string {
  return os.loadavg()[0].toFixed(2);
}
