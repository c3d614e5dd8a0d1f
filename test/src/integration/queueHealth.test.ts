import {
  ClusterView,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { waitFor } from '../rig/prometheusApi';
import { Rig, RIG_QUERY_ENDPOINT, startRig } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { hasStatus, isHealthyWithLag, untilEdgeHealth } from './edgeHealth';
import { FleetBackend, startFleetBackend } from './fleetBackend';
import {
  expectHealthyEdges,
  expectSilentInTime,
  RigPolling,
  rigPollingConfig,
  startRigBackend,
} from './rigPolling';

/**
 * The backend plugin polling a real global Prometheus that three real edge
 * agents write to, all running the values the project generates. edge-c
 * writes through a gate that rejects half of its batches.
 */

const CYCLE_SECONDS = 2;
const SILENT_AFTER_SECONDS = 20;
// Batches leave every second, so healthy lag stays near a second.
const queueConfig = { batchSendDeadline: '1s', maxShards: 10 };

const polling: RigPolling = {
  cycleSeconds: CYCLE_SECONDS,
  lagWarningSeconds: 30,
  silentAfterSeconds: SILENT_AFTER_SECONDS,
  queueConfig,
};

const print = (line: string) =>
  process.stdout.write(`[queue health] ${line}\n`);

describe('queue health of a real fleet', () => {
  let rig: Rig;
  let backend: FleetBackend;
  const client = new CountingClient(new FetchPrometheusQueryClient());

  const until = (
    what: string,
    checks: Record<string, (health: QueueHealth) => boolean>,
    timeoutMs?: number,
  ) => untilEdgeHealth(backend, what, checks, timeoutMs);
  const fleetLog = () => backend.logger.ofPlugin('prometheus-fleet');

  beforeAll(async () => {
    rig = await startRig({
      edges: [
        'edge-a',
        'edge-b',
        { name: 'edge-c', writeFault: { status: 400, ratio: 0.5 } },
      ],
      scrapeInterval: '1s',
      valuesOptions: { queueConfig },
    });
    backend = await startRigBackend(rig, polling, client);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await rig?.stopAll();
  }, 60_000);

  it('shows the edges healthy, with a sane lag, from a fixed set of queries', async () => {
    const healths = await until('edge-a and edge-b healthy', {
      'edge-a': isHealthyWithLag,
      'edge-b': isHealthyWithLag,
    });

    expectHealthyEdges(healths, polling);
    const cycles = client.cycles();
    expect(cycles.length).toBeGreaterThan(1);
    expect(new Set(cycles.map(c => c.queries))).toEqual(new Set([6]));
    const wall = fleetLog()
      .map(line => /^Poll cycle: .* in (\d+) ms$/.exec(line.message)?.[1])
      .filter((ms): ms is string => ms !== undefined)
      .map(Number);
    const [lastQueries] = cycles.slice(-1);
    print(
      `queries per cycle: ${cycles[0].queries} (${cycles.length} cycles so far)`,
    );
    print(
      `one cycle against the rig: ${wall[wall.length - 1]} ms (queries ${
        lastQueries.wallMs
      } ms); median of ${wall.length}: ${
        [...wall].sort((a, b) => a - b)[Math.floor(wall.length / 2)]
      } ms`,
    );
    print(
      `lag: ${[...healths]
        .map(([n, h]) => `${n} ${h.lagSeconds} s`)
        .join(', ')}`,
    );
  }, 90_000);

  it('shows an edge whose writes are rejected as critical, with its failures and its drift', async () => {
    const healths = await until('edge-c critical', {
      'edge-c': hasStatus('critical'),
    });
    const health = healths.get('edge-c')!;

    expect(health.failedRate).toBeGreaterThan(0);
    expect(health.reasons).toEqual(
      expect.arrayContaining([
        {
          code: 'samples-failed',
          message: expect.stringMatching(/% of samples failed$/),
        },
      ]),
    );

    // It writes through the gate, not to the URL its values name.
    const problems = await backend.api.get('/api/prometheus-fleet/problems');
    const observed = problems.body.items.filter(
      (p: { code: string }) => p.code === 'remote-write-drift',
    );
    expect(observed).toEqual([
      expect.objectContaining({
        ref: 'resource:default/edge-c',
        message: expect.stringContaining(
          `writes to ${rig.edges[2].writeGate!.url}, the generated values to ${
            rig.global.url
          }/api/v1/write`,
        ),
      }),
    ]);
  }, 90_000);

  it('reports the clusters a global receives that the catalog does not declare', async () => {
    const withoutEdgeA = rig.entities.filter(e => e.metadata.name !== 'edge-a');
    const other = await startFleetBackend({
      entities: withoutEdgeA,
      prometheusFleet: rigPollingConfig(rig.global.url, polling),
      client: new FetchPrometheusQueryClient(),
      scheduler: 'once',
    });
    try {
      const res = await other.api.get('/api/prometheus-fleet/problems');
      expect(
        res.body.items.filter(
          (p: { code: string }) => p.code === 'orphan-cluster',
        ),
      ).toEqual([
        expect.objectContaining({
          ref: rig.global.ref,
          message: expect.stringContaining('cluster="edge-a"'),
        }),
      ]);
    } finally {
      await other.stop();
    }
  }, 60_000);

  it('shows a stopped edge as silent within silentAfter and two cycles, the others unchanged', async () => {
    const edgeB = rig.edges[1];
    const stoppedAt = Date.now();
    await edgeB.stop();

    let healths: Map<string, QueueHealth>;
    try {
      healths = await until(
        'edge-b silent',
        {
          'edge-b': hasStatus('silent'),
          'edge-a': () => true,
          'edge-c': () => true,
        },
        (SILENT_AFTER_SECONDS + 20) * 1000,
      );
    } finally {
      // Back before any assertion can fail, so that later tests find the fleet whole.
      await edgeB.start();
    }
    const silent = healths.get('edge-b')!;
    print(expectSilentInTime(silent, stoppedAt, polling));
    expect(healths.get('edge-a')!.status).toBe('healthy');
    expect(healths.get('edge-c')!.status).toBe('critical');

    await until('edge-b healthy again', { 'edge-b': hasStatus('healthy') });
  }, 120_000);

  it('polls on the configured schedule', () => {
    const times = client.cycles().map(c => c.time);
    const gaps = times.slice(1).map((t, i) => (t - times[i]) / 1000);
    const sorted = [...gaps].sort((a, b) => a - b);
    print(
      `cycle interval over ${gaps.length} gaps: median ${
        sorted[Math.floor(sorted.length / 2)]
      } s, max ${sorted[sorted.length - 1]} s (configured ${CYCLE_SECONDS} s)`,
    );
    expect(sorted[Math.floor(sorted.length / 2)]).toBeCloseTo(CYCLE_SECONDS, 0);
  });

  it('shows every edge unknown while the global is down, logs it once, and recovers when it is back', async () => {
    const unreachableLines = () =>
      fleetLog().filter(line =>
        line.message.startsWith(
          `Query endpoint "${RIG_QUERY_ENDPOINT}" failed every query`,
        ),
      );
    const recoveredLines = () =>
      fleetLog().filter(
        line =>
          line.message ===
          `Query endpoint "${RIG_QUERY_ENDPOINT}" answers every query again`,
      );
    const everyEdge = (check: (h: QueueHealth) => boolean) =>
      Object.fromEntries(rig.edges.map(edge => [edge.name, check]));

    await rig.global.stop();
    const down = await until(
      'every edge unknown',
      everyEdge(hasStatus('unknown')),
      30_000,
    );
    const cyclesAtStop = client.cycles().length;
    for (const health of down.values()) {
      expect(health.reasons).toEqual([
        {
          code: 'global-unreachable',
          message: expect.stringMatching(
            new RegExp(
              `^global ${rig.global.ref} not reachable: query endpoint "${RIG_QUERY_ENDPOINT}" failed \\(.*ECONNREFUSED 127\\.0\\.0\\.1:${rig.global.port}.*\\); the next poll retries\\.$`,
            ),
          ),
        },
      ]);
    }
    // A few more failing cycles: still one log line, and no extra queries.
    await waitFor(
      'three more cycles',
      async () =>
        client.cycles().length >= cyclesAtStop + 3 ? true : undefined,
      { timeoutMs: 30_000 },
    );
    expect(unreachableLines()).toHaveLength(1);
    expect(unreachableLines()[0].level).toBe('warn');
    expect(new Set(client.cycles().map(c => c.queries))).toEqual(new Set([6]));

    // The history before the outage is kept.
    const history = await backend.api.get(
      '/api/prometheus-fleet/clusters/default/edge-a/health',
    );
    const statuses = history.body.history.map((h: QueueHealth) => h.status);
    expect(statuses).toContain('healthy');
    expect(statuses[statuses.length - 1]).toBe('unknown');

    const restartedAt = Date.now();
    await rig.global.start();
    await until(
      'the edges recovered',
      {
        'edge-a': hasStatus('healthy'),
        'edge-b': hasStatus('healthy'),
        'edge-c': hasStatus('critical'),
      },
      90_000,
    );
    print(
      `after the global restarted, every edge back to its status in ${(
        (Date.now() - restartedAt) /
        1000
      ).toFixed(1)} s`,
    );
    expect(unreachableLines()).toHaveLength(1);
    expect(recoveredLines()).toHaveLength(1);
  }, 150_000);
});

describe('queries per cycle', () => {
  const global = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'global',
      namespace: 'default',
      annotations: {
        'prometheus-fleet.io/role': 'global',
        'prometheus-fleet.io/remote-write-url':
          'http://global.example/api/v1/write',
        'prometheus-fleet.io/query-endpoint': 'counted',
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
  };
  const edges = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      ...global,
      metadata: {
        name: `edge-${i}`,
        namespace: 'default',
        annotations: { 'prometheus-fleet.io/role': 'edge' },
      },
    }));

  it.each([10, 1000])(
    'are the same for a fleet of %i edges',
    async count => {
      const client = new CountingClient();
      const backend = await startFleetBackend({
        entities: [global, ...edges(count)],
        prometheusFleet: {
          queryEndpoints: [{ name: 'counted', url: 'http://127.0.0.1:9' }],
          schedule: {
            frequency: { seconds: 1 },
            timeout: { seconds: 30 },
            initialDelay: { seconds: 1 },
          },
        },
        client,
        scheduler: 'real',
      });
      try {
        await waitFor(
          'three poll cycles',
          async () => (client.cycles().length >= 3 ? true : undefined),
          { timeoutMs: 60_000 },
        );
        const res = await backend.api.get('/api/prometheus-fleet/clusters');
        const withHealth = res.body.items.filter(
          (c: ClusterView) => c.role === 'edge' && c.health,
        );
        const perCycle = client.cycles().map(c => c.queries);
        print(`${count} edges: queries per cycle ${perCycle.join(', ')}`);

        expect(new Set(perCycle)).toEqual(new Set([6]));
        // Every edge got its health out of those six queries.
        expect(withHealth).toHaveLength(count);
      } finally {
        await backend.stop();
      }
    },
    90_000,
  );
});
