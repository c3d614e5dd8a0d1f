import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { childEnv } from './childEnv';
import { REPO_ROOT } from './paths';

const APP_DIST = path.join(REPO_ROOT, 'packages/app/dist');

/**
 * Builds the frontend once into packages/app/dist, which the backend's app
 * plugin serves from its own origin: faster and lighter on a small CI
 * machine than running the webpack dev server beside the backend. With
 * `reuse`, an existing build is kept (for iterating on the tests only).
 */
export async function buildApp(options: {
  reuse: boolean;
  logFile: string;
}): Promise<void> {
  if (options.reuse && fs.existsSync(path.join(APP_DIST, 'index.html'))) {
    return;
  }
  const log = fs.openSync(options.logFile, 'w');
  const child = spawn('yarn', ['workspace', 'app', 'build'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `yarn workspace app build exited with ${code}; see ${
        options.logFile
      }:\n${fs.readFileSync(options.logFile, 'utf8').slice(-4000)}`,
    );
  }
}
