import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MissingBinaryError, PROMETHEUS_BIN } from './binaries';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export interface PrometheusProcessOptions {
  name: string;
  /** Holds prometheus.yml; the process keeps its data and log here too. */
  dir: string;
  port: number;
  agentMode: boolean;
  /** Flags from renderPrometheusConfig. */
  flags: string[];
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A crashed test run must not leave servers behind. */
function killWithThisProcess(child: ChildProcess) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const orphan of running) orphan.kill('SIGKILL');
    });
  }
  running.add(child);
  child.once('exit', () => running.delete(child));
}

function delay(ms: number) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(resolve => child.once('exit', () => resolve()));
}

/** One real Prometheus server or agent on 127.0.0.1, stoppable and restartable on the same port and data. */
export class PrometheusProcess {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  readonly configFile: string;
  readonly logFile: string;
  private readonly options: PrometheusProcessOptions;
  private child: ChildProcess | undefined;

  constructor(options: PrometheusProcessOptions) {
    this.options = options;
    this.name = options.name;
    this.dir = options.dir;
    this.port = options.port;
    this.url = `http://127.0.0.1:${options.port}`;
    this.configFile = path.join(options.dir, 'prometheus.yml');
    this.logFile = path.join(options.dir, 'prometheus.log');
  }

  /** PID of the running process, undefined while stopped. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) {
      throw new Error(
        `${this.name} is already running (pid ${this.child.pid})`,
      );
    }
    const dataDir = path.join(this.dir, 'data');
    const args = [
      `--config.file=${this.configFile}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      this.options.agentMode
        ? `--storage.agent.path=${dataDir}`
        : `--storage.tsdb.path=${dataDir}`,
      ...this.options.flags,
    ];
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(PROMETHEUS_BIN, args, {
      cwd: this.dir,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.child = child;
    killWithThisProcess(child);
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await this.waitUntilReady(child);
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = exitOf(child);
    child.kill('SIGTERM');
    const inTime = await Promise.race([
      exited.then(() => true),
      delay(STOP_GRACE_MS).then(() => false),
    ]);
    if (!inTime) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    let failure: Error | undefined;
    child.once('error', error => {
      failure =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new MissingBinaryError(PROMETHEUS_BIN)
          : error;
    });
    child.once('exit', (code, signal) => {
      failure ??= new Error(
        `${this.name} exited during startup (${
          signal ?? `code ${code}`
        }):\n${this.logTail()}`,
      );
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!failure && Date.now() < deadline) {
      try {
        const response = await fetch(`${this.url}/-/ready`, {
          signal: AbortSignal.timeout(1000),
        });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await delay(100);
    }
    if (!failure) {
      await this.stop();
      failure = new Error(
        `${this.name} was not ready within ${
          READY_TIMEOUT_MS / 1000
        }s:\n${this.logTail()}`,
      );
    }
    throw failure;
  }

  private logTail(): string {
    try {
      return fs
        .readFileSync(this.logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-15)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }
}
