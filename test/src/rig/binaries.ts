import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../harness/paths';

/** Where scripts/provision-servers.sh unpacks the servers. */
const SERVERS_DIR = path.join(REPO_ROOT, '.toolchain', 'servers');

/** The Prometheus release lines the rig runs: 3 (Debian sid, the LTS line) and 2 (2.42, Debian bookworm). */
export type PrometheusMajor = 2 | 3;

function rigMajor(): PrometheusMajor {
  const wanted = process.env.FLEET_PROMETHEUS ?? '3';
  if (wanted !== '2' && wanted !== '3') {
    throw new Error(`FLEET_PROMETHEUS is "${wanted}"; it must be 3 or 2`);
  }
  return Number(wanted) as PrometheusMajor;
}

/** The release line the rig, the demo, the bench and the suites run: FLEET_PROMETHEUS, 3 by default. */
export const RIG_PROMETHEUS_MAJOR = rigMajor();

/** Prometheus and promtool of one release line, as provisioned. */
export function prometheusBinaries(major: PrometheusMajor) {
  const dir = path.join(SERVERS_DIR, `prometheus-${major}`, 'usr', 'bin');
  return {
    prometheus: path.join(dir, 'prometheus'),
    promtool: path.join(dir, 'promtool'),
  };
}

/** The rig's binaries; PROMETHEUS_BIN / PROMTOOL_BIN point at other builds of the same line. */
export const PROMETHEUS_BIN =
  process.env.PROMETHEUS_BIN ??
  prometheusBinaries(RIG_PROMETHEUS_MAJOR).prometheus;
export const PROMTOOL_BIN =
  process.env.PROMTOOL_BIN ?? prometheusBinaries(RIG_PROMETHEUS_MAJOR).promtool;
export const VICTORIA_METRICS_BIN =
  process.env.VICTORIA_METRICS_BIN ??
  path.join(SERVERS_DIR, 'victoria-metrics', 'usr', 'bin', 'victoria-metrics');
export const HELM_BIN =
  process.env.HELM_BIN ?? path.join(SERVERS_DIR, 'helm', 'helm');

export class MissingBinaryError extends Error {
  constructor(binary: string) {
    super(
      `${binary} is missing. These tests run real servers: \`scripts/provision-servers.sh\` fetches them (Prometheus 3 and 2.42, VictoriaMetrics, Helm) into .toolchain/servers; or set PROMETHEUS_BIN / PROMTOOL_BIN / VICTORIA_METRICS_BIN / HELM_BIN.`,
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
    execFile(
      binary,
      args,
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
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
      },
    );
  });
}

/** `promtool check config`, with `--agent` for a config an agent will run. */
export function promtoolCheckConfig(
  configFile: string,
  { agent, promtool = PROMTOOL_BIN }: { agent: boolean; promtool?: string },
): Promise<CommandResult> {
  return run(promtool, [
    'check',
    'config',
    ...(agent ? ['--agent'] : []),
    configFile,
  ]);
}

/**
 * The version a Prometheus or promtool binary reports, failing unless it is
 * of the expected release line: the operator renders per version, and a
 * config for another line may use fields or flags this one does not have.
 */
export async function prometheusVersion(
  binary: string,
  major: PrometheusMajor = RIG_PROMETHEUS_MAJOR,
): Promise<string> {
  const { output } = await run(binary, ['--version']);
  const actual = /version (\d+\.\d+\.\d+)/.exec(output)?.[1];
  if (actual?.split('.')[0] !== String(major)) {
    throw new Error(
      `${binary} is version ${
        actual ?? 'unknown'
      }, but the rig runs Prometheus ${major}.x (FLEET_PROMETHEUS=${major}). Run scripts/provision-servers.sh, or point PROMETHEUS_BIN / PROMTOOL_BIN at a ${major}.x build.`,
    );
  }
  return actual;
}

/** The VictoriaMetrics the rig runs: this Debian build reports no version itself; its package's does. */
export async function victoriaMetricsVersion(): Promise<string> {
  const version = await fs
    .readFile(path.resolve(VICTORIA_METRICS_BIN, '../../../VERSION'), 'utf8')
    .catch(() => `unknown (${VICTORIA_METRICS_BIN})`);
  return version.trim();
}
