import { QueueHealth } from 'backstage-plugin-prometheus-fleet-common';
import { waitFor } from '../rig/prometheusApi';
import { FakeGlobal, startFakeGlobal } from './__testUtils__/fakeGlobal';
import { printFigure, seconds } from './__testUtils__/figures';
import { rigCatalog } from '../rig/rigCatalog';
import { createTestDatabase, TestDatabase } from './__testUtils__/postgres';
import {
  ReliabilityBackend,
  startReliabilityBackend,
} from './__testUtils__/reliabilityBackend';
import { startTcpProxy, TcpProxy } from './__testUtils__/tcpProxy';
import {
  pollingConfig,
  RELIABILITY_CYCLE_SECONDS,
  RELIABILITY_WINDOWS,
} from './__testUtils__/pollingConfig';

/**
 * The backend on a real PostgreSQL server, through Backstage's own database
 * service and scheduler: history outlives the instance that wrote it, two
 * instances on one database poll once per cycle between them and answer the
 * same, and a database outage loses nothing written before it.
 */

const ENDPOINT = 'fake-global';
const EDGES = ['edge-1', 'edge-2', 'edge-3'];
const HISTORY = 'queue_health_history';
const TASKS = 'backstage_backend_tasks__tasks';
const POLL_TASK = 'prometheus-fleet-poll';

const print = (text: string) => printFigure('postgres', text);

describe('PostgreSQL and scale-out', () => {
  let db: TestDatabase;
  let global: FakeGlobal;
  const started: ReliabilityBackend[] = [];
  const testStart = new Date();

  const entities = () =>
    rigCatalog({
      globalName: 'global-eu',
      queryEndpoint: ENDPOINT,
      remoteWriteUrl: `${global.url}/api/v1/write`,
      edgeNames: EDGES,
    });

  /** One backend instance on the test database, its queries tagged with `instance`. */
  async function startInstance(
    instance: string,
    postgres = db.connection,
  ): Promise<ReliabilityBackend> {
    const backend = await startReliabilityBackend({
      entities: entities(),
      postgres,
      prometheusFleet: pollingConfig({
        name: ENDPOINT,
        url: global.url,
        timeout: '2s',
        headers: { 'X-Test-Instance': instance },
      }),
    });
    started.push(backend);
    return backend;
  }

  /**
   * Stops an instance between two cycles: one stopped mid-cycle would hold
   * the lock until the scheduler's janitor frees it after the task timeout,
   * which is not what these tests measure.
   */
  async function stopInstance(backend: ReliabilityBackend) {
    started.splice(started.indexOf(backend), 1);
    await betweenCycles();
    await backend.stop();
  }

  async function servedHistory(
    backend: ReliabilityBackend,
    range: { from: Date; to: Date } = { from: testStart, to: new Date() },
  ): Promise<QueueHealth[]> {
    const res = await backend.api
      .get('/api/prometheus-fleet/clusters/default/edge-1/health')
      .query({ from: range.from.toISOString(), to: range.to.toISOString() });
    if (res.status !== 200) {
      throw new Error(`GET health answered ${res.status}: ${res.text}`);
    }
    return res.body.history;
  }

  const historyIds = async (): Promise<number[]> =>
    (await db.knex(HISTORY).select('id').orderBy('id')).map(row =>
      Number(row.id),
    );

  /** Waits for a cycle to release the lock, so that nothing cuts a claim. */
  async function betweenCycles() {
    const lastEnded = async () =>
      String(
        (
          await db
            .knex(TASKS)
            .where('id', POLL_TASK)
            .select('last_run_ended_at')
        )[0]?.last_run_ended_at,
      );
    const seen = await lastEnded();
    await waitFor(
      'a cycle to end',
      async () => ((await lastEnded()) !== seen ? true : undefined),
      { timeoutMs: 20_000, intervalMs: 20 },
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    global = await startFakeGlobal({
      edges: () => EDGES,
      remoteName: 'fleet-global-eu',
      writeUrl: 'http://127.0.0.1:1/api/v1/write',
      windows: RELIABILITY_WINDOWS,
    });
  }, 60_000);

  // A failed test must not leave instances polling into the next one.
  afterEach(async () => {
    await Promise.all(started.splice(0).map(backend => backend.stop()));
  }, 60_000);

  afterAll(async () => {
    await global?.close();
    await db?.drop();
  }, 60_000);

  it('serves the history an instance wrote after it stopped, from a new instance', async () => {
    const first = await startInstance('first');
    const written = await waitFor(
      'three cycles recorded',
      async () => {
        const history = await servedHistory(first);
        return history.length >= 3 ? history : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(written.every(point => point.status === 'healthy')).toBe(true);
    await stopInstance(first);
    const rowsBefore = await historyIds();

    const second = await startInstance('second');
    const served = await servedHistory(second);
    const servedTimes = new Set(served.map(point => point.observedAt));
    const lost = written.filter(point => !servedTimes.has(point.observedAt));
    const rowsAfter = new Set(await historyIds());
    const rowsLost = rowsBefore.filter(id => !rowsAfter.has(id));

    expect(lost).toEqual([]);
    expect(rowsLost).toEqual([]);
    expect(served.slice(0, written.length)).toEqual(written);

    // The new instance goes on writing where the first stopped.
    await waitFor(
      'the new instance polling',
      async () => {
        const history = await servedHistory(second);
        return history.length > served.length ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    await stopInstance(second);
    print(
      `restart: ${rowsBefore.length} history rows before the instance stopped, ${rowsLost.length} lost; ${written.length} points of edge-1 served by the new instance as written`,
    );
  }, 90_000);

  it('polls once per cycle between two instances on one database, and both answer the same', async () => {
    const instances = await Promise.all([
      startInstance('a'),
      startInstance('b'),
    ]);
    const observeFrom = Date.now();
    const window = 12_000;
    await new Promise(resolve => setTimeout(resolve, window));

    // Group what the global received by cycle (evaluation time).
    const queries = global.queries();
    const cycles = new Map<
      number,
      { instances: string[]; from: number; to: number }
    >();
    global.requests.forEach((request, index) => {
      const { time } = queries[index];
      if (time < observeFrom) return;
      const cycle = cycles.get(time) ?? {
        instances: [],
        from: Infinity,
        to: -Infinity,
      };
      cycle.instances.push(String(request.headers['x-test-instance']));
      cycle.from = Math.min(cycle.from, request.receivedAt);
      cycle.to = Math.max(cycle.to, request.answeredAt ?? Infinity);
      cycles.set(time, cycle);
    });
    const times = [...cycles.keys()].sort((x, y) => x - y);
    const spanSeconds = (times[times.length - 1] - times[0]) / 1000;
    // A cycle starts up to one scheduler poll (one frequency) after its slot.
    const slots = Math.floor(spanSeconds / RELIABILITY_CYCLE_SECONDS) + 2;
    // Two instances polling at once would overlap: the lock is held from
    // before the first query until after the last answer.
    const overlapping = times
      .slice(1)
      .filter((time, i) => cycles.get(time)!.from < cycles.get(times[i])!.to);
    const duplicates = overlapping.length + Math.max(0, times.length - slots);
    const byInstance = (name: string) =>
      [...cycles.values()].filter(cycle => cycle.instances[0] === name).length;

    for (const { instances: senders } of cycles.values()) {
      // Six queries a cycle, all from the one instance holding the lock.
      expect(senders).toHaveLength(6);
      expect(new Set(senders).size).toBe(1);
    }
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(duplicates).toBe(0);

    // Same answers: a range that lies in the past is the same everywhere, and
    // the latest health is once a read of one instance is bracketed by two
    // equal reads of the other.
    const range = { from: testStart, to: new Date(Date.now() - 1000) };
    const [historyA, historyB] = await Promise.all(
      instances.map(instance => servedHistory(instance, range)),
    );
    expect(historyB).toEqual(historyA);
    expect(historyA.length).toBeGreaterThan(5);
    const clusters = (instance: ReliabilityBackend) =>
      instance.api.get('/api/prometheus-fleet/clusters').then(res => res.body);
    const [before, fromB, after] = await waitFor(
      'a read of b between two equal reads of a',
      async () => {
        const reads = [
          await clusters(instances[0]),
          await clusters(instances[1]),
          await clusters(instances[0]),
        ];
        return JSON.stringify(reads[0]) === JSON.stringify(reads[2])
          ? reads
          : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 50 },
    );
    expect(fromB).toEqual(before);
    expect(after.items.filter((c: any) => c.health)).toHaveLength(EDGES.length);

    // Whichever instance stops, the other takes the cycles over.
    const [a, b] = instances;
    const busy = byInstance('a') >= byInstance('b') ? a : b;
    const other = busy === a ? 'b' : 'a';
    await stopInstance(busy);
    const stoppedAt = Date.now();
    const takenOverAt = await waitFor(
      `instance ${other} polling alone`,
      async () =>
        global
          .queries()
          .map((query, index) => ({
            ...query,
            instance: global.requests[index].headers['x-test-instance'],
          }))
          .find(q => q.time > stoppedAt && q.instance === other)?.time,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    await stopInstance(busy === a ? b : a);
    print(
      `two instances: ${times.length} cycles in ${spanSeconds.toFixed(
        1,
      )} s at one per ${RELIABILITY_CYCLE_SECONDS} s (at most ${slots} with the scheduler's jitter), none overlapping another, ${duplicates} duplicate polls; instance a ran ${byInstance(
        'a',
      )}, b ${byInstance(
        'b',
      )}; both served the same clusters and history; after ${
        busy === a ? 'a' : 'b'
      } stopped, ${other} polled within ${seconds(takenOverAt - stoppedAt)}`,
    );
  }, 90_000);

  describe('when the database goes away', () => {
    let proxy: TcpProxy;

    beforeAll(async () => {
      proxy = await startTcpProxy({
        host: String(db.connection.host),
        port: Number(db.connection.port),
      });
    });
    afterAll(() => proxy?.close());

    it('keeps what was written before, and resumes writing once it is back', async () => {
      // knex reports each failed connection attempt on the console.
      const knexNoise = /^(Acquire connection error|Connection Error)/;
      const consoleLog = console.log;
      jest.spyOn(console, 'log').mockImplementation((...args) => {
        if (!knexNoise.test(String(args[0]))) consoleLog(...args);
      });
      const backend = await startInstance('behind-proxy', {
        ...db.connection,
        host: '127.0.0.1',
        port: proxy.port,
      });
      const rowsAtStart = (await historyIds()).length;
      await waitFor(
        'cycles written through the proxy',
        async () =>
          (await historyIds()).length >= rowsAtStart + 3 * EDGES.length
            ? true
            : undefined,
        { timeoutMs: 30_000, intervalMs: 250 },
      );

      await betweenCycles();
      await proxy.cut();
      const cutAt = Date.now();
      const rowsBefore = await historyIds();
      const statusesDuringOutage: number[] = [];
      const valuesDuringOutage: number[] = [];
      while (Date.now() - cutAt < 6_000) {
        const [clusters, values] = await Promise.all([
          backend.api.get('/api/prometheus-fleet/clusters'),
          backend.api.get(
            '/api/prometheus-fleet/clusters/default/edge-1/values',
          ),
        ]);
        statusesDuringOutage.push(clusters.status);
        valuesDuringOutage.push(values.status);
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      // Nothing can be written while it is away; values need no database.
      expect((await historyIds()).length).toBe(rowsBefore.length);
      expect(new Set(valuesDuringOutage)).toEqual(new Set([200]));

      await proxy.restore();
      const restoredAt = Date.now();
      const resumedAt = await waitFor(
        'a cycle written after the database came back',
        async () => {
          const [row] = await db
            .knex(HISTORY)
            .where('observed_at', '>', restoredAt)
            .min('observed_at as first');
          return row?.first ? Number(row.first) : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      const rowsAfter = new Set(await historyIds());
      const rowsLost = rowsBefore.filter(id => !rowsAfter.has(id));
      const res = await backend.api.get('/api/prometheus-fleet/clusters');

      expect(rowsLost).toEqual([]);
      expect(res.status).toBe(200);
      const fleetLog = backend.logger.ofPlugin('prometheus-fleet');
      print(
        `database outage of ${seconds(restoredAt - cutAt)}: ${
          rowsBefore.length
        } history rows before it, ${
          rowsLost.length
        } lost; writing resumed ${seconds(
          resumedAt - restoredAt,
        )} after it came back; GET /clusters during it answered ${[
          ...new Set(statusesDuringOutage),
        ].join(', ')} (health is in the database), GET values 200; ${
          fleetLog.filter(line => line.level === 'error').length
        } error lines logged, one per failed request`,
      );
      await stopInstance(backend);
      jest.restoreAllMocks();
    }, 120_000);
  });
});
