/**
 * Child process: a Backstage backend on 127.0.0.1 with the real catalog
 * (holding the bench fleet through an entity provider) and the
 * prometheus-fleet plugin polling the bench global. Run on its own so that
 * its memory is the backend's alone. The parent drives it over IPC.
 *
 *   fork('bench/lib/backendProcess.ts', [JSON.stringify(BackendOptions)])
 */
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  DatabaseService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import appPlugin from '@backstage/plugin-app-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { JsonObject } from '@backstage/types';
import prometheusFleetPlugin from 'backstage-plugin-prometheus-fleet-backend';
import {
  FetchPrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import { CLUSTER_RESOURCE_TYPE } from 'backstage-plugin-prometheus-fleet-common';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CountingClient } from '../../test/src/integration/countingClient';
import { benchPermissionsFactory } from './benchPermissions';
import { ManualScheduler } from './manualScheduler';
import { fleetEntities, QUERY_ENDPOINT } from './syntheticFleet';

export interface BackendOptions {
  port: number;
  edges: number;
  prometheusUrl: string;
  /** Above 0: the global is Mimir-like, read per tenant. */
  tenants: number;
  /** Serve packages/app/dist, as the production backend does. */
  serveApp: boolean;
}

export type ToBackend =
  | { type: 'cycle' }
  | { type: 'memory' }
  | { type: 'stop' };

export interface CycleReport {
  /** The poller's own figure, from its log line. */
  durationMs: number;
  /** From the first query sent to the last answer: the part Prometheus takes. */
  queriesMs: number;
  /** The scheduled task from start to end, as the scheduler sees it. */
  taskMs: number;
  queries: number;
  edges: number;
  rowsWritten: number;
  /** Queue-health JSON the cycle added to the history table. */
  historyBytes: number;
  rssMb: number;
}

/** process.memoryUsage() in MB: heap in use, heap V8 holds, and buffers outside it. */
export interface BackendMemory {
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  externalMb: number;
}

export type FromBackend =
  | { type: 'ready'; ingestSeconds: number; entities: number; rssMb: number }
  | { type: 'cycle'; report: CycleReport }
  | { type: 'memory'; memory: BackendMemory }
  | { type: 'error'; message: string };

const POLL_TASK_ID = 'prometheus-fleet-poll';
const POLL_LINE =
  /^Poll cycle: .*, (\d+) edges?, (\d+) quer(?:y|ies) in (\d+) ms$/;
const MB = 2 ** 20;

function send(message: FromBackend) {
  process.send?.(message);
}

/** Keeps the poller's cycle lines for the parent; shows warnings and errors; drops the rest. */
class BenchLogger implements RootLoggerService {
  static cycleListener?: (line: string) => void;
  /** Once the backend stops, failing reads are expected and not worth a line. */
  static quiet = false;
  readonly #meta: JsonObject;

  constructor(meta: JsonObject = {}) {
    this.#meta = meta;
  }
  error(message: string, meta?: Error | JsonObject) {
    if (BenchLogger.quiet) return;
    process.stderr.write(
      `[backend ${this.#meta.plugin ?? '-'}] error: ${message} ${
        meta instanceof Error ? meta.message : ''
      }\n`,
    );
  }
  warn(message: string) {
    if (BenchLogger.quiet) return;
    process.stderr.write(
      `[backend ${this.#meta.plugin ?? '-'}] warn: ${message}\n`,
    );
  }
  info() {}
  debug(message: string) {
    if (
      this.#meta.plugin === 'prometheus-fleet' &&
      message.startsWith('Poll cycle:')
    ) {
      BenchLogger.cycleListener?.(message);
    }
  }
  child(meta: JsonObject): BenchLogger {
    return new BenchLogger({ ...this.#meta, ...meta });
  }
}

interface PluginHandles {
  db: Awaited<ReturnType<DatabaseService['getClient']>>;
  /** Cluster Resources the catalog serves to the plugin (over HTTP, with its service token). */
  countClusters(): Promise<number>;
}
let handles: PluginHandles | undefined;

/** Reaches into the prometheus-fleet plugin's own database and catalog access. */
const benchModule = createBackendModule({
  pluginId: 'prometheus-fleet',
  moduleId: 'bench',
  register(reg) {
    reg.registerInit({
      deps: {
        database: coreServices.database,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ database, catalog, auth }) {
        handles = {
          db: await database.getClient(),
          async countClusters() {
            const { totalItems } = await catalog.queryEntities(
              {
                filter: {
                  kind: 'Resource',
                  'spec.type': CLUSTER_RESOURCE_TYPE,
                },
                limit: 1,
                fields: ['metadata.name'],
              },
              { credentials: await auth.getOwnServiceCredentials() },
            );
            return totalItems;
          },
        };
      },
    });
  },
});

function fleetProvider(edges: number, tenants: number) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-fleet',
    register(reg) {
      reg.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'bench-fleet',
            async connect(connection) {
              const location = 'bench:fleet';
              await connection.applyMutation({
                type: 'full',
                entities: fleetEntities(edges, tenants).map(entity => ({
                  locationKey: location,
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      annotations: {
                        ...entity.metadata.annotations,
                        'backstage.io/managed-by-location': location,
                        'backstage.io/managed-by-origin-location': location,
                      },
                    },
                  },
                })),
              });
            },
          });
        },
      });
    },
  });
}

async function countRows(
  db: PluginHandles['db'],
  table: string,
): Promise<number> {
  const [{ count }] = await db(table).count({ count: '*' });
  return Number(count);
}

async function main() {
  const options: BackendOptions = JSON.parse(process.argv[2]);
  const client = new CountingClient(new FetchPrometheusQueryClient());
  // Tasks run when the bench triggers them, inline, and never on their own.
  const scheduler = new ManualScheduler();
  const started = Date.now();
  // The production backend (router, discovery, database, scheduler, cache),
  // with mock auth as startTestBackend has it (startTestBackend itself binds
  // every interface, not 127.0.0.1) and the bench's permission policy.
  const backend = createBackend();
  // The demo app's frontend config, served from this backend's own origin.
  const { app, organization } = parse(
    fs.readFileSync(path.resolve(__dirname, '../../app-config.yaml'), 'utf8'),
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  for (const feature of [
    ...(options.serveApp ? [appPlugin] : []),
    catalogPlugin,
    fleetProvider(options.edges, options.tenants),
    prometheusFleetPlugin,
    benchModule,
    mockServices.auth.factory(),
    mockServices.httpAuth.factory(),
    mockServices.userInfo.factory(),
    benchPermissionsFactory,
    scheduler.factory(),
    mockServices.rootConfig.factory({
      data: {
        app: { ...app, baseUrl },
        organization,
        backend: {
          baseUrl,
          listen: { host: '127.0.0.1', port: options.port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
        },
        prometheusFleet: {
          queryEndpoints: [
            {
              name: QUERY_ENDPOINT,
              url: options.prometheusUrl,
              timeout: '120s',
              ...(options.tenants
                ? { engine: 'mimir', tenancy: 'per-tenant' }
                : {}),
            },
          ],
          remoteWrite: { queueConfig: { maxShards: 50 } },
        },
      },
    }),
    createServiceFactory({
      service: prometheusQueryClientServiceRef,
      deps: {},
      factory: () => client,
    }),
    createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => new BenchLogger(),
    }),
  ]) {
    backend.add(feature);
  }
  await backend.start();

  // Ingestion: wait until the catalog serves every cluster.
  const expected = options.edges + 1;
  let entities = 0;
  let reported = Date.now();
  while (entities < expected) {
    await new Promise(resolve => setTimeout(resolve, 1000));
    entities = await handles!.countClusters();
    if (Date.now() - reported > 30_000) {
      reported = Date.now();
      process.stderr.write(
        `[backend] catalog ingestion: ${entities} of ${expected} clusters after ${Math.round(
          (reported - started) / 1000,
        )} s\n`,
      );
    }
  }
  send({
    type: 'ready',
    ingestSeconds: (Date.now() - started) / 1000,
    entities,
    rssMb: process.memoryUsage().rss / MB,
  });

  process.on('message', async (message: ToBackend) => {
    try {
      if (message.type === 'cycle') {
        send({ type: 'cycle', report: await runCycle(client, scheduler) });
      } else if (message.type === 'memory') {
        const memory = process.memoryUsage();
        send({
          type: 'memory',
          memory: {
            rssMb: memory.rss / MB,
            heapMb: memory.heapUsed / MB,
            heapTotalMb: memory.heapTotal / MB,
            externalMb: memory.external / MB,
          },
        });
      } else if (message.type === 'stop') {
        BenchLogger.quiet = true;
        await backend.stop();
        process.exit(0);
      }
    } catch (error) {
      send({
        type: 'error',
        message:
          error instanceof Error ? error.stack ?? error.message : String(error),
      });
    }
  });
}

async function runCycle(
  client: CountingClient,
  scheduler: ManualScheduler,
): Promise<CycleReport> {
  if (!handles) throw new Error('The bench module did not start');
  const { db } = handles;
  const historyBefore = await countRows(db, 'queue_health_history');
  const queriesBefore = client.queries.length;
  let line: string | undefined;
  BenchLogger.cycleListener = message => {
    line = message;
  };
  const started = Date.now();
  await scheduler.run(POLL_TASK_ID);
  const taskMs = Date.now() - started;
  BenchLogger.cycleListener = undefined;
  const [, edges, queries, ms] = (line && POLL_LINE.exec(line)) || [];
  if (!ms) {
    throw new Error(
      `The poll task logged no line the bench understands (${POLL_LINE}): ${line}`,
    );
  }
  const sent = client.queries.slice(queriesBefore);
  const queriesMs =
    Math.max(...sent.map(q => q.startedAt + (q.durationMs ?? 0))) -
    Math.min(...sent.map(q => q.startedAt));
  const history = (await countRows(db, 'queue_health_history')) - historyBefore;
  const [{ bytes }] = await db('queue_health_history')
    .where('observed_at', db('queue_health_history').max('observed_at'))
    .sum({ bytes: db.raw('length(health)') });
  const latest = await countRows(db, 'queue_health_latest');
  const problems = await countRows(db, 'observed_problems');
  if (client.queries.length - queriesBefore !== Number(queries)) {
    throw new Error(
      `The poller reported ${queries} queries, the client counted ${
        client.queries.length - queriesBefore
      }`,
    );
  }
  return {
    durationMs: Number(ms),
    queriesMs,
    taskMs,
    queries: Number(queries),
    edges: Number(edges),
    // History rows inserted, latest rows upserted, observed problems replaced.
    rowsWritten: history + Math.min(latest, Number(edges)) + problems,
    historyBytes: Number(bytes),
    rssMb: process.memoryUsage().rss / MB,
  };
}

process.on('disconnect', () => process.exit(0));
main().catch(error => {
  send({
    type: 'error',
    message:
      error instanceof Error ? error.stack ?? error.message : String(error),
  });
  process.exit(1);
});
