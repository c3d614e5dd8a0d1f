import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROMETHEUS_BIN, prometheusVersion } from '../../test/src/rig/binaries';
import { freeLoopbackPort } from '../../test/src/rig/httpServer';
import { PrometheusProcess } from '../../test/src/rig/prometheusProcess';
import { EdgeWriterMessage } from './edgeWriter';

export interface GlobalPrometheus {
  prometheus: PrometheusProcess;
  /** What the global's binary reports, e.g. 3.5.3. */
  version: string;
  /** Resolves once the history is written. */
  loaded: Promise<Extract<EdgeWriterMessage, { type: 'loaded' }>>;
  /** @throws when Prometheus or the edge writer has stopped: the figures would mean nothing. */
  assertRunning(): void;
  /** CPU seconds the Prometheus process has used so far. */
  cpuSeconds(): number;
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

/**
 * A real Prometheus global on 127.0.0.1 receiving remote write, and a child
 * process playing the edges that write to it.
 */
export async function startGlobalPrometheus(options: {
  dir: string;
  edges: number;
  historyMinutes: number;
  log: (line: string) => void;
}): Promise<GlobalPrometheus> {
  const { dir, edges, historyMinutes, log } = options;
  const version = await prometheusVersion(PROMETHEUS_BIN);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // No scrape jobs: everything arrives by remote write, as at a real global.
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global: {}\n');
  const prometheus = new PrometheusProcess({
    name: 'global',
    dir,
    port: await freeLoopbackPort(),
    agentMode: false,
    flags: [
      '--web.enable-remote-write-receiver',
      '--storage.tsdb.retention.time=1d',
    ],
  });
  await prometheus.start();

  let writer: ChildProcess | undefined;
  let writerFailure: string | undefined;
  const loaded = new Promise<Extract<EdgeWriterMessage, { type: 'loaded' }>>(
    (resolve, reject) => {
      writer = fork(
        path.join(__dirname, 'edgeWriter.ts'),
        [
          `${prometheus.url}/api/v1/write`,
          String(edges),
          String(historyMinutes),
        ],
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

  const stat = () => procStat(prometheus.pid);
  return {
    prometheus,
    version,
    loaded,
    assertRunning() {
      if (prometheus.pid === undefined) {
        const lines = fs.readFileSync(prometheus.logFile, 'utf8').split('\n');
        const why = lines.filter(line => /level=(warn|error)/.test(line));
        throw new Error(
          `The global Prometheus has stopped:\n${(why.length ? why : lines)
            .slice(-10)
            .join('\n')}`,
        );
      }
      if (writerFailure) {
        throw new Error(`The edge writer has stopped: ${writerFailure}`);
      }
    },
    cpuSeconds: () => {
      const fields = stat();
      // utime and stime: fields 14 and 15 of /proc/<pid>/stat, 12 and 13 after the name.
      return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    },
    rssMb: () => (Number(stat()[21]) * 4096) / 2 ** 20,
    async stop() {
      if (writer && writer.exitCode === null && writer.signalCode === null) {
        const exited = new Promise(resolve => writer!.once('exit', resolve));
        writer.kill('SIGTERM');
        await exited;
      }
      await prometheus.stop();
    },
  };
}
