import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { childEnv } from './childEnv';
import { eventually } from './eventually';
import { BACKEND_DIR } from './paths';

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 15_000;

export interface BackendProcess {
  pid: number;
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise(resolve => child.once('exit', () => resolve()));
}

class BackendExitedError extends Error {}

function logTail(logFile: string): string {
  return fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
}

/**
 * Runs packages/backend the way `backstage-cli package start` does (node
 * with the CLI's TypeScript transform) but without its file watcher, which
 * would restart the backend mid-test whenever a source file changes.
 */
export async function startBackend(options: {
  configFiles: string[];
  baseUrl: string;
  logFile: string;
}): Promise<BackendProcess> {
  const log = fs.openSync(options.logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [BACKEND_DIR],
      }),
      'src/index',
      ...options.configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: BACKEND_DIR,
      env: childEnv({ NODE_ENV: 'development' }),
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  // A test run that dies must not leave the backend behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exitOf(child);
    clearTimeout(timer);
  };

  try {
    await eventually(
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new BackendExitedError(
            `it exited with ${child.exitCode ?? child.signalCode}`,
          );
        }
        const response = await fetch(
          `${options.baseUrl}/.backstage/health/v1/readiness`,
        );
        if (!response.ok) throw new Error(`readiness ${response.status}`);
      },
      {
        timeoutMs: READY_TIMEOUT_MS,
        intervalMs: 250,
        giveUpOn: error => error instanceof BackendExitedError,
      },
    );
  } catch (error) {
    await stop();
    throw new Error(
      `The demo backend did not become ready: ${error}\nLast lines of ${
        options.logFile
      }:\n${logTail(options.logFile)}`,
    );
  }
  return { pid: child.pid!, stop };
}
