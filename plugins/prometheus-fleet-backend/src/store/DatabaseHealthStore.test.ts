import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  HealthStatus,
  QueueHealth,
  unknownHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { Knex } from 'knex';
import path from 'node:path';
import { DatabaseHealthStore } from './DatabaseHealthStore';

const MIGRATIONS = path.resolve(__dirname, '../../migrations');

jest.setTimeout(60_000);

// CI provides PostgreSQL 15; locally: eval "$(scripts/start-postgres.sh)".
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const EDGE = 'resource:default/edge-eu-1';
const OTHER = 'resource:default/edge-eu-2';

function health(status: HealthStatus, at: number, lag = 1): QueueHealth {
  return {
    ...unknownHealth({ code: 'global-unreachable', message: 'x' }, at),
    status,
    reasons:
      status === 'healthy'
        ? []
        : [{ code: 'lag-over-warning', message: `${status} at ${at}` }],
    lagSeconds: lag,
  };
}

async function storeOn(knex: Knex) {
  return DatabaseHealthStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
}

/** Records one cycle per entry, every 30 s from T0. */
async function recordCycles(
  store: DatabaseHealthStore,
  statuses: HealthStatus[],
  ref = EDGE,
) {
  for (const [i, status] of statuses.entries()) {
    const at = T0 + i * 30_000;
    await store.recordCycle({
      observedAt: new Date(at),
      healths: [{ ref, health: health(status, at, i) }],
      problems: [],
    });
  }
}

describe.each(databases.eachSupportedId())('DatabaseHealthStore on %s', id => {
  let knex: Knex;
  let store: DatabaseHealthStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    store = await storeOn(knex);
  });

  it('keeps one history row per edge per cycle and the latest health per edge', async () => {
    const edges = Array.from(
      { length: 400 },
      (_, i) => `resource:default/edge-${i}`,
    );
    for (const [cycle, status] of (['healthy', 'warning'] as const).entries()) {
      const at = T0 + cycle * 30_000;
      await store.recordCycle({
        observedAt: new Date(at),
        healths: edges.map(ref => ({ ref, health: health(status, at) })),
        problems: [],
      });
    }

    // 400 edges need several insert chunks.
    const [{ n }] = await knex('queue_health_history').count({ n: '*' });
    expect(Number(n)).toBe(800);

    const latest = await store.latest([
      edges[0],
      edges[399],
      'resource:x/none',
    ]);
    expect([...latest.keys()]).toEqual(
      expect.arrayContaining([edges[0], edges[399]]),
    );
    expect(latest.size).toBe(2);
    expect(latest.get(edges[399])).toEqual(health('warning', T0 + 30_000));
  });

  it('returns the history of one edge within the range, oldest first, with the full health', async () => {
    await recordCycles(store, ['healthy', 'warning', 'critical', 'healthy']);
    await recordCycles(store, ['silent', 'silent'], OTHER);

    const history = await store.history(EDGE, {
      from: new Date(T0 + 30_000),
      to: new Date(T0 + 60_000),
      maxPoints: 100,
    });

    expect(history).toEqual({
      points: [
        health('warning', T0 + 30_000, 1),
        health('critical', T0 + 60_000, 2),
      ],
      totalPoints: 2,
      downsampled: false,
    });
  });

  it('downsamples a long range to the cap, keeping the worst point of each bucket', async () => {
    const statuses: HealthStatus[] = Array.from({ length: 40 }, (_, i) =>
      i === 13 ? 'critical' : 'healthy',
    );
    await recordCycles(store, statuses);

    const history = await store.history(EDGE, {
      from: new Date(T0),
      to: new Date(T0 + 40 * 30_000),
      maxPoints: 10,
    });

    expect(history.totalPoints).toBe(40);
    expect(history.downsampled).toBe(true);
    expect(history.points).toHaveLength(10);
    expect(history.points.map(p => p.status)).toContain('critical');
    const times = history.points.map(p => Date.parse(p.observedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('replaces the observed problems with each cycle', async () => {
    const problem = (ref: string) => ({
      ref,
      code: 'orphan-cluster' as const,
      message: `orphan at ${ref}`,
      severity: 'warning' as const,
    });
    await store.recordCycle({
      observedAt: new Date(T0),
      healths: [],
      problems: [problem('resource:default/a'), problem('resource:default/b')],
    });
    expect(await store.observedProblems()).toEqual([
      problem('resource:default/a'),
      problem('resource:default/b'),
    ]);

    await store.recordCycle({
      observedAt: new Date(T0 + 30_000),
      healths: [],
      problems: [problem('resource:default/c')],
    });
    expect(await store.observedProblems()).toEqual([
      problem('resource:default/c'),
    ]);
  });

  it('keeps whether each global runs the rules, as the last cycle that could tell saw it', async () => {
    const EU = 'resource:default/global-eu';
    const US = 'resource:default/global-us';
    const cycle = (at: number, globalRules: { ref: string; state: any }[]) =>
      store.recordCycle({
        observedAt: new Date(at),
        healths: [],
        problems: [],
        globalRules,
      });
    await cycle(T0, [
      { ref: EU, state: 'absent' },
      { ref: US, state: 'running' },
    ]);
    // US's endpoint could not tell this time: what was seen before stands.
    await cycle(T0 + 30_000, [{ ref: EU, state: 'running' }]);

    expect(await store.globalRules([EU, US, 'resource:default/other'])).toEqual(
      new Map([
        [
          EU,
          { state: 'running', observedAt: new Date(T0 + 30_000).toISOString() },
        ],
        [US, { state: 'running', observedAt: new Date(T0).toISOString() }],
      ]),
    );
  });

  it('deletes history older than the retention, and the latest health of edges not polled since', async () => {
    await recordCycles(store, ['healthy', 'warning', 'critical']);
    await recordCycles(store, ['silent'], OTHER);

    const deleted = await store.deleteOlderThan(new Date(T0 + 60_000));

    // Two history rows of EDGE, one of OTHER, and OTHER's latest.
    expect(deleted).toBe(4);
    const history = await store.history(EDGE, {
      from: new Date(T0 - 3600_000),
      to: new Date(T0 + 3600_000),
      maxPoints: 100,
    });
    expect(history.points.map(p => p.status)).toEqual(['critical']);
    const latest = await store.latest([EDGE, OTHER]);
    expect([...latest.keys()]).toEqual([EDGE]);
  });

  it('changes the latest revision with every change of the latest health, and only then', async () => {
    const empty = await store.latestRevision();
    await recordCycles(store, ['healthy']);
    const afterOne = await store.latestRevision();
    expect(await store.latestRevision()).toBe(afterOne);

    // An instance whose clock is behind records an older time: still a change.
    await store.recordCycle({
      observedAt: new Date(T0 - 30_000),
      healths: [{ ref: EDGE, health: health('warning', T0 - 30_000) }],
      problems: [],
    });
    const afterOlder = await store.latestRevision();
    await recordCycles(store, ['silent'], OTHER);
    const afterOther = await store.latestRevision();
    // Leaves one edge observed at T0, as after the first cycle: another edge, though.
    await store.deleteOlderThan(new Date(T0 - 1));
    const afterDeletion = await store.latestRevision();
    await store.deleteOlderThan(new Date(T0 - 1));

    expect(
      new Set([empty, afterOne, afterOlder, afterOther, afterDeletion]).size,
    ).toBe(5);
    expect(await store.latestRevision()).toBe(afterDeletion);
  });

  it('reads health recorded before reasons had codes, its reasons unrecorded', async () => {
    // As the version before wrote them, and an instance of it still may
    // during a rolling upgrade.
    const { reasons: _, ...numbers } = health('silent', T0);
    const legacy = JSON.stringify({
      ...numbers,
      reasons: ['no sample for 6 min', 'last reported: lag 90 s over 60 s'],
    });
    const row = { cluster_ref: EDGE, observed_at: T0, status: 'silent' };
    await knex('queue_health_history').insert({ ...row, health: legacy });
    await knex('queue_health_latest').insert({ ...row, health: legacy });
    const expected = {
      ...health('silent', T0),
      reasons: [
        { code: 'unrecorded', message: 'no sample for 6 min' },
        {
          code: 'unrecorded',
          message: 'last reported: lag 90 s over 60 s',
        },
      ],
    };

    expect((await store.latest([EDGE])).get(EDGE)).toEqual(expected);
    const history = await store.history(EDGE, {
      from: new Date(T0),
      to: new Date(T0),
      maxPoints: 100,
    });
    expect(history.points).toEqual([expected]);

    // The next cycle's health replaces it, codes and all.
    await recordCycles(store, ['warning']);
    expect((await store.latest([EDGE])).get(EDGE)).toEqual(
      health('warning', T0, 0),
    );
  });

  describe("the edges' onboarding", () => {
    const NEW = 'resource:default/edge-new';
    const at = (offset: number) => new Date(T0 + offset);
    const cycle = (
      target: DatabaseHealthStore,
      offset: number,
      onboarding: { seen: string[]; reported: string[] },
    ) =>
      target.recordCycle({
        observedAt: at(offset),
        healths: [],
        problems: [],
        onboarding,
      });

    it('records when each edge was first seen and first reported, once, whichever instance records', async () => {
      await cycle(store, 0, { seen: [EDGE, OTHER], reported: [OTHER] });
      expect(await store.onboarding([EDGE, OTHER, NEW])).toEqual(
        new Map([
          [EDGE, { firstSeenAt: at(0), firstReportedAt: null }],
          [OTHER, { firstSeenAt: at(0), firstReportedAt: at(0) }],
        ]),
      );

      // Another instance, or this one after a restart, that read before the
      // first recorded: neither first sighting nor first report moves.
      const other = await storeOn(knex);
      await cycle(other, 30_000, {
        seen: [EDGE, OTHER, NEW],
        reported: [OTHER],
      });
      await cycle(other, 60_000, { seen: [], reported: [EDGE] });
      await cycle(store, 90_000, { seen: [], reported: [EDGE, NEW] });

      expect(await store.onboarding([EDGE, OTHER, NEW])).toEqual(
        new Map([
          [EDGE, { firstSeenAt: at(0), firstReportedAt: at(60_000) }],
          [OTHER, { firstSeenAt: at(0), firstReportedAt: at(0) }],
          [NEW, { firstSeenAt: at(30_000), firstReportedAt: at(90_000) }],
        ]),
      );
    });

    it('reads the facts of many edges', async () => {
      const edges = Array.from(
        { length: 1200 },
        (_, i) => `resource:default/edge-${i}`,
      );
      await cycle(store, 0, { seen: edges, reported: edges.slice(0, 400) });

      const facts = await store.onboarding(edges);
      expect(facts.size).toBe(1200);
      expect(facts.get(edges[399])?.firstReportedAt).toEqual(at(0));
      expect(facts.get(edges[400])?.firstReportedAt).toBeNull();
    });

    it('forgets an edge once it has been gone from the fleet for the retention, and only then', async () => {
      await cycle(store, 0, { seen: [EDGE, OTHER], reported: [] });
      // EDGE stays in the fleet: a latest health every cycle; OTHER is gone.
      await recordCycles(store, ['healthy', 'healthy', 'healthy']);

      await store.deleteOlderThan(at(-1));
      expect([...(await store.onboarding([EDGE, OTHER])).keys()]).toEqual([
        EDGE,
        OTHER,
      ]);
      await store.deleteOlderThan(at(60_000));
      expect([...(await store.onboarding([EDGE, OTHER])).keys()]).toEqual([
        EDGE,
      ]);
    });

    it('takes the edges polled before it existed as seen at their oldest history row, reported when their latest health has a last sample', async () => {
      const fresh = await databases.init(id);
      // The migrations before this table, then the health they recorded.
      for (let i = 0; i < 3; i++) {
        await fresh.migrate.up({ directory: MIGRATIONS });
      }
      const row = (
        ref: string,
        observedAt: number,
        lastSeen: string | null,
      ) => ({
        cluster_ref: ref,
        observed_at: observedAt,
        status: 'healthy',
        health: JSON.stringify({ ...health('healthy', observedAt), lastSeen }),
      });
      await fresh('queue_health_history').insert([
        row(EDGE, T0 - 86_400_000, null),
        row(EDGE, T0, '2026-01-10T11:59:58.000Z'),
        row(OTHER, T0, null),
      ]);
      await fresh('queue_health_latest').insert([
        row(EDGE, T0, '2026-01-10T11:59:58.000Z'),
        row(OTHER, T0, null),
        { ...row(NEW, T0, null), health: 'not json' },
      ]);

      const upgraded = await storeOn(fresh);

      expect(await upgraded.onboarding([EDGE, OTHER, NEW])).toEqual(
        new Map([
          [
            EDGE,
            {
              firstSeenAt: at(-86_400_000),
              firstReportedAt: new Date('2026-01-10T11:59:58.000Z'),
            },
          ],
          [OTHER, { firstSeenAt: at(0), firstReportedAt: null }],
          // No history row: seen at its latest health.
          [NEW, { firstSeenAt: at(0), firstReportedAt: null }],
        ]),
      );
    });
  });

  it('runs its migrations once, and not at all when told to skip them', async () => {
    await storeOn(knex);
    const skipped = await databases.init(id);
    await DatabaseHealthStore.create({
      database: mockServices.database({
        knex: skipped,
        migrations: { skip: true },
      }),
    });
    expect(await skipped.schema.hasTable('queue_health_history')).toBe(false);
    expect(await knex.schema.hasTable('queue_health_history')).toBe(true);
  });
});
