import {
  buildQueueHealthQueries,
  classifyEdgeHealth,
  ClusterView,
  edgeSamplesFor,
  HealthThresholds,
  parseQueueHealthResponses,
  parseRecordedResponses,
  QueueHealth,
  QueueHealthObservation,
  RECORDED_QUEUE_HEALTH_QUERIES,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { waitFor } from '../rig/prometheusApi';
import { Rig, RIG_QUERY_ENDPOINT, startRig } from '../rig/startRig';
import { CountingClient } from './countingClient';
import { hasStatus, isHealthyWithLag, untilEdgeHealth } from './edgeHealth';
import { FleetBackend, startFleetBackend } from './fleetBackend';
import { RigPolling, rigPollingConfig } from './rigPolling';

/**
 * A real global that evaluates the rules its generated values carry, and
 * three real agents writing to it: edge-c through a gate that rejects half
 * of its batches, edge-b stopped halfway. The backend reads the recorded
 * series; the raw queries, sent at the same instant, must say the same of
 * every edge.
 */

jest.setTimeout(180_000);

const SILENT_AFTER_SECONDS = 15;
const queueConfig = { batchSendDeadline: '1s', maxShards: 10 };
const polling: RigPolling = {
  cycleSeconds: 2,
  lagWarningSeconds: 30,
  silentAfterSeconds: SILENT_AFTER_SECONDS,
  queueConfig,
};
const thresholds: HealthThresholds = {
  lagWarning: 30,
  lagCritical: 60,
  silentAfter: SILENT_AFTER_SECONDS,
};
/** The windows the generated rules record over, so that the backend may read them. */
const RULE_WINDOWS = { window: '5m', lastSeenWindow: '1h' };
const REMOTE_NAME = `fleet-global`;

const print = (line: string) =>
  process.stdout.write(`[recorded path] ${line}\n`);

/** What an edge's health says, without the numbers two instants may read apart. */
const verdict = (health: QueueHealth) => ({
  status: health.status,
  reasons: health.reasons.map(reason => reason.code),
});

describe('the recorded path on a live global', () => {
  let rig: Rig;
  let backend: FleetBackend;
  const client = new CountingClient(new FetchPrometheusQueryClient());
  const endpoint = () => ({
    name: RIG_QUERY_ENDPOINT,
    url: rig.global.url,
    headers: {},
    timeoutMs: 5000,
  });

  /** Both paths' observations of the global at one instant. */
  async function observeBothWays(time: Date) {
    const direct = new FetchPrometheusQueryClient();
    const ask = (promql: string) =>
      direct.instantQuery(endpoint(), { promql, time });
    const raw = buildQueueHealthQueries({ window: 300, lastSeenWindow: 3600 });
    const [rawBodies, recordedBodies] = await Promise.all([
      Promise.all(raw.map(q => ask(q.promql))),
      Promise.all(RECORDED_QUEUE_HEALTH_QUERIES.map(q => ask(q.promql))),
    ]);
    return {
      raw: parseQueueHealthResponses(
        Object.fromEntries(raw.map((q, i) => [q.id, rawBodies[i]])),
      ),
      recorded: parseRecordedResponses(
        Object.fromEntries(
          RECORDED_QUEUE_HEALTH_QUERIES.map((q, i) => [
            q.id,
            recordedBodies[i],
          ]),
        ),
      ),
    };
  }

  const classify = (
    observation: QueueHealthObservation,
    cluster: string,
    now: Date,
  ) =>
    classifyEdgeHealth(edgeSamplesFor(observation, cluster), {
      now,
      thresholds,
      remoteName: REMOTE_NAME,
    });

  beforeAll(async () => {
    rig = await startRig({
      edges: [
        'edge-a',
        'edge-b',
        { name: 'edge-c', writeFault: { status: 400, ratio: 0.5 } },
      ],
      scrapeInterval: '1s',
      valuesOptions: {
        queueConfig,
        thresholds: { silentAfter: SILENT_AFTER_SECONDS },
      },
      globalRuleInterval: '1s',
    });
    backend = await startFleetBackend({
      entities: rig.entities,
      prometheusFleet: {
        ...rigPollingConfig(rig.global.url, polling),
        queries: RULE_WINDOWS,
      },
      client,
      scheduler: 'real',
    });
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
    await rig?.stopAll();
  }, 90_000);

  it('polls through the recorded series, in two queries a cycle, and says the global runs the rules', async () => {
    await untilEdgeHealth(backend, 'edge-a and edge-b healthy', {
      'edge-a': isHealthyWithLag,
      'edge-b': isHealthyWithLag,
    });
    // Edges the rules have not recorded yet are read raw, in a third query.
    const [first, ...later] = client.cycles().map(c => c.queries);
    print(`queries per cycle: ${[first, ...later].join(', ')}`);
    expect(first).toBe(6);
    expect(later.every(queries => queries === 2 || queries === 3)).toBe(true);

    const since = Date.now();
    await waitFor(
      'three cycles since every edge was healthy',
      async () => {
        const cycles = client.cycles().filter(c => c.time > since);
        if (cycles.length < 3) throw new Error(`${cycles.length} cycles`);
        return cycles;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const recorded = client
      .cycles()
      .filter(c => c.time > since)
      .map(c => c.queries);
    expect(new Set(recorded)).toEqual(new Set([2]));

    const res = await backend.api.get('/api/prometheus-fleet/clusters');
    const global = (res.body.items as ClusterView[]).find(
      c => c.role === 'global',
    );
    expect(global?.rules).toEqual({
      state: 'running',
      observedAt: expect.any(String),
    });
  });

  it('classifies every edge as the raw queries do, healthy, failing and stopped', async () => {
    const edgeB = rig.edges.find(edge => edge.name === 'edge-b')!;
    await edgeB.stop();
    await untilEdgeHealth(
      backend,
      'edge-b silent, edge-c critical',
      { 'edge-b': hasStatus('silent'), 'edge-c': hasStatus('critical') },
      SILENT_AFTER_SECONDS * 1000 + 60_000,
    );
    // The comparison is made 2 s in the past: let that be past silentAfter too.
    await new Promise(resolve => setTimeout(resolve, 4000));

    // Past the rules' last evaluation, so that both read the same samples.
    const time = new Date(Date.now() - 2000);
    const { raw, recorded } = await observeBothWays(time);
    expect(raw.failures).toEqual([]);
    expect(recorded.failures).toEqual([]);
    expect([...recorded.edges.keys()]).toEqual([...raw.edges.keys()]);

    const edges = ['edge-a', 'edge-b', 'edge-c'];
    const byPath = (observation: QueueHealthObservation) =>
      Object.fromEntries(
        edges.map(edge => [edge, verdict(classify(observation, edge, time))]),
      );
    print(`raw: ${JSON.stringify(byPath(raw))}`);
    print(`recorded: ${JSON.stringify(byPath(recorded))}`);
    expect(byPath(recorded)).toEqual(byPath(raw));
    expect(byPath(raw)).toMatchObject({
      'edge-a': { status: 'healthy' },
      'edge-b': { status: 'silent' },
      'edge-c': { status: 'critical', reasons: ['samples-failed'] },
    });

    // The numbers agree too, within what one rule evaluation moves them.
    for (const edge of edges) {
      const [fromRaw, fromRecorded] = [raw, recorded].map(o =>
        classify(o, edge, time),
      );
      expect(
        Math.abs(
          Date.parse(fromRecorded.lastSeen!) - Date.parse(fromRaw.lastSeen!),
        ),
      ).toBeLessThanOrEqual(2000);
    }

    // And the backend, reading the recorded series, says what the raw queries say.
    const api = await waitFor(
      'the backend to agree',
      async () => {
        const res = await backend.api.get('/api/prometheus-fleet/clusters');
        const shown = Object.fromEntries(
          (res.body.items as ClusterView[])
            .filter(c => c.role === 'edge')
            .map(c => [c.name, verdict(c.health!)]),
        );
        if (shown['edge-a']?.status !== 'healthy')
          throw new Error(JSON.stringify(shown));
        return shown;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(api).toEqual(byPath(raw));
  });
});
