import { spawn } from 'node:child_process';
import { MissingBinaryError } from '../rig/binaries';

const READY = 'Server is ready to receive web requests.';
const READY_TIMEOUT_MS = 20_000;

export interface StartAttempt {
  started: boolean;
  /** What Prometheus logged until it was ready or exited. */
  output: string;
}

export interface StartOptions {
  configFile: string;
  flags: string[];
  agentMode: boolean;
  dataDir: string;
}

/**
 * Starts Prometheus on a free port with a config and the flags the operator
 * would pass, and stops it once it is ready: promtool checks the config, only
 * a start shows whether Prometheus takes the flags.
 */
export function startsWithFlags(
  binary: string,
  { configFile, flags, agentMode, dataDir }: StartOptions,
): Promise<StartAttempt> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        '--web.listen-address=127.0.0.1:0',
        `--storage.${agentMode ? 'agent' : 'tsdb'}.path=${dataDir}`,
        ...flags,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let started = false;
    const timeout = setTimeout(() => {
      output += `\n(not ready within ${READY_TIMEOUT_MS / 1000}s)`;
      child.kill('SIGKILL');
    }, READY_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (!started && output.includes(READY)) {
        started = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('error', error => {
      clearTimeout(timeout);
      reject(
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new MissingBinaryError(binary)
          : error,
      );
    });
    child.once('close', () => {
      clearTimeout(timeout);
      resolve({ started, output });
    });
  });
}
