import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ClusterView,
  HealthStatus,
  QueueHealth,
  QUEUE_HEALTH_QUERY_IDS,
} from 'backstage-plugin-prometheus-fleet-common';
import { FetchPrometheusQueryClient } from 'backstage-plugin-prometheus-fleet-node';
import { CountingClient } from '../integration/countingClient';
import { instantQuery, waitFor } from '../rig/prometheusApi';
import { Rig, RIG_QUERY_ENDPOINT, RigServer, startRig } from '../rig/startRig';
import { Fault, FaultProxy, startFaultProxy } from './__testUtils__/faultProxy';
import { printFigure, seconds } from './__testUtils__/figures';
import {
  ReliabilityBackend,
  startReliabilityBackend,
} from './__testUtils__/reliabilityBackend';

/**
 * Faults of real processes: a real global Prometheus and two real edge
 * agents (the rig), with a fault proxy of ours in front of the global's query
 * API. For each fault: the backend keeps running and answering (no 5xx), the
 * edges get the state the fault calls for with its reason, the history
 * recorded before stays, and the first cycle after the fault ends is right
 * again.
 */

const CYCLE_SECONDS = 2;
const QUERY_TIMEOUT_MS = 4000;
const SILENT_AFTER_SECONDS = 10;
const EDGES = ['edge-a', 'edge-b'];
const queueConfig = { batchSendDeadline: '1s', maxShards: 10 };

const print = (text: string) => printFigure('faults', text);

interface FaultRecord {
  fault: string;
  state: string;
  recoveryMs: number;
}

describe('faults of real Prometheus servers', () => {
  let rig: Rig;
  let proxy: FaultProxy;
  let backend: ReliabilityBackend;
  const client = new CountingClient(new FetchPrometheusQueryClient());
  const suiteStart = new Date();
  const survived: FaultRecord[] = [];
  /** Every history point seen so far, by edge: none may disappear. */
  const seenHistory = new Map<string, Map<string, HealthStatus>>();
  let apiRequests = 0;
  const serverErrors: string[] = [];

  async function history(edge: string): Promise<QueueHealth[]> {
    const res = await backend.api
      .get(`/api/prometheus-fleet/clusters/default/${edge}/health`)
      .query({ from: suiteStart.toISOString() });
    if (res.status !== 200) throw new Error(`GET health: ${res.status}`);
    return res.body.history;
  }

  async function rememberHistory() {
    for (const edge of EDGES) {
      const seen = seenHistory.get(edge) ?? new Map();
      for (const point of await history(edge)) {
        seen.set(point.observedAt, point.status);
      }
      seenHistory.set(edge, seen);
    }
  }

  /** Every route for every cluster; none may answer 5xx. */
  async function hitEveryRoute() {
    const paths = ['/clusters', '/problems'];
    for (const name of [rig.global.name, ...EDGES]) {
      const base = `/clusters/default/${name}`;
      paths.push(
        base,
        `${base}/values`,
        `${base}/values?format=json`,
        `${base}/health`,
      );
    }
    for (const route of paths) {
      const res = await backend.api.get(`/api/prometheus-fleet${route}`);
      apiRequests += 1;
      if (res.status >= 500) serverErrors.push(`${route}: ${res.status}`);
    }
  }

  /** The health of every edge from the first cycle that started at or after `time`. */
  async function firstCycleFrom(
    time: number,
  ): Promise<{ cycleTime: number; healths: Map<string, QueueHealth> }> {
    const cycleTime = await waitFor(
      'a cycle to start',
      async () => client.cycles().find(cycle => cycle.time >= time)?.time,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const observedAt = new Date(cycleTime).toISOString();
    const healths = new Map<string, QueueHealth>();
    for (const edge of EDGES) {
      healths.set(
        edge,
        await waitFor(
          `the cycle of ${observedAt} recorded for ${edge}`,
          async () =>
            (await history(edge)).find(p => p.observedAt === observedAt),
          { timeoutMs: 30_000, intervalMs: 200 },
        ),
      );
    }
    return { cycleTime, healths };
  }

  /** Waits for a cycle in which every listed edge passes its check. */
  async function untilCycle(
    what: string,
    checks: Record<string, (health: QueueHealth) => boolean>,
    timeoutMs = 30_000,
  ): Promise<Map<string, QueueHealth>> {
    return waitFor(
      what,
      async () => {
        const res = await backend.api.get('/api/prometheus-fleet/clusters');
        const byName = new Map<string, ClusterView>(
          res.body.items.map((c: ClusterView) => [c.name, c]),
        );
        const healths = new Map<string, QueueHealth>();
        for (const [name, check] of Object.entries(checks)) {
          const health = byName.get(name)?.health;
          if (!health || !check(health)) return undefined;
          healths.set(name, health);
        }
        return healths;
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  const everyEdge = (check: (health: QueueHealth) => boolean) =>
    Object.fromEntries(EDGES.map(edge => [edge, check]));
  const is =
    (...statuses: HealthStatus[]) =>
    (health: QueueHealth) =>
      statuses.includes(health.status);

  async function kill(server: RigServer) {
    const pid = server.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(
      `${server.name} (pid ${pid}) to exit`,
      async () => (server.pid === undefined ? true : undefined),
      { timeoutMs: 10_000, intervalMs: 50 },
    );
  }

  beforeAll(async () => {
    rig = await startRig({
      edges: EDGES,
      scrapeInterval: '1s',
      valuesOptions: { queueConfig },
    });
    proxy = await startFaultProxy(rig.global.url);
    backend = await startReliabilityBackend({
      entities: rig.entities,
      client,
      prometheusFleet: {
        queryEndpoints: [
          {
            name: RIG_QUERY_ENDPOINT,
            url: proxy.url,
            timeout: { milliseconds: QUERY_TIMEOUT_MS },
          },
        ],
        schedule: {
          frequency: { seconds: CYCLE_SECONDS },
          timeout: { seconds: 10 },
          initialDelay: { seconds: 1 },
        },
        thresholds: {
          lagWarning: '30s',
          lagCritical: '60s',
          silentAfter: `${SILENT_AFTER_SECONDS}s`,
        },
        // Retries during an outage leave the rates within 15 s.
        queries: { window: '15s', lastSeenWindow: '10m' },
        remoteWrite: { queueConfig },
      },
    });
    await untilCycle('every edge healthy', everyEdge(is('healthy')), 60_000);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
    await proxy?.close();
    await rig?.stopAll();
    if (survived.length) {
      print(
        `${survived.length} faults injected and survived, ${apiRequests} API requests during them, ${serverErrors.length} answered 5xx`,
      );
    }
  }, 60_000);

  describe.each<[string, Fault, RegExp]>([
    [
      'HTTP 500',
      { mode: 'status500' },
      /answered HTTP 500 Internal Server Error/,
    ],
    [
      'invalid JSON',
      { mode: 'invalid-json' },
      /answered with a body that is not JSON \(application\/json\)/,
    ],
    [
      'truncated responses',
      { mode: 'truncate' },
      /terminated|other side closed|not JSON/,
    ],
    [
      'a global slower than the timeout',
      { mode: 'delay', delayMs: QUERY_TIMEOUT_MS * 2 },
      new RegExp(`no answer within ${QUERY_TIMEOUT_MS / 1000} s`),
    ],
    ['refused connections', { mode: 'refuse' }, /ECONNREFUSED 127\.0\.0\.1/],
  ])('%s at the global', (name, fault, reason) => {
    it('shows every edge unknown with the reason, and recovers in the first cycle after', async () => {
      await rememberHistory();
      await proxy.set(fault);
      const injectedAt = Date.now();
      const during = await firstCycleFrom(injectedAt);
      for (const health of during.healths.values()) {
        expect(health.status).toBe('unknown');
        expect(health.reasons).toEqual([
          {
            code: 'global-unreachable',
            message: expect.stringMatching(
              new RegExp(
                `^global ${rig.global.ref} not reachable: query endpoint "${RIG_QUERY_ENDPOINT}" failed \\(.*${reason.source}.*\\); the next poll retries\\.$`,
              ),
            ),
          },
        ]);
      }
      await hitEveryRoute();

      await proxy.set({ mode: 'pass' });
      const endedAt = Date.now();
      const after = await firstCycleFrom(endedAt);
      for (const health of after.healths.values()) {
        expect([health.status, health.reasons]).toEqual(['healthy', []]);
      }
      survived.push({
        fault: name,
        state: `unknown (${during.healths
          .get(EDGES[0])!
          .reasons[0].message.replace(
            /^.*failed \((.*)\); the next.*$/,
            '$1',
          )})`,
        recoveryMs: after.cycleTime - endedAt,
      });
      print(
        `${name}: every edge unknown, "${
          survived[survived.length - 1].state
        }"; healthy again in the first cycle after, ${seconds(
          after.cycleTime - endedAt,
        )} after the fault ended`,
      );
    }, 60_000);
  });

  it('survives the global killed mid-cycle, and reads it again in the first cycle after it is back', async () => {
    await rememberHistory();
    // Hold requests at the proxy so that the kill lands inside a cycle.
    await proxy.set({ mode: 'pass', holdMs: 500 });
    const inFlight = proxy.nextRequest();
    await inFlight;
    const killedAt = Date.now();
    await kill(rig.global);
    await proxy.set({ mode: 'pass' });

    const during = await firstCycleFrom(killedAt);
    const cut = client
      .cycles()
      .filter(cycle => cycle.time < killedAt)
      .pop()!;
    const cutAt = new Date(cut.time).toISOString();
    for (const edge of EDGES) {
      const cutShort = (await history(edge)).find(p => p.observedAt === cutAt);
      expect(cutShort?.status).toBe('unknown');
    }
    for (const health of during.healths.values()) {
      expect(health.status).toBe('unknown');
      expect(health.reasons[0]).toEqual({
        code: 'global-unreachable',
        message: expect.stringMatching(/not reachable/),
      });
    }
    await hitEveryRoute();

    await rig.global.start();
    const backAt = Date.now();
    const after = await firstCycleFrom(backAt);
    for (const health of after.healths.values()) {
      // The edges retried their writes while it was down: warning is right.
      expect([health.status, health.reasons]).toEqual([
        expect.stringMatching(/^(healthy|warning)$/),
        expect.not.arrayContaining([
          expect.objectContaining({ code: 'global-unreachable' }),
        ]),
      ]);
    }
    const firstStatuses = [...after.healths.values()].map(h => h.status);
    survived.push({
      fault: 'global killed mid-cycle',
      state: 'unknown',
      recoveryMs: after.cycleTime - backAt,
    });
    print(
      `global killed (SIGKILL) mid-cycle: every edge unknown, "${
        during.healths.get(EDGES[0])!.reasons[0].message
      }"; read again in the first cycle after it was ready, ${seconds(
        after.cycleTime - backAt,
      )} after (${firstStatuses.join(', ')})`,
    );
    await untilCycle(
      'every edge healthy after the retries',
      everyEdge(is('healthy')),
      60_000,
    );
  }, 120_000);

  /** Waits until the global holds a sample the edge scraped after `time`. */
  async function edgeDataBack(edge: RigServer, time: number) {
    await waitFor(
      `${edge.name}'s samples at the global`,
      async () => {
        const [sample] = await instantQuery(
          rig.global.url,
          `max(timestamp(up{cluster="${edge.clusterLabel}"}))`,
        );
        return sample && Number(sample.value[1]) * 1000 > time
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    return Date.now();
  }

  it('shows a killed edge silent, the other healthy, and the edge healthy in the first cycle after its data is back', async () => {
    await rememberHistory();
    const [edge, other] = rig.edges;
    await kill(edge);
    const killedAt = Date.now();
    const silent = await untilCycle(
      `${edge.name} silent`,
      { [edge.name]: is('silent'), [other.name]: () => true },
      (SILENT_AFTER_SECONDS + 20) * 1000,
    );
    const detectedMs = Date.parse(silent.get(edge.name)!.observedAt) - killedAt;
    expect(silent.get(edge.name)!.reasons[0]).toEqual({
      code: 'no-sample',
      message: expect.stringMatching(/^no sample for \d+(\.\d)? s$/),
    });
    expect(silent.get(other.name)!.status).toBe('healthy');
    await hitEveryRoute();

    const restartedAt = Date.now();
    await edge.start();
    const backAt = await edgeDataBack(edge, restartedAt);
    const after = await firstCycleFrom(backAt);
    expect(after.healths.get(edge.name)!.status).not.toBe('silent');
    expect(after.healths.get(edge.name)!.status).not.toBe('unknown');
    survived.push({
      fault: 'edge killed',
      state: 'silent',
      recoveryMs: after.cycleTime - backAt,
    });
    print(
      `edge killed (SIGKILL): silent after ${seconds(
        detectedMs,
      )} (silentAfter ${SILENT_AFTER_SECONDS} s), "${
        silent.get(edge.name)!.reasons[0].message
      }", ${
        other.name
      } healthy throughout; after the restart its data was back at the global in ${seconds(
        backAt - restartedAt,
      )}, and the first cycle after, ${seconds(
        after.cycleTime - backAt,
      )} later, showed it ${after.healths.get(edge.name)!.status}`,
    );
    await untilCycle(`${edge.name} healthy`, everyEdge(is('healthy')), 60_000);
  }, 120_000);

  it('shows an edge restarted with a fresh WAL healthy again, with no false alarm', async () => {
    await rememberHistory();
    const [edge] = rig.edges;
    const stoppedAt = Date.now();
    await edge.stop();
    await fs.rm(path.join(edge.dir, 'data'), { recursive: true, force: true });
    await edge.start();
    const backAt = await edgeDataBack(edge, stoppedAt);
    await hitEveryRoute();
    const after = await firstCycleFrom(backAt);
    const healthy = await untilCycle(
      `${edge.name} healthy`,
      everyEdge(is('healthy')),
      60_000,
    );
    const since = (await history(edge.name)).filter(
      point => Date.parse(point.observedAt) >= stoppedAt,
    );
    // Counters starting again from zero are no failures.
    expect(since.map(point => point.status)).not.toContain('critical');
    expect(since.map(point => point.status)).not.toContain('unknown');
    survived.push({
      fault: 'edge restarted with a fresh WAL',
      state: after.healths.get(edge.name)!.status,
      recoveryMs: after.cycleTime - backAt,
    });
    print(
      `edge restarted with a fresh WAL: data back at the global ${seconds(
        backAt - stoppedAt,
      )} after the stop; statuses since the stop: ${[
        ...new Set(since.map(p => p.status)),
      ].join(', ')}; healthy at ${healthy.get(edge.name)!.observedAt}`,
    );
  }, 120_000);

  it('kept all the history recorded before each fault, never crashed and never answered 5xx', async () => {
    let points = 0;
    let lost = 0;
    for (const edge of EDGES) {
      const now = new Map(
        (await history(edge)).map(p => [p.observedAt, p.status]),
      );
      for (const [observedAt, status] of seenHistory.get(edge) ?? []) {
        points += 1;
        if (now.get(observedAt) !== status) lost += 1;
      }
    }
    const fleetLog = backend.logger.ofPlugin('prometheus-fleet');
    const errors = fleetLog.filter(line => line.level === 'error');
    const recoveries = survived.map(s => s.recoveryMs);

    expect(serverErrors).toEqual([]);
    expect(lost).toBe(0);
    expect(points).toBeGreaterThan(20);
    expect(errors).toEqual([]);
    expect(
      client
        .cycles()
        .every(cycle => cycle.queries === QUEUE_HEALTH_QUERY_IDS.length),
    ).toBe(true);
    print(
      `history: ${points} points recorded before the faults, ${lost} lost; ${
        errors.length
      } error lines logged; recovery after the fault ended: ${recoveries
        .map(ms => seconds(ms))
        .join(', ')} (max ${seconds(
        Math.max(...recoveries),
      )}, cycle ${CYCLE_SECONDS} s)`,
    );
  });
});
