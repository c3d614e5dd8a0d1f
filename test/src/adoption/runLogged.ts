import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { childEnv } from '../harness/childEnv';

/**
 * The environment for commands run in the adopter's app: without what Jest
 * sets (childEnv) nor what the outer `yarn workspace … test:adoption` adds
 * about this repository's test package, so that yarn and the Backstage CLI
 * see the app as its own project.
 */
export function appEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = childEnv(extra);
  for (const name of Object.keys(env)) {
    if (
      name.startsWith('npm_package_') ||
      name === 'INIT_CWD' ||
      name === 'PROJECT_CWD'
    ) {
      delete env[name];
    }
  }
  return env;
}

/** The last lines of a log, for an error or an assertion's message. */
export function logTail(logFile: string, lines = 40): string {
  return fs
    .readFileSync(logFile, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .join('\n');
}

export interface RunResult {
  code: number | null;
  logFile: string;
}

/**
 * Runs a command to its end with its output in a log file (kept for CI
 * artifacts), and returns its exit code: a step of the adoption whose output
 * is too long for the test report.
 */
export async function runLogged(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: Record<string, string> },
): Promise<RunResult> {
  const log = fs.openSync(options.logFile, 'w');
  fs.writeSync(log, `$ ${[command, ...args].join(' ')}  (in ${options.cwd})\n`);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: appEnv(options.env),
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  // A test run that dies must not leave the command behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    return { code, logFile: options.logFile };
  } finally {
    process.off('exit', killOnExit);
  }
}

/** runLogged that throws, with the log's last lines, unless the command succeeded. */
export async function runOrThrow(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: Record<string, string> },
): Promise<void> {
  const { code } = await runLogged(command, args, options);
  if (code !== 0) {
    throw new Error(
      `${[command, ...args].join(' ')} exited with ${code}; last lines of ${
        options.logFile
      }:\n${logTail(options.logFile)}`,
    );
  }
}
