import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  Fleet,
  FleetCluster,
  HealthStatus,
  QueueHealth,
} from 'backstage-plugin-prometheus-fleet-common';
import { Knex } from 'knex';
import { DatabaseHealthStore } from '../store/DatabaseHealthStore';
import { EdgeStateNotifier } from './EdgeStateNotifier';
import { NotificationStateStore } from './NotificationStateStore';

// CI provides PostgreSQL 15; locally: eval "$(scripts/start-postgres.sh)".
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'],
});

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const EDGE: FleetCluster = {
  ref: 'resource:default/edge-eu-1',
  namespace: 'default',
  name: 'edge-eu-1',
  title: 'Edge EU 1',
  role: 'edge',
  global: 'resource:default/global-eu',
  clusterLabel: 'eu-1',
  owner: 'group:default/platform-team',
  problems: [],
};
const FLEET = { clusters: [EDGE] } as unknown as Fleet;

function health(status: HealthStatus): QueueHealth {
  return {
    status,
    reasons:
      status === 'silent'
        ? [{ code: 'no-sample', message: 'no sample from eu-1 for 6 min' }]
        : [],
    lagSeconds: null,
    shards: { current: null, desired: null, max: null },
    pendingSamples: null,
    failedRate: null,
    retriedRate: null,
    droppedRate: null,
    lastSeen: null,
    observedAt: new Date(T0).toISOString(),
  };
}

async function migrated(knex: Knex) {
  await DatabaseHealthStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  return new NotificationStateStore(knex);
}

function notifierOn(
  store: NotificationStateStore,
  send: jest.Mock = jest.fn().mockResolvedValue(undefined),
) {
  const notifier = new EdgeStateNotifier({
    store,
    notifications: { send },
    logger: mockServices.logger.mock(),
    rules: { statuses: ['critical', 'silent'], minDurationMs: 60_000 },
  });
  return { notifier, send };
}

/** One recorded cycle of the edge in `status`, `i` cycles of 30 s after T0. */
function cycle(i: number, status: HealthStatus) {
  return {
    fleet: FLEET,
    observedAt: new Date(T0 + i * 30_000),
    healths: [{ ref: EDGE.ref, health: health(status) }],
  };
}

function sent(send: jest.Mock): NotificationSendOptions[] {
  return send.mock.calls.map(([options]) => options);
}

describe.each(databases.eachSupportedId())(
  'EdgeStateNotifier on %s',
  (id: TestDatabaseId) => {
    it('tells the owner once when an edge goes silent, with what changed, why and a link, and once when it recovers', async () => {
      const { notifier, send } = notifierOn(
        await migrated(await databases.init(id)),
      );
      const statuses: HealthStatus[] = [
        'healthy',
        'silent',
        'silent',
        'silent',
        'silent',
        'healthy',
        'healthy',
        'healthy',
      ];
      for (const [i, status] of statuses.entries()) {
        await notifier.cycleRecorded(cycle(i, status));
      }

      expect(sent(send)).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: 'group:default/platform-team',
          },
          payload: {
            title: 'Edge EU 1 is silent',
            description:
              'no sample from eu-1 for 6 min (resource:default/edge-eu-1, cluster="eu-1", writing to resource:default/global-eu)',
            link: '/catalog/default/resource/edge-eu-1/monitoring',
            severity: 'critical',
            topic: 'prometheus-fleet',
          },
        },
        expect.objectContaining({
          payload: expect.objectContaining({
            title: 'Edge EU 1 recovered: healthy, no longer silent',
            severity: 'normal',
          }),
        }),
      ]);
    });

    it('does not tell a flapping edge before it stays in its new state for the minimum time', async () => {
      const { notifier, send } = notifierOn(
        await migrated(await databases.init(id)),
      );
      for (const [i, status] of (
        ['healthy', 'critical', 'healthy', 'critical', 'healthy'] as const
      ).entries()) {
        await notifier.cycleRecorded(cycle(i, status));
      }
      expect(send).not.toHaveBeenCalled();
    });

    it('does not tell again after a restart', async () => {
      const knex = await databases.init(id);
      const first = notifierOn(await migrated(knex));
      for (const [i, status] of (
        ['healthy', 'critical', 'critical', 'critical'] as const
      ).entries()) {
        await first.notifier.cycleRecorded(cycle(i, status));
      }
      expect(first.send).toHaveBeenCalledTimes(1);

      const restarted = notifierOn(await migrated(knex));
      await restarted.notifier.cycleRecorded(cycle(4, 'critical'));
      await restarted.notifier.cycleRecorded(cycle(5, 'critical'));
      expect(restarted.send).not.toHaveBeenCalled();
    });

    it('sends once when two instances see the same cycle at once', async () => {
      const knex = await databases.init(id);
      const one = notifierOn(await migrated(knex));
      const two = notifierOn(new NotificationStateStore(knex));
      for (const [i, status] of (
        ['healthy', 'silent', 'silent'] as const
      ).entries()) {
        await one.notifier.cycleRecorded(cycle(i, status));
      }
      await Promise.all([
        one.notifier.cycleRecorded(cycle(3, 'silent')),
        two.notifier.cycleRecorded(cycle(3, 'silent')),
      ]);
      expect(one.send.mock.calls.length + two.send.mock.calls.length).toBe(1);
    });

    it('tries again after the next cycle when sending fails, and loses nothing', async () => {
      const send = jest
        .fn()
        .mockRejectedValueOnce(new Error('notifications backend down'))
        .mockResolvedValue(undefined);
      const { notifier } = notifierOn(
        await migrated(await databases.init(id)),
        send,
      );
      for (const [i, status] of (
        ['healthy', 'critical', 'critical', 'critical', 'critical'] as const
      ).entries()) {
        await notifier.cycleRecorded(cycle(i, status));
      }
      expect(send).toHaveBeenCalledTimes(2);
      expect(sent(send)[1].payload.title).toBe('Edge EU 1 is critical');
      await notifier.cycleRecorded(cycle(5, 'critical'));
      expect(send).toHaveBeenCalledTimes(2);
    });
  },
);
