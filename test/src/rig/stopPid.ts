import fs from 'node:fs';

function isZombie(pid: number): boolean {
  try {
    return (
      fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .split(') ')[1]
        ?.startsWith('Z') ?? false
    );
  } catch {
    return false;
  }
}

/** Whether a process runs; an exited child its parent has not reaped yet does not. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * Whether a PID still runs the program it was recorded for: after a reboot or
 * a long pause the PID may belong to something else, which must not be killed.
 */
function runs(pid: number, program: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
  } catch {
    return isAlive(pid) && !fs.existsSync('/proc/self');
  }
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * Stops a process started earlier, found by its recorded PID: SIGTERM, then
 * SIGKILL after the grace period. Returns false when there was nothing to stop.
 */
export async function stopPid(
  pid: number,
  program: string,
  graceMs = 10_000,
): Promise<boolean> {
  if (!isAlive(pid) || !runs(pid, program)) return false;
  process.kill(pid, 'SIGTERM');
  if (!(await exited(pid, graceMs))) {
    process.kill(pid, 'SIGKILL');
    await exited(pid, graceMs);
  }
  return true;
}
