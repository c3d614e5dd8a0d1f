import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MissingBinaryError } from './binaries';

const READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;

export interface ServerProcessOptions {
  name: string;
  /** The process keeps its data and log here. */
  dir: string;
  port: number;
}

/** What tells one server program from another. */
export interface ServerProgram {
  binary: string;
  /** Name of the log file in the server's directory. */
  logFileName: string;
  /** Path answering 2xx once the server takes requests. */
  readyPath: string;
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

/** One real server on 127.0.0.1, stoppable and restartable on the same port and data. */
export abstract class ServerProcess {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
  readonly url: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly #program: ServerProgram;
  #child: ChildProcess | undefined;

  protected constructor(options: ServerProcessOptions, program: ServerProgram) {
    this.name = options.name;
    this.dir = options.dir;
    this.port = options.port;
    this.url = `http://127.0.0.1:${options.port}`;
    this.dataDir = path.join(options.dir, 'data');
    this.logFile = path.join(options.dir, program.logFileName);
    this.#program = program;
  }

  /** Command-line arguments of the server. */
  protected abstract args(): string[];

  /** PID of the running process, undefined while stopped. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async start(): Promise<void> {
    if (this.#child) {
      throw new Error(
        `${this.name} is already running (pid ${this.#child.pid})`,
      );
    }
    fs.mkdirSync(this.dir, { recursive: true });
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(this.#program.binary, this.args(), {
      cwd: this.dir,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.#child = child;
    killWithThisProcess(child);
    child.once('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
    await this.#waitUntilReady(child);
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(): Promise<void> {
    const child = this.#child;
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

  async #waitUntilReady(child: ChildProcess): Promise<void> {
    let failure: Error | undefined;
    child.once('error', error => {
      failure =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? new MissingBinaryError(this.#program.binary)
          : error;
    });
    child.once('exit', (code, signal) => {
      failure ??= new Error(
        `${this.name} exited during startup (${
          signal ?? `code ${code}`
        }):\n${this.#logTail()}`,
      );
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!failure && Date.now() < deadline) {
      try {
        const response = await fetch(`${this.url}${this.#program.readyPath}`, {
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
        }s:\n${this.#logTail()}`,
      );
    }
    throw failure;
  }

  #logTail(): string {
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
