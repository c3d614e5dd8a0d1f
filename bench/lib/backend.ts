import { ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { freeLoopbackPort } from '../../test/src/rig/httpServer';
import {
  BackendMemory,
  BackendOptions,
  CycleReport,
  FromBackend,
  ToBackend,
} from './backendProcess';

/** What the backend process said instead of the reply waited for. */
function unexpectedReply(message: FromBackend): Error {
  return new Error(
    `backend: ${
      message.type === 'error' ? message.message : `unexpected ${message.type}`
    }`,
  );
}

export interface BenchBackend {
  baseUrl: string;
  pid: number;
  ready: Extract<FromBackend, { type: 'ready' }>;
  cycle(): Promise<CycleReport>;
  memory(): Promise<BackendMemory>;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

/** Starts bench/lib/backendProcess.ts and resolves once its catalog holds the fleet. */
export async function startBenchBackend(
  options: Omit<BackendOptions, 'port'> & {
    ingestTimeoutMs: number;
    /** Gives up on the start, stopping the backend, e.g. when what it polls has died. */
    signal: AbortSignal;
  },
): Promise<BenchBackend> {
  const port = await freeLoopbackPort();
  const child: ChildProcess = fork(
    path.join(__dirname, 'backendProcess.ts'),
    [
      JSON.stringify({
        port,
        edges: options.edges,
        prometheusUrl: options.prometheusUrl,
        tenants: options.tenants,
        serveApp: options.serveApp,
      }),
    ],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const killWithParent = () => child.kill('SIGKILL');
  process.once('exit', killWithParent);
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  /** One request at a time: replies come in order. */
  let queue: Promise<unknown> = Promise.resolve();
  function request<T extends FromBackend['type']>(
    message: ToBackend,
    reply: T,
  ): Promise<Extract<FromBackend, { type: T }>> {
    const next = queue.then(
      () =>
        new Promise<Extract<FromBackend, { type: T }>>((resolve, reject) => {
          const onMessage = (m: FromBackend) => {
            child.off('exit', onExit);
            child.off('message', onMessage);
            if (m.type === reply)
              resolve(m as Extract<FromBackend, { type: T }>);
            else reject(unexpectedReply(m));
          };
          const onExit = (code: number | null) => {
            child.off('message', onMessage);
            reject(
              new Error(
                `backend exited (${code}) before answering ${message.type}`,
              ),
            );
          };
          child.on('message', onMessage);
          child.once('exit', onExit);
          child.send(message);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  }

  const ready = await new Promise<Extract<FromBackend, { type: 'ready' }>>(
    (resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `the catalog did not ingest ${
                options.edges + 1
              } clusters within ${options.ingestTimeoutMs / 1000} s`,
            ),
          ),
        options.ingestTimeoutMs,
      );
      child.once('message', (m: FromBackend) => {
        clearTimeout(timer);
        if (m.type === 'ready') resolve(m);
        else reject(unexpectedReply(m));
      });
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`backend exited with code ${code} during startup`));
      });
      options.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(options.signal.reason);
      });
    },
  ).catch(async error => {
    child.kill('SIGKILL');
    await exited;
    process.off('exit', killWithParent);
    throw error;
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    ready,
    cycle: async () => (await request({ type: 'cycle' }, 'cycle')).report,
    memory: async () => (await request({ type: 'memory' }, 'memory')).memory,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' } satisfies ToBackend);
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killWithParent);
    },
  };
}
