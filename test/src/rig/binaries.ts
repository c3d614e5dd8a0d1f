import { execFile } from 'node:child_process';

/** Overridable so CI can point at another build; Debian's package puts both on PATH. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? 'prometheus';
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? 'promtool';

export class MissingBinaryError extends Error {
  constructor(binary: string) {
    super(
      `${binary} is not installed or not on PATH. These tests run the real Prometheus: install it with \`apt-get install prometheus\` (Debian/Ubuntu ships prometheus and promtool 2.42), or set PROMETHEUS_BIN / PROMTOOL_BIN.`,
    );
    this.name = 'MissingBinaryError';
  }
}

export interface CommandResult {
  exitCode: number;
  output: string;
}

/** Runs a command to completion; a non-zero exit is a result, a missing binary an error. */
export function run(binary: string, args: string[]): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (!error) {
        resolve({ exitCode: 0, output });
      } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new MissingBinaryError(binary));
      } else if (typeof error.code === 'number') {
        resolve({ exitCode: error.code, output });
      } else {
        reject(error);
      }
    });
  });
}

/** `promtool check config`, with `--agent` for a config an agent will run. */
export function promtoolCheckConfig(
  configFile: string,
  { agent }: { agent: boolean },
): Promise<CommandResult> {
  return run(PROMTOOL_BIN, [
    'check',
    'config',
    ...(agent ? ['--agent'] : []),
    configFile,
  ]);
}

/**
 * Fails unless the binary is the Prometheus version configs are rendered
 * for: the operator renders per version, and a config for another release
 * may use fields or flags this one does not have.
 */
export async function assertPrometheusVersion(
  binary: string,
  expected: string,
): Promise<void> {
  const { output } = await run(binary, ['--version']);
  const actual = /version (\d+\.\d+\.\d+)/.exec(output)?.[1];
  if (actual !== expected) {
    throw new Error(
      `${binary} is version ${
        actual ?? 'unknown'
      }, but configs are rendered for ${expected} (Debian's \`apt-get install prometheus\`). Install that version, or point PROMETHEUS_BIN / PROMTOOL_BIN at it.`,
    );
  }
}
