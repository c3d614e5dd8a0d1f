import {
  ANNOTATION_MAX_SHARDS,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { CountingClient } from '../integration/countingClient';
import {
  hasStatus,
  isHealthyWithLag,
  untilEdgeHealth,
} from '../integration/edgeHealth';
import { FleetBackend } from '../integration/fleetBackend';
import {
  expectHealthyEdges,
  expectSilentInTime,
  lastSeenAgeMs,
  RigPolling,
  startRigBackend,
} from '../integration/rigPolling';
import { Rig, startRig } from '../rig/startRig';

/**
 * The backend plugin polling a real VictoriaMetrics single-node global that
 * real Prometheus agents write to, all running the values the project
 * generates, classified as with a Prometheus global. VictoriaMetrics runs
 * with its defaults: its instant queries see the data as it was
 * `-search.latencyOffset` ago, which only moves when each edge was last seen.
 */

/** VictoriaMetrics's default `-search.latencyOffset`. */
const LATENCY_OFFSET_SECONDS = 30;
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  // Above the latency offset, a scrape and a batch, which a healthy edge's newest sample is behind by.
  silentAfterSeconds: 45,
  // Batches leave every second, so healthy lag stays near a second.
  queueConfig: { batchSendDeadline: '1s', maxShards: 10 },
};
/** Nothing is visible before the latency offset has passed. */
const FIRST_HEALTH_TIMEOUT_MS = (LATENCY_OFFSET_SECONDS + 60) * 1000;

const print = (line: string) =>
  process.stdout.write(`[victoria-metrics] ${line}\n`);

describe('queue health of edges writing to a VictoriaMetrics global', () => {
  let rig: Rig;
  let backend: FleetBackend;
  const client = new CountingClient(new FetchPrometheusQueryClient());
  const until = (
    what: string,
    checks: Record<string, (health: QueueHealth) => boolean>,
    timeoutMs = FIRST_HEALTH_TIMEOUT_MS,
  ) => untilEdgeHealth(backend, what, checks, timeoutMs);
  const untilEdgeIs = async (name: string, status: QueueHealth['status']) =>
    (await until(`${name} ${status}`, { [name]: hasStatus(status) })).get(
      name,
    )!;

  beforeAll(async () => {
    rig = await startRig({
      globalEngine: 'victoria-metrics',
      edges: [
        'edge-healthy',
        // A receiver answering after 4 s, and one shard to send with: it falls behind.
        {
          name: 'edge-lagging',
          writeDelayMs: 4000,
          annotations: { [ANNOTATION_MAX_SHARDS]: '1' },
        },
        { name: 'edge-failing', writeFault: { status: 400, ratio: 0.5 } },
        'edge-stopped',
      ],
      scrapeInterval: '1s',
      valuesOptions: { queueConfig: polling.queueConfig },
    });
    // Its query endpoint is VictoriaMetrics's root, which answers the Prometheus query API.
    backend = await startRigBackend(rig, polling, client);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await rig?.stopAll();
  }, 60_000);

  it('shows healthy edges healthy, last seen one latency offset ago, from six queries per cycle', async () => {
    const healths = await until('edge-healthy and edge-stopped healthy', {
      'edge-healthy': isHealthyWithLag,
      'edge-stopped': isHealthyWithLag,
    });

    expectHealthyEdges(healths, polling);
    for (const health of healths.values()) {
      expect(lastSeenAgeMs(health)).toBeGreaterThanOrEqual(
        LATENCY_OFFSET_SECONDS * 1000,
      );
    }
    const cycles = client.cycles();
    expect(cycles.length).toBeGreaterThan(1);
    expect(new Set(cycles.map(c => c.queries))).toEqual(new Set([6]));
    print(
      `queries per cycle: ${cycles[0].queries} (${cycles.length} cycles so far)`,
    );
    print(
      `healthy: ${[...healths]
        .map(
          ([name, health]) =>
            `${name} lag ${health.lagSeconds} s, last seen ${(
              lastSeenAgeMs(health) / 1000
            ).toFixed(1)} s before the poll`,
        )
        .join('; ')}`,
    );
  }, 120_000);

  // Before the lagging edge's test: its desired shards take about as long to build up.
  it('shows a stopped edge as silent within silentAfter and two cycles, the others unchanged', async () => {
    const stoppedAt = Date.now();
    await rig.edges.find(edge => edge.name === 'edge-stopped')!.stop();

    const healths = await until(
      'edge-stopped silent',
      {
        'edge-stopped': hasStatus('silent'),
        'edge-healthy': () => true,
        'edge-failing': () => true,
      },
      (polling.silentAfterSeconds + 20) * 1000,
    );

    // The latency offset does not delay it: last seen is the edge's own newest timestamp.
    print(expectSilentInTime(healths.get('edge-stopped')!, stoppedAt, polling));
    expect(healths.get('edge-healthy')!.status).toBe('healthy');
    expect(healths.get('edge-failing')!.status).toBe('critical');
  }, 120_000);

  it('shows an edge whose queue falls behind as warning, with more shards wanted than allowed', async () => {
    const health = await untilEdgeIs('edge-lagging', 'warning');

    expect(health.reasons).toEqual(
      expect.arrayContaining([
        {
          code: 'desired-shards-over-max',
          message: expect.stringMatching(
            /^desired shards \d+(\.\d+)? > max 1: raise maxShards to \d+$/,
          ),
        },
      ]),
    );
    expect(health.shards.max).toBe(1);
    // Each batch is answered 4 s after it leaves.
    expect(health.lagSeconds).toBeGreaterThan(2);
    print(`lagging: lag ${health.lagSeconds} s; ${health.reasons[0].message}`);
  }, 120_000);

  it('shows an edge whose writes are rejected as critical, with its failures', async () => {
    const health = await untilEdgeIs('edge-failing', 'critical');

    expect(health.failedRate).toBeGreaterThan(0);
    expect(health.reasons).toEqual([
      {
        code: 'samples-failed',
        message: expect.stringMatching(/% of samples failed$/),
      },
    ]);
    print(`failing: ${health.reasons[0].message}`);
  }, 120_000);
});
