import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROMETHEUS_BIN, prometheusVersion } from '../../test/src/rig/binaries';
import { freeLoopbackPort } from '../../test/src/rig/httpServer';
import { PrometheusProcess } from '../../test/src/rig/prometheusProcess';
import { startTenantFront, TenantFront } from '../../test/src/rig/tenantFront';
import { EdgeWriterMessage } from './edgeWriter';
import { tenantOf } from './syntheticFleet';

export interface GlobalPrometheus {
  /** The global, which the rules path reloads; with tenants (no rules path), the first tenant's Prometheus. */
  prometheus: PrometheusProcess;
  /** The query endpoint's base URL: the Prometheus, or the tenant front (its own `/prometheus` path follows from engine mimir). */
  url: string;
  /** Tenants the edges are spread over; 0 for a single-tenant Prometheus. */
  tenants: number;
  /** What the global's binary reports, e.g. 3.5.3. */
  version: string;
  /** Resolves once the history is written. */
  loaded: Promise<Extract<EdgeWriterMessage, { type: 'loaded' }>>;
  /** @throws when Prometheus or the edge writer has stopped: the figures would mean nothing. */
  assertRunning(): void;
  /** CPU seconds the Prometheus process (or all the tenants' together) has used so far. */
  cpuSeconds(): number;
  /** Summed over the tenants' Prometheus servers. */
  rssMb(): number;
  stop(): Promise<void>;
}

const TICKS_PER_SECOND = 100;

function procStat(pid: number | undefined): string[] {
  if (!pid) return [];
  try {
    return fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
  } catch {
    return [];
  }
}

async function startReceiver(name: string, dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // No scrape jobs: everything arrives by remote write, as at a real global.
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global: {}\n');
  const prometheus = new PrometheusProcess({
    name,
    dir,
    port: await freeLoopbackPort(),
    agentMode: false,
    flags: [
      '--web.enable-remote-write-receiver',
      '--storage.tsdb.retention.time=1d',
    ],
  });
  await prometheus.start();
  return prometheus;
}

/**
 * A real Prometheus global on 127.0.0.1 receiving remote write, and a child
 * process playing the edges that write to it. With tenants, a Mimir-like
 * global instead: one Prometheus per tenant behind the rig's tenant front
 * (test/src/rig/tenantFront.ts), which routes each write and query to its
 * tenant's Prometheus by `X-Scope-OrgID`.
 */
export async function startGlobalPrometheus(options: {
  dir: string;
  edges: number;
  tenants: number;
  historyMinutes: number;
  log: (line: string) => void;
}): Promise<GlobalPrometheus> {
  const { dir, edges, tenants, historyMinutes, log } = options;
  const version = await prometheusVersion(PROMETHEUS_BIN);
  const names = tenants
    ? Array.from({ length: tenants }, (_, i) => tenantOf(i, tenants)!)
    : ['global'];
  const servers: PrometheusProcess[] = [];
  // Pushed as started, so that a failed start still stops the others.
  const stopServers = () => Promise.all(servers.map(s => s.stop()));
  let front: TenantFront | undefined;
  try {
    for (const name of names) {
      servers.push(
        await startReceiver(name, tenants ? path.join(dir, name) : dir),
      );
    }
    if (tenants) {
      front = await startTenantFront({
        mode: 'mimir',
        tenants: Object.fromEntries(servers.map(s => [s.name, s.url])),
      });
    }
  } catch (error) {
    await stopServers();
    throw error;
  }
  const [prometheus] = servers;
  const writeUrl = front?.writeUrl ?? `${prometheus.url}/api/v1/write`;

  let writer: ChildProcess | undefined;
  let writerFailure: string | undefined;
  const loaded = new Promise<Extract<EdgeWriterMessage, { type: 'loaded' }>>(
    (resolve, reject) => {
      writer = fork(
        path.join(__dirname, 'edgeWriter.ts'),
        [writeUrl, String(edges), String(historyMinutes), String(tenants)],
        {
          execArgv: ['--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        },
      );
      writer.on('message', (message: EdgeWriterMessage) => {
        if (message.type === 'loaded') resolve(message);
        else if (message.type === 'error') {
          writerFailure = message.message;
          log(`edge writer failed: ${message.message}`);
          reject(new Error(`edge writer: ${message.message}`));
        } else if (message.ms > 10_000) {
          log(
            `edge writer: a live round of ${message.samples} samples took ${message.ms} ms`,
          );
        }
      });
      writer.once('exit', code => {
        writerFailure ??= `exited with code ${code}`;
        if (code) reject(new Error(`edge writer exited with code ${code}`));
      });
    },
  );
  loaded.catch(() => undefined);

  const sum = (of: (stat: string[]) => number) =>
    servers.reduce((total, server) => total + of(procStat(server.pid)), 0);
  return {
    prometheus,
    url: front?.url ?? prometheus.url,
    tenants,
    version,
    loaded,
    assertRunning() {
      const stopped = servers.find(server => server.pid === undefined);
      if (stopped) {
        const lines = fs.readFileSync(stopped.logFile, 'utf8').split('\n');
        const why = lines.filter(line => /level=(warn|error)/.test(line));
        throw new Error(
          `The global Prometheus ${stopped.name} has stopped:\n${(why.length
            ? why
            : lines
          )
            .slice(-10)
            .join('\n')}`,
        );
      }
      if (writerFailure) {
        throw new Error(`The edge writer has stopped: ${writerFailure}`);
      }
    },
    // utime and stime: fields 14 and 15 of /proc/<pid>/stat, 12 and 13 after the name.
    cpuSeconds: () =>
      sum(fields => Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    rssMb: () => (sum(fields => Number(fields[21])) * 4096) / 2 ** 20,
    async stop() {
      if (writer && writer.exitCode === null && writer.signalCode === null) {
        const exited = new Promise(resolve => writer!.once('exit', resolve));
        writer.kill('SIGTERM');
        await exited;
      }
      await front?.close();
      await stopServers();
    },
  };
}
