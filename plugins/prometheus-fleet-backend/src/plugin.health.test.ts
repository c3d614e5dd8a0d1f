import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { buildQueueHealthQueries } from 'backstage-plugin-prometheus-fleet-common';
import request from 'supertest';
import { POLL_TASK_ID, prometheusFleetPlugin } from './plugin';
import {
  InstantQueryRequest,
  PrometheusQueryClient,
  prometheusQueryClientServiceRef,
} from 'backstage-plugin-prometheus-fleet-node';
import {
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from './__testUtils__/clusterEntities';
import { conditionalPermissions } from './__testUtils__/conditionalPermissions';
import { queueHealthBodies } from './__testUtils__/queueHealthResponses';
import { readableCatalog } from './__testUtils__/readableCatalog';

const globalEu = globalEntity('global-eu', 'global-eu');
const edgeEu1 = edgeEntity('edge-eu-1', 'global-eu');
const edgeEu2 = edgeEntity('edge-eu-2', 'global-eu');

const alice = 'user:default/alice';
const bob = 'user:default/bob';
/** What each user may read; the plugin's own service credentials read it all. */
const visible: Record<string, Entity[]> = {
  [alice]: [globalEu, edgeEu1, edgeEu2],
  [bob]: [edgeEu2],
};

const catalog = readableCatalog([globalEu, edgeEu1, edgeEu2], visible);

/**
 * A global where edge-eu-2 went silent after writing through another URL
 * than its values say, and a cluster no entity declares sends.
 */
class FakeGlobalClient implements PrometheusQueryClient {
  readonly calls: InstantQueryRequest[] = [];
  readonly #ids = new Map(buildQueueHealthQueries().map(q => [q.promql, q.id]));

  async instantQuery(_endpoint: unknown, req: InstantQueryRequest) {
    this.calls.push(req);
    const at = req.time.getTime() / 1000;
    const bodies = queueHealthBodies({
      at,
      queues: [
        { cluster: 'edge-eu-1', remoteName: 'fleet-global-eu', url: WRITE_URL },
        {
          cluster: 'edge-eu-2',
          remoteName: 'fleet-global-eu',
          url: 'http://gate.example.com/api/v1/write',
          lag: 90,
        },
        { cluster: 'edge-eu-2', remoteName: 'extra', url: 'http://elsewhere' },
      ],
      lastSeen: {
        'global-eu': at,
        'edge-eu-1': at - 2,
        'edge-eu-2': at - 900,
        'edge-ghost': at - 4,
      },
    });
    return bodies[this.#ids.get(req.promql)!] as any;
  }
}

describe('prometheusFleetPlugin queue health', () => {
  const client = new FakeGlobalClient();
  let api: ReturnType<typeof request>;
  let scheduler: SchedulerService;
  /** The plugin's own scheduler, to run another poll cycle. */
  const schedulerOfPlugin = createBackendModule({
    pluginId: 'prometheus-fleet',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { pluginScheduler: coreServices.scheduler },
        async init({ pluginScheduler }) {
          scheduler = pluginScheduler;
        },
      });
    },
  });
  const as = (user: string) => ({
    get: (path: string) =>
      api
        .get(`/api/prometheus-fleet${path}`)
        .set('Authorization', mockCredentials.user.header(user)),
  });

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        prometheusFleetPlugin,
        catalog.factory,
        conditionalPermissions(),
        // Runs one poll (and the history cleanup) during startup.
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        schedulerOfPlugin,
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
    api = request(backend.server);
  });

  it('polled once at startup with the fixed queries', () => {
    expect(client.calls).toHaveLength(6);
  });

  it('adds the latest health to the edges a user sees, and none to globals', async () => {
    const res = await as(alice).get('/clusters');

    expect(res.status).toBe(200);
    const [edgeView, , globalView] = res.body.items;
    expect(edgeView).toMatchObject({
      name: 'edge-eu-1',
      health: { status: 'healthy', lagSeconds: 1 },
    });
    expect(globalView.name).toBe('global-eu');
    expect(globalView.health).toBeUndefined();
  });

  it('adds the latest health to one cluster', async () => {
    const res = await as(bob).get('/clusters/default/edge-eu-2');

    expect(res.body.health).toMatchObject({
      status: 'silent',
      reasons: [
        { code: 'no-sample', message: 'no sample for 15 min' },
        {
          code: 'lag-over-warning',
          message: 'last reported: lag 90 s over 60 s',
        },
      ],
    });
  });

  describe('GET /clusters/:namespace/:name/health', () => {
    it('returns the latest health and the last hour of history by default', async () => {
      const before = Date.now();
      const res = await as(alice).get('/clusters/default/edge-eu-1/health');

      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        latest: expect.objectContaining({ status: 'healthy' }),
        history: [res.body.latest],
        from: expect.any(String),
        to: expect.any(String),
        thresholds: {
          lagWarning: 60,
          lagCritical: 120,
          silentAfter: 300,
        },
        totalPoints: 1,
        downsampled: false,
      });
      const to = Date.parse(res.body.to);
      expect(to).toBeGreaterThanOrEqual(before - 1000);
      expect(to - Date.parse(res.body.from)).toBe(3600_000);
    });

    it('returns the history of the requested range only', async () => {
      const res = await as(alice).get(
        '/clusters/default/edge-eu-1/health?from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00%2B02:00',
      );

      expect(res.status).toBe(200);
      expect(res.body.history).toEqual([]);
      expect(res.body.latest.status).toBe('healthy');
      expect(res.body.to).toBe('2020-01-01T22:00:00.000Z');
    });

    it('has no health for a global', async () => {
      const res = await as(alice).get('/clusters/default/global-eu/health');

      expect(res.status).toBe(200);
      expect(res.body.latest).toBeUndefined();
      expect(res.body.history).toEqual([]);
    });

    it.each([
      ['from=yesterday', 'from: must be an ISO 8601 date-time'],
      ['to=1700000000', 'to: must be an ISO 8601 date-time'],
      [
        'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
        'from: from must be before to',
      ],
    ])('returns 400 for %s', async (query, message) => {
      const res = await as(alice).get(
        `/clusters/default/edge-eu-1/health?${query}`,
      );

      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
    });

    it('returns 404 for a cluster the caller may not read, though it has health', async () => {
      const res = await as(bob).get('/clusters/default/edge-eu-1/health');

      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('healthy');
    });

    it('rejects unauthenticated requests and service principals', async () => {
      const path = '/api/prometheus-fleet/clusters/default/edge-eu-1/health';
      const none = await api
        .get(path)
        .set('Authorization', mockCredentials.none.header());
      const service = await api
        .get(path)
        .set('Authorization', mockCredentials.service.header());

      expect(none.status).toBe(401);
      expect(service.status).toBe(403);
    });
  });

  describe('GET /problems', () => {
    const codes = (res: request.Response) =>
      res.body.items.map((p: { ref: string; code: string }) => [p.ref, p.code]);

    it('lists what the poll observed, for the clusters the caller sees', async () => {
      const asAlice = await as(alice).get('/problems');
      const asBob = await as(bob).get('/problems');

      expect(codes(asAlice)).toEqual([
        ['resource:default/edge-eu-2', 'remote-write-drift'],
        ['resource:default/global-eu', 'orphan-cluster'],
      ]);
      expect(asAlice.body.items[0].message).toBe(
        `Queue "fleet-global-eu" writes to http://gate.example.com/api/v1/write, the generated values to ${WRITE_URL}: redeploy the generated values, or change the catalog if the running setting is the intended one.`,
      );
      expect(asAlice.body.items[1].message).toContain('cluster="edge-ghost"');
      // Bob cannot read the global, but the drift is his edge's: he gets it,
      // word for word, and not the orphan the global sees.
      expect(codes(asBob)).toEqual([
        ['resource:default/edge-eu-2', 'remote-write-drift'],
      ]);
      expect(asBob.body.items[0]).toEqual(asAlice.body.items[0]);
    });
  });

  // Last: it runs another poll cycle.
  it('lists the health of a new cycle as soon as the cycle is recorded', async () => {
    const before = await as(alice).get('/clusters');

    await scheduler.triggerTask(POLL_TASK_ID);
    const after = await as(alice).get('/clusters');

    const observedAt = (res: request.Response) =>
      Date.parse(res.body.items[0].health.observedAt);
    expect(client.calls).toHaveLength(12);
    expect(observedAt(after)).toBeGreaterThan(observedAt(before));
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});
