import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  DatabaseService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { metricsServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  buildQueueHealthQueries,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  InstantQueryRequest,
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import { POLL_TASK_ID, prometheusFleetPlugin } from '../plugin';
import { DatabaseHealthStore } from '../store/DatabaseHealthStore';
import {
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from '../__testUtils__/clusterEntities';
import {
  FakeGlobalState,
  queueHealthBodies,
} from '../__testUtils__/queueHealthResponses';
import {
  EDGE_LAG_METRIC,
  EDGE_LAST_SEEN_AGE_METRIC,
  EDGE_STATUS_METRIC,
} from './names';
import { ScrapedSample, serveMetrics } from './__testUtils__/prometheusScrape';

const queue = (cluster: string, lag: number) => ({
  cluster,
  remoteName: 'fleet-global-eu',
  url: WRITE_URL,
  lag,
});

/**
 * The global's view at poll time `at` (epoch seconds): edge-eu-1 sends with
 * 30 s of lag, edge-eu-2 has been quiet for 15 minutes, edge-eu-3 never sent.
 */
const firstCycle = (at: number): FakeGlobalState => ({
  at,
  queues: [queue('edge-eu-1', 30), queue('edge-eu-2', 20)],
  lastSeen: { 'global-eu': at, 'edge-eu-1': at - 2, 'edge-eu-2': at - 900 },
});
/** Then edge-eu-1 has been quiet for 20 minutes and edge-eu-2 is back. */
const secondCycle = (at: number): FakeGlobalState => ({
  at,
  queues: [queue('edge-eu-1', 30), queue('edge-eu-2', 5)],
  lastSeen: { 'global-eu': at, 'edge-eu-1': at - 1200, 'edge-eu-2': at - 1 },
});

class FakeGlobalClient implements PrometheusQueryClient {
  state = firstCycle;
  /** Epoch seconds of the last poll. */
  polledAt = 0;
  readonly #ids = new Map(buildQueueHealthQueries().map(q => [q.promql, q.id]));

  async instantQuery(_endpoint: unknown, req: InstantQueryRequest) {
    this.polledAt = req.time.getTime() / 1000;
    const bodies = queueHealthBodies(this.state(this.polledAt));
    return bodies[this.#ids.get(req.promql)!] as any;
  }
}

/** Value by the series' cluster (and status) label; the other labels as checked below. */
function valuesOf(samples: ScrapedSample[], name: string) {
  return Object.fromEntries(
    samples
      .filter(s => s.name === name)
      .map(s => [
        [s.labels.cluster, s.labels.status].filter(Boolean).join(' '),
        s.value,
      ]),
  );
}

describe('fleet health metrics, as a Prometheus scraping the OpenTelemetry exporter reads them', () => {
  const client = new FakeGlobalClient();
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  let endpoint: Awaited<ReturnType<typeof serveMetrics>>;
  let scheduler: SchedulerService;
  let database: DatabaseService;

  /** The plugin's own scheduler and database, to poll again and to write as another instance. */
  const pluginServices = createBackendModule({
    pluginId: 'prometheus-fleet',
    moduleId: 'test-services',
    register(env) {
      env.registerInit({
        deps: {
          pluginScheduler: coreServices.scheduler,
          pluginDatabase: coreServices.database,
        },
        async init({ pluginScheduler, pluginDatabase }) {
          scheduler = pluginScheduler;
          database = pluginDatabase;
        },
      });
    },
  });

  beforeAll(async () => {
    // As an instrumentation file loaded with `--require` does: before the
    // backend starts, so the plugin's meter is the SDK's and not a no-op.
    metrics.setGlobalMeterProvider(meterProvider);
    endpoint = await serveMetrics(exporter);
    await startTestBackend({
      features: [
        prometheusFleetPlugin,
        pluginServices,
        metricsServiceFactory,
        catalogServiceMock.factory({
          entities: [
            globalEntity('global-eu', 'global-eu'),
            edgeEntity('edge-eu-1', 'global-eu'),
            edgeEntity('edge-eu-2', 'global-eu'),
            edgeEntity('edge-eu-3', 'global-eu'),
          ],
        }),
        // Runs one poll during startup.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        createServiceFactory({
          service: prometheusQueryClientServiceRef,
          deps: {},
          factory: () => client,
        }),
        mockServices.rootConfig.factory({
          data: {
            prometheusFleet: {
              queryEndpoints: [{ name: 'global-eu', url: 'http://fake:9090' }],
              thresholds: { lagWarning: '60s', lagCritical: '120s' },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await endpoint?.close();
    await meterProvider.shutdown();
    metrics.disable();
  });

  /** A scrape, and the bounds of the time the collection saw. */
  async function scrape() {
    const from = Date.now() / 1000;
    const { text, samples } = await endpoint.scrape();
    return { text, samples, from, to: Date.now() / 1000 };
  }

  it('exports one status series per edge, its lag, and how long ago it was last seen', async () => {
    const { text, samples, from, to } = await scrape();

    expect(valuesOf(samples, EDGE_STATUS_METRIC)).toEqual({
      'edge-eu-1 healthy': 1,
      'edge-eu-2 silent': 1,
      'edge-eu-3 pending': 1,
    });
    expect(valuesOf(samples, EDGE_LAG_METRIC)).toEqual({
      'edge-eu-1': 30,
      'edge-eu-2': 20,
    });
    // Never seen: no age at all, rather than a made-up one.
    const ages = valuesOf(samples, EDGE_LAST_SEEN_AGE_METRIC);
    expect(Object.keys(ages).sort()).toEqual(['edge-eu-1', 'edge-eu-2']);
    const lastSeen = client.polledAt;
    expect(ages['edge-eu-1']).toBeGreaterThanOrEqual(from - (lastSeen - 2));
    expect(ages['edge-eu-1']).toBeLessThanOrEqual(to - (lastSeen - 2));
    expect(ages['edge-eu-2']).toBeGreaterThanOrEqual(from - (lastSeen - 900));
    expect(ages['edge-eu-2']).toBeLessThanOrEqual(to - (lastSeen - 900));

    expect(text).toContain(`# TYPE ${EDGE_STATUS_METRIC} gauge`);
    expect(text).toContain(`# TYPE ${EDGE_LAG_METRIC} gauge`);
    expect(text).toContain(`# TYPE ${EDGE_LAST_SEEN_AGE_METRIC} gauge`);
  });

  it('labels every series with the cluster label and the global only, under the plugin meter', async () => {
    const { samples } = await scrape();
    const ours = samples.filter(s => s.name.startsWith('prometheus_fleet_'));

    expect(ours).toHaveLength(7);
    for (const { name, labels } of ours) {
      expect(Object.keys(labels).sort()).toEqual(
        name === EDGE_STATUS_METRIC
          ? ['cluster', 'global', 'otel_scope_name', 'status']
          : ['cluster', 'global', 'otel_scope_name'],
      );
      expect(labels.global).toBe('global-eu');
      expect(labels.otel_scope_name).toBe('backstage-plugin-prometheus-fleet');
    }
  });

  // The tests below run in order, each from the state the one before left.
  it('follows the next poll cycle: an old status reads 0, the new one 1', async () => {
    client.state = secondCycle;
    await scheduler.triggerTask(POLL_TASK_ID);

    const { samples } = await scrape();

    expect(valuesOf(samples, EDGE_STATUS_METRIC)).toEqual({
      'edge-eu-1 healthy': 0,
      'edge-eu-1 silent': 1,
      'edge-eu-2 silent': 0,
      'edge-eu-2 healthy': 1,
      'edge-eu-3 pending': 1,
    });
    expect(valuesOf(samples, EDGE_LAG_METRIC)['edge-eu-2']).toBe(5);
    const ages = valuesOf(samples, EDGE_LAST_SEEN_AGE_METRIC);
    expect(ages['edge-eu-1']).toBeGreaterThanOrEqual(1200);
    expect(ages['edge-eu-2']).toBeLessThan(60);
  });

  it('exports what another backend instance recorded in the shared store', async () => {
    const otherInstance = await DatabaseHealthStore.create({ database });
    const critical: QueueHealth = {
      status: 'critical',
      reasons: [{ code: 'lag-over-critical', message: 'lag 300 s over 120 s' }],
      lagSeconds: 300,
      shards: { current: 1, desired: 1, max: 10 },
      pendingSamples: 0,
      failedRate: 0,
      retriedRate: 0,
      droppedRate: 0,
      lastSeen: new Date().toISOString(),
      observedAt: new Date().toISOString(),
    };
    await otherInstance.recordCycle({
      observedAt: new Date(),
      healths: [{ ref: 'resource:default/edge-eu-3', health: critical }],
      problems: [],
    });

    const { samples } = await scrape();

    expect(valuesOf(samples, EDGE_STATUS_METRIC)).toMatchObject({
      'edge-eu-3 pending': 0,
      'edge-eu-3 critical': 1,
    });
    expect(valuesOf(samples, EDGE_LAG_METRIC)['edge-eu-3']).toBe(300);
    expect(
      valuesOf(samples, EDGE_LAST_SEEN_AGE_METRIC)['edge-eu-3'],
    ).toBeLessThan(60);
  });
});
