import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  Fleet,
  QueueHealth,
  resolveFleet,
} from 'backstage-plugin-prometheus-fleet-common';
import {
  FetchPrometheusQueryClient,
  QueryEndpointConfig,
} from 'backstage-plugin-prometheus-fleet-node';
import { QueryWindows } from '../config';
import { DatabaseHealthStore } from '../store/DatabaseHealthStore';
import {
  answerJson,
  FakePrometheus,
  startFakePrometheus,
} from 'backstage-plugin-prometheus-fleet-node/testUtils';
import {
  fakeGlobal,
  FakeGlobalState,
} from '../__testUtils__/queueHealthResponses';
import {
  clusterEntity,
  edgeEntity,
  globalEntity,
  WRITE_URL,
} from '../__testUtils__/clusterEntities';
import { SharedFleet } from '../service/SharedFleet';
import { QueueHealthPoller } from './QueueHealthPoller';

const GATE_URL = 'http://127.0.0.1:19999/api/v1/write';
const WINDOWS: QueryWindows = {
  windowSeconds: 300,
  lastSeenWindowSeconds: 3600,
};
const CYCLE_MS = 30_000;
const ref = (name: string) => `resource:default/${name}`;

const ENTITIES = [
  globalEntity('global-eu', 'global-eu'),
  edgeEntity('edge-1', 'global-eu'),
  edgeEntity('edge-2', 'global-eu'),
  globalEntity('global-us', 'global-us'),
  edgeEntity('edge-us', 'global-us'),
  globalEntity('global-lab'),
  edgeEntity('edge-lab', 'global-lab'),
  // Three globals and no annotation: no global at all.
  edgeEntity('edge-lost'),
  clusterEntity('edge-bad-label', {
    'prometheus-fleet.io/role': 'edge',
    'prometheus-fleet.io/global': 'resource:default/global-eu',
    'prometheus-fleet.io/cluster-label': 'Edge Bad!',
  }),
];
const FLEET: Fleet = resolveFleet(ENTITIES, { queryEndpoints: ['global-eu'] });

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('QueueHealthPoller', () => {
  let fake: FakePrometheus;
  let store: DatabaseHealthStore;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let clock: number;
  let loadFleet: jest.Mock<Promise<Fleet>, []>;

  /** What the fake global holds: edge-2 writes through a gate, and an unknown cluster sends. */
  const state = (): FakeGlobalState => {
    const at = clock / 1000;
    return {
      at,
      queues: [
        { cluster: 'edge-1', remoteName: 'fleet-global-eu', url: WRITE_URL },
        { cluster: 'edge-2', remoteName: 'fleet-global-eu', url: GATE_URL },
      ],
      lastSeen: {
        'global-eu': at - 1,
        'edge-1': at - 2,
        'edge-2': at - 2,
        'edge-ghost': at - 3,
      },
    };
  };

  function poller(endpoint: Partial<QueryEndpointConfig> = {}) {
    return new QueueHealthPoller({
      loadFleet,
      client: new FetchPrometheusQueryClient(),
      store,
      logger,
      queryEndpoints: [
        {
          name: 'global-eu',
          url: fake.url,
          headers: {},
          timeoutMs: 500,
          ...endpoint,
        },
      ],
      thresholds: {
        lagWarning: 60,
        lagCritical: 120,
        silentAfter: 300,
      },
      queries: WINDOWS,
      queueConfig: { maxShards: 10 },
      now: () => new Date(clock),
    });
  }

  /** Runs a cycle, then moves the clock on to the next one. */
  async function cycle(target: QueueHealthPoller) {
    const summary = await target.poll();
    clock += CYCLE_MS;
    return summary;
  }

  async function latest(name: string): Promise<QueueHealth> {
    const health = (await store.latest([ref(name)])).get(ref(name));
    if (!health) throw new Error(`No health recorded for ${name}`);
    return health;
  }

  async function statusHistory(name: string) {
    const history = await store.history(ref(name), {
      from: new Date(0),
      to: new Date(clock),
      maxPoints: 100,
    });
    return history.points.map(p => p.status);
  }

  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 10, 12, 0, 0);
    fake = await startFakePrometheus();
    fake.respond = fakeGlobal(WINDOWS, state);
    store = await DatabaseHealthStore.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
    });
    logger = mockServices.logger.mock();
    loadFleet = jest.fn(async () => FLEET);
  });

  afterEach(() => fake.close());

  it('sends the six queries once per cycle, all at the cycle time', async () => {
    const summary = await cycle(poller());

    expect(summary).toMatchObject({ endpoints: 1, queries: 6, edges: 6 });
    expect(fake.received).toHaveLength(6);
    expect(new Set(fake.received.map(q => q.params.get('time')))).toEqual(
      new Set([(Date.UTC(2026, 0, 10, 12, 0, 0) / 1000).toFixed(3)]),
    );
  });

  it('classifies each edge of a polled global', async () => {
    await cycle(poller());

    expect(await latest('edge-1')).toEqual({
      status: 'healthy',
      reasons: [],
      lagSeconds: 1,
      shards: { current: 1, desired: 1, max: 10 },
      pendingSamples: 0,
      failedRate: 0,
      retriedRate: 0,
      droppedRate: 0,
      lastSeen: '2026-01-10T11:59:58.000Z',
      observedAt: '2026-01-10T12:00:00.000Z',
      receiver: {
        targetsUp: 1,
        targetsDown: 0,
        seriesPerScrape: 100,
        newestSampleAt: '2026-01-10T11:59:58.000Z',
      },
    });
  });

  it('says what to configure for edges whose global cannot be polled', async () => {
    await cycle(poller());

    expect(await latest('edge-us')).toMatchObject({
      status: 'unknown',
      reasons: [
        {
          code: 'global-not-configured',
          message:
            'global not configured: resource:default/global-us: Query endpoint "global-us" is not configured: add it to prometheusFleet.queryEndpoints in app-config (configured: global-eu).',
        },
      ],
    });
    expect((await latest('edge-lab')).reasons).toEqual([
      {
        code: 'global-not-configured',
        message: expect.stringMatching(
          /^global not configured: resource:default\/global-lab: Global has no prometheus-fleet.io\/query-endpoint annotation/,
        ),
      },
    ]);
    expect((await latest('edge-lost')).reasons).toEqual([
      {
        code: 'global-not-configured',
        message:
          'global not configured: the edge has no global to poll its queues from; fix its fleet problems (ambiguous-global).',
      },
    ]);
    // Only configured endpoints are ever called.
    expect(new Set(fake.received.map(q => q.path))).toEqual(
      new Set(['/api/v1/query']),
    );
  });

  it('reads an edge that cannot have values yet as unknown, not silent', async () => {
    await cycle(poller());

    expect(await latest('edge-bad-label')).toMatchObject({
      status: 'unknown',
      reasons: [
        {
          code: 'not-onboarded',
          message:
            'not onboarded: no values can be generated for this edge until its fleet problems are fixed (invalid-cluster-label).',
        },
      ],
    });
  });

  it('records drift from the generated values and clusters no entity declares', async () => {
    await cycle(poller());

    expect(await store.observedProblems()).toEqual([
      {
        ref: ref('edge-2'),
        code: 'remote-write-drift',
        message: `Queue "fleet-global-eu" writes to ${GATE_URL}, the generated values to ${WRITE_URL}: redeploy the generated values, or change the catalog if the running setting is the intended one.`,
        severity: 'warning',
      },
      {
        ref: ref('global-eu'),
        code: 'orphan-cluster',
        message: expect.stringContaining('cluster="edge-ghost"'),
        severity: 'warning',
      },
    ]);
  });

  describe('a new edge', () => {
    const HOUR = 3600_000;
    const JOINED = Date.UTC(2026, 0, 10, 12, 0, 0);
    /** edge-new joins global-eu: its agent reports only while `reporting`. */
    let reporting: boolean;

    beforeEach(() => {
      reporting = false;
      loadFleet.mockResolvedValue(
        resolveFleet([...ENTITIES, edgeEntity('edge-new', 'global-eu')], {
          queryEndpoints: ['global-eu'],
        }),
      );
      fake.respond = fakeGlobal(WINDOWS, () => {
        const held = state();
        return reporting
          ? { ...held, lastSeen: { ...held.lastSeen, 'edge-new': held.at - 2 } }
          : held;
      });
    });

    it('awaits its first data within the grace period, saying when it joined', async () => {
      const target = poller();
      await cycle(target);
      expect(await latest('edge-new')).toMatchObject({
        status: 'pending',
        reasons: [
          {
            code: 'awaiting-first-data',
            message:
              'joined the fleet 0 s ago (2026-01-10T12:00:00.000Z), awaiting its agent: no sample from this cluster at its global yet; silent if none arrives within 24 h of joining',
          },
        ],
        lastSeen: null,
      });

      clock = JOINED + 23 * HOUR;
      await cycle(target);
      expect(await latest('edge-new')).toMatchObject({
        status: 'pending',
        reasons: [
          {
            code: 'awaiting-first-data',
            message: expect.stringMatching(
              /^joined the fleet 23 h ago \(2026-01-10T12:00:00.000Z\), awaiting its agent/,
            ),
          },
        ],
      });
      // The others are judged as ever.
      expect((await latest('edge-1')).status).toBe('healthy');
    });

    it('is silent, never seen, once the grace period is over', async () => {
      const target = poller();
      await cycle(target);
      clock = JOINED + 24 * HOUR;
      await cycle(target);

      expect(await latest('edge-new')).toMatchObject({
        status: 'silent',
        reasons: [
          {
            code: 'never-seen',
            message:
              'never reported since it joined the fleet 24 h ago (2026-01-10T12:00:00.000Z): no sample from this cluster at its global',
          },
        ],
      });
      expect(await statusHistory('edge-new')).toEqual(['pending', 'silent']);
    });

    it('is never pending again once it has reported', async () => {
      const target = poller();
      await cycle(target);
      reporting = true;
      await cycle(target);
      expect((await latest('edge-new')).status).not.toBe('pending');
      reporting = false;
      await cycle(target);

      expect(await latest('edge-new')).toMatchObject({
        status: 'silent',
        reasons: [
          {
            code: 'never-seen',
            message:
              'no recent sample from this cluster at its global, though it has reported before',
          },
        ],
      });
      // A restart reads the same: the first report is stored.
      await cycle(poller());
      expect((await latest('edge-new')).status).toBe('silent');
    });

    it('keeps the time it joined across a restart', async () => {
      await cycle(poller());
      clock = JOINED + 25 * HOUR;
      await cycle(poller());

      expect(await latest('edge-new')).toMatchObject({
        status: 'silent',
        reasons: [
          {
            code: 'never-seen',
            message: expect.stringContaining(
              'since it joined the fleet 25 h ago (2026-01-10T12:00:00.000Z)',
            ),
          },
        ],
      });
    });

    it('takes its grace period from the options', async () => {
      const target = new QueueHealthPoller({
        loadFleet,
        client: new FetchPrometheusQueryClient(),
        store,
        logger,
        queryEndpoints: [
          { name: 'global-eu', url: fake.url, headers: {}, timeoutMs: 500 },
        ],
        thresholds: { lagWarning: 60, lagCritical: 120, silentAfter: 300 },
        queries: WINDOWS,
        onboardingGracePeriodSeconds: 3600,
        now: () => new Date(clock),
      });
      await cycle(target);
      clock = JOINED + HOUR;
      await cycle(target);

      expect(await statusHistory('edge-new')).toEqual(['pending', 'silent']);
    });

    it('starts no clock for an edge that cannot have values', async () => {
      await cycle(poller());

      expect(
        await store.onboarding([ref('edge-new'), ref('edge-bad-label')]),
      ).toEqual(
        new Map([
          [
            ref('edge-new'),
            { firstSeenAt: new Date(JOINED), firstReportedAt: null },
          ],
        ]),
      );
    });

    it('reads silent, as before, while the store cannot tell when it joined, recording nothing new', async () => {
      const read = jest
        .spyOn(store, 'onboarding')
        .mockRejectedValue(new Error('database gone'));
      const target = poller();
      await cycle(target);
      await cycle(target);

      expect(await latest('edge-new')).toMatchObject({
        status: 'silent',
        reasons: [
          {
            code: 'never-seen',
            message: 'no sample from this cluster at its global',
          },
        ],
      });
      expect(logger.error.mock.calls).toEqual([
        [
          'Could not read when edges joined the fleet, edges that never reported read silent until it can be read: Error: database gone',
        ],
      ]);

      read.mockRestore();
      expect(await store.onboarding([ref('edge-new')])).toEqual(new Map());
      await cycle(target);
      expect((await latest('edge-new')).status).toBe('pending');
      expect(logger.info).toHaveBeenCalledWith(
        'Reading when edges joined the fleet works again',
      );
    });
  });

  describe('the recorded path', () => {
    const RULES = { window: '5m', lastReportWindow: '1h' };
    let rules: FakeGlobalState['rules'];
    let unrecorded: string[];
    const withRules = (): FakeGlobalState => ({
      ...state(),
      rules,
      unrecorded,
    });
    const queriesSent = () => fake.received.map(q => q.params.get('query')!);
    const EDGES = ['edge-1', 'edge-2', 'edge-bad-label'];
    /** Every edge's latest health, but for when it was observed. */
    const healths = async () =>
      Object.fromEntries(
        await Promise.all(
          EDGES.map(async name => {
            const { observedAt, ...health } = await latest(name).catch(
              () => ({ observedAt: '', missing: true } as any),
            );
            return [name, health];
          }),
        ),
      );

    beforeEach(() => {
      rules = RULES;
      unrecorded = [];
      fake.respond = fakeGlobal(WINDOWS, withRules);
    });

    it('reads the recorded series once the global is seen to record them, in two queries, classifying as the raw queries do', async () => {
      const target = poller();
      expect(await target.poll()).toMatchObject({
        queries: 6,
        recordedEndpoints: 0,
      });
      const raw = await healths();
      fake.received.length = 0;

      expect(await target.poll()).toMatchObject({
        queries: 2,
        recordedEndpoints: 1,
      });
      expect(queriesSent().every(q => q.includes('prometheus_fleet:'))).toBe(
        true,
      );
      expect(await healths()).toEqual(raw);
      expect(await store.globalRules([ref('global-eu')])).toEqual(
        new Map([
          [
            ref('global-eu'),
            { state: 'running', observedAt: expect.any(String) },
          ],
        ]),
      );
    });

    it('reads an expected edge the rules have not recorded yet raw, in one more query restricted to it', async () => {
      const target = poller();
      await target.poll();
      const raw = await healths();
      unrecorded = ['edge-2'];
      fake.received.length = 0;

      expect(await target.poll()).toMatchObject({ queries: 3 });
      const fallback = queriesSent().filter(q => q.includes('cluster=~'));
      expect(fallback).toHaveLength(1);
      expect(fallback[0]).toContain('cluster=~"edge-2"');
      expect(await healths()).toEqual(raw);
    });

    it('goes back to the raw queries in the same cycle when the rules are gone', async () => {
      const target = poller();
      await target.poll();
      await target.poll();
      const before = await healths();
      rules = undefined;
      fake.received.length = 0;

      expect(await target.poll()).toMatchObject({
        queries: 8,
        recordedEndpoints: 0,
      });
      expect(await healths()).toEqual(before);
      fake.received.length = 0;
      expect(await target.poll()).toMatchObject({ queries: 6 });
      expect(
        (await store.globalRules([ref('global-eu')])).get(ref('global-eu'))
          ?.state,
      ).toBe('absent');
      expect(logger.info).toHaveBeenCalledWith(
        'Query endpoint "global-eu": its global does not record the fleet\'s series this backend reads, querying the raw ones',
      );
    });

    it('keeps to the raw queries for rules recorded over other windows than its own', async () => {
      rules = { window: '10m', lastReportWindow: '1h' };
      const target = poller();
      await cycle(target);
      fake.received.length = 0;

      expect(await cycle(target)).toMatchObject({ queries: 6 });
      expect(
        (await store.globalRules([ref('global-eu')])).get(ref('global-eu'))
          ?.state,
      ).toBe('mismatch');
    });

    it('reads the raw queries of the cycle when the recorded series are not there yet', async () => {
      rules = { ...RULES, rulesInfoOnly: true };
      const target = poller();
      await target.poll();
      const raw = await healths();
      fake.received.length = 0;

      // Rules deployed but not evaluated over the edges yet: every edge is read raw.
      expect(await target.poll()).toMatchObject({ queries: 3 });
      expect(await healths()).toEqual(raw);
    });
  });

  describe('faults at the query endpoint', () => {
    it.each<[string, (fake: FakePrometheus) => Promise<void> | void, string]>([
      [
        'is down',
        async f => {
          await f.close();
          // Let the client see its pooled connections close.
          await new Promise(resolve => setTimeout(resolve, 100));
        },
        'connect ECONNREFUSED 127.0.0.1',
      ],
      [
        'does not answer in time',
        f => {
          f.respond = () => {};
        },
        'no answer within 0.5 s',
      ],
      [
        'answers HTTP 5xx',
        f => {
          f.respond = answerJson({ message: 'overloaded' }, 503);
        },
        'answered HTTP 503 Service Unavailable',
      ],
      [
        'answers something other than JSON',
        f => {
          f.respond = (_q, res) => {
            res.writeHead(200, { 'Content-Type': 'text/html' });
            res.end('<html>sign in</html>');
          };
        },
        'answered with a body that is not JSON (text/html)',
      ],
    ])(
      'when it %s: edges are unknown with the reason, history before it kept',
      async (_case, fault, reason) => {
        const target = poller();
        await cycle(target);
        await fault(fake);
        const requestsBefore = fake.received.length;

        await expect(cycle(target)).resolves.toMatchObject({ queries: 6 });

        const health = await latest('edge-1');
        expect(health.status).toBe('unknown');
        expect(health.reasons).toEqual([
          {
            code: 'global-unreachable',
            message: expect.stringMatching(
              /^global resource:default\/global-eu not reachable: query endpoint "global-eu" failed \(timestamps, current, shardLimits, sentAndFailed, retriedAndDropped and receiver queries: .+\); the next poll retries\.$/,
            ),
          },
        ]);
        expect(health.reasons[0].message).toContain(reason);
        expect(await statusHistory('edge-1')).toEqual(['healthy', 'unknown']);
        // No retries within the cycle: at most the six queries reached it.
        expect(fake.received.length - requestsBefore).toBeLessThanOrEqual(6);
      },
    );

    it('classifies from the queries that answered when some fail', async () => {
      fake.respond = fakeGlobal(WINDOWS, state, {
        shardLimits: answerJson({ oops: true }, 500),
      });
      await cycle(poller());

      const health = await latest('edge-1');
      expect(health).toMatchObject({
        status: 'unknown',
        lagSeconds: 1,
        shards: { current: 1, desired: null, max: null },
        lastSeen: '2026-01-10T11:59:58.000Z',
      });
      expect(health.reasons).toEqual([
        {
          code: 'query-failed',
          message:
            'could not read the desired and max shards: the query failed',
        },
        {
          code: 'query-failed',
          message:
            'query endpoint "global-eu": shardLimits query: answered HTTP 500 Internal Server Error',
        },
      ]);
      // What answered still finds drift.
      expect((await store.observedProblems()).map(p => p.code)).toContain(
        'remote-write-drift',
      );
    });

    it('logs once when the endpoint fails and once when it recovers, and sends the same queries every cycle meanwhile', async () => {
      const target = poller();
      await cycle(target);
      fake.respond = answerJson({}, 503);
      const requestsBefore = fake.received.length;
      for (let i = 0; i < 4; i++) await cycle(target);
      const requestsWhileFailing = fake.received.length - requestsBefore;
      fake.respond = fakeGlobal(WINDOWS, state);
      await cycle(target);
      await cycle(target);

      expect(requestsWhileFailing).toBe(4 * 6);
      expect(logger.warn.mock.calls).toEqual([
        [
          expect.stringMatching(
            /^Query endpoint "global-eu" failed every query, its edges are unknown until it answers: timestamps, current, shardLimits, sentAndFailed, retriedAndDropped and receiver queries: answered HTTP 503/,
          ),
        ],
      ]);
      expect(logger.info.mock.calls).toEqual([
        ['Query endpoint "global-eu" answers every query again'],
      ]);
      expect(logger.error).not.toHaveBeenCalled();
      // Status changes at debug level, with the messages of the reasons.
      expect(logger.debug).toHaveBeenCalledWith(
        expect.stringMatching(
          /^resource:default\/edge-1: healthy → unknown \(global resource:default\/global-eu not reachable: query endpoint "global-eu" failed \(.*\); the next poll retries\.\)$/,
        ),
      );
      expect(await statusHistory('edge-1')).toEqual([
        'healthy',
        'unknown',
        'unknown',
        'unknown',
        'unknown',
        'healthy',
        'healthy',
      ]);
    });
  });

  describe('the catalog', () => {
    /** The fleet as the plugin serves it to the poller, on the test's clock. */
    function sharedFleet(catalog: { fails: boolean; reads: number }) {
      jest.spyOn(Date, 'now').mockImplementation(() => clock);
      const shared = new SharedFleet({
        catalog: catalogServiceMock.mock({
          streamEntities: (request, options) => {
            catalog.reads += 1;
            if (catalog.fails) throw new Error('catalog unavailable');
            return catalogServiceMock({ entities: ENTITIES }).streamEntities(
              request,
              options,
            );
          },
        }),
        auth: mockServices.auth(),
        logger,
        resolveOptions: { queryEndpoints: ['global-eu'] },
        health: {
          latest: async () => new Map(),
          latestRevision: async () => '0',
          globalRules: async () => new Map(),
        },
      });
      return async () => (await shared.fleet()).fleet;
    }

    /** Lets the reloads that a stale read started behind the poller finish. */
    const reloadsDone = () => new Promise(setImmediate);

    afterEach(() => jest.restoreAllMocks());

    it('keeps polling the fleet read before when the catalog fails, the shared fleet logging each failed reload', async () => {
      const catalog = { fails: false, reads: 0 };
      loadFleet.mockImplementation(sharedFleet(catalog));
      const target = poller();
      await cycle(target);
      catalog.fails = true;
      await cycle(target);
      await reloadsDone();
      await cycle(target);
      await reloadsDone();

      expect(await statusHistory('edge-1')).toEqual([
        'healthy',
        'healthy',
        'healthy',
      ]);
      // The shared fleet reloads at most every 30 s, so once per cycle here.
      expect(catalog.reads).toBe(3);
      expect(logger.warn.mock.calls).toEqual([
        [
          'Could not read the fleet from the catalog, serving the one read before: Error: catalog unavailable',
        ],
        [
          'Could not read the fleet from the catalog, serving the one read before: Error: catalog unavailable',
        ],
      ]);
    });

    it('polls nothing until a first fleet is read', async () => {
      loadFleet.mockRejectedValue(new Error('catalog unavailable'));
      const target = poller();
      await expect(cycle(target)).resolves.toBeUndefined();
      await expect(cycle(target)).resolves.toBeUndefined();

      expect(fake.received).toEqual([]);
      expect(logger.warn).toHaveBeenCalledTimes(1);

      loadFleet.mockResolvedValue(FLEET);
      await expect(cycle(target)).resolves.toMatchObject({ edges: 6 });
      expect(logger.info).toHaveBeenCalledWith(
        'Reading the fleet from the catalog works again',
      );
    });

    it('reads the catalog again only once the fleet is older than its maximum age', async () => {
      const catalog = { fails: false, reads: 0 };
      const target = new QueueHealthPoller({
        loadFleet: sharedFleet(catalog),
        client: new FetchPrometheusQueryClient(),
        store,
        logger,
        queryEndpoints: [],
        thresholds: {
          lagWarning: 60,
          lagCritical: 120,
          silentAfter: 300,
        },
        queries: WINDOWS,
        now: () => new Date(clock),
      });
      for (let i = 0; i < 13; i++) {
        await target.poll();
        await reloadsDone();
        clock += 10_000;
      }
      // Cycles every 10 s from 0 to 120 s: reads at 0, 30, 60, 90 and 120 s.
      expect(catalog.reads).toBe(5);
    });
  });
});
