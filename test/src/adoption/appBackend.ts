import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from '../harness/eventually';
import { appEnv, logTail } from './runLogged';

const READY_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 15_000;

export interface AppBackend {
  pid: number;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null;

class ExitedError extends Error {}

/**
 * Starts the app's backend as `yarn start` runs it (node with the Backstage
 * CLI's TypeScript transform, from packages/backend), without the file
 * watcher and the frontend dev server: the backend's app plugin serves the
 * frontend built into packages/app/dist. Resolves once it reports ready.
 */
export async function startAppBackend(options: {
  appDir: string;
  configFiles: string[];
  baseUrl: string;
  logFile: string;
  env: Record<string, string>;
}): Promise<AppBackend> {
  const backendDir = path.join(options.appDir, 'packages/backend');
  const log = fs.openSync(options.logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [backendDir],
      }),
      'src/index',
      ...options.configFiles.flatMap(file => ['--config', file]),
    ],
    {
      cwd: backendDir,
      env: appEnv({ NODE_ENV: 'development', ...options.env }),
      stdio: ['ignore', log, log],
    },
  );
  fs.closeSync(log);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited(child)) return;
    const exit = new Promise(resolve => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  };

  try {
    await eventually(
      async () => {
        if (exited(child)) {
          throw new ExitedError(
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
        giveUpOn: error => error instanceof ExitedError,
      },
    );
  } catch (error) {
    await stop();
    throw new Error(
      `The app's backend did not become ready: ${error}\n${logTail(
        options.logFile,
      )}`,
    );
  }
  return { pid: child.pid!, stop };
}
